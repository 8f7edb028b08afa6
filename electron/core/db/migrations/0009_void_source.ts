import type { Migration } from '../migration';

/**
 * A void the counter no longer holds can come back from the municipality's feed: a database
 * restored from a backup taken before the void lacks it, and the feed, read again from the
 * backup's cursor, says the transaction was voided. Set as a bare status, that void moved a closed
 * day's sale out of its signed figures and booked its refund nowhere. Recorded as a void, the
 * late-void rules keep the closed day as it was signed and book the refund on the day whose close
 * takes it.
 *
 * The feed names the approving manager (by username) and the reason; it does not name who asked,
 * and the approver may not be a user of the restored database. So a void the feed brought back
 * has `source = 'municipality'`, the approver as the municipality recorded them, and its users
 * only where they are known here. A void made at this counter still names both of its users.
 * Voids are never changed, as they were never deleted. A database in which the earlier version
 * already set such a bare status gets its void recorded here, from the feed's status history row.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'void_source',
  up(db) {
    db.exec(`
      CREATE TABLE voids_next (
        id INTEGER PRIMARY KEY,
        transaction_id TEXT NOT NULL REFERENCES transactions (id),
        kind TEXT NOT NULL CHECK (kind IN ('void', 'cancellation_request')),
        reason TEXT NOT NULL,
        requested_by INTEGER REFERENCES users (id),
        approved_by INTEGER REFERENCES users (id),
        at INTEGER NOT NULL,
        source TEXT NOT NULL DEFAULT 'counter' CHECK (source IN ('counter', 'municipality')),
        -- The approver's username as the municipality's feed gave it (a void it brought back).
        recorded_approver TEXT,
        CHECK (source = 'municipality' OR (requested_by IS NOT NULL AND approved_by IS NOT NULL
          AND recorded_approver IS NULL))
      ) STRICT;
      -- Ids are kept: a close's voids_through is a void id.
      INSERT INTO voids_next (id, transaction_id, kind, reason, requested_by, approved_by, at)
        SELECT id, transaction_id, kind, reason, requested_by, approved_by, at FROM voids ORDER BY id;
      DROP TABLE voids;
      ALTER TABLE voids_next RENAME TO voids;
      CREATE UNIQUE INDEX voids_transaction_unique ON voids (transaction_id);
      CREATE INDEX voids_at ON voids (at);
      CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids
        BEGIN SELECT RAISE(ABORT, 'voids are never deleted'); END;
      CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids
        BEGIN SELECT RAISE(ABORT, 'voids are never changed'); END;

      -- A database where the earlier version already set such a bare status from the feed: the
      -- void is recorded now, from the status history row the feed wrote (no approver known).
      INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at, source, recorded_approver)
        SELECT h.transaction_id, iif(h.status = 'voided', 'void', 'cancellation_request'), coalesce(h.reason, ''),
               NULL, NULL, h.at, 'municipality', NULL
          FROM status_history h
         WHERE h.source = 'municipality' AND h.status IN ('voided', 'cancellation_requested')
           AND h.id = (SELECT max(x.id) FROM status_history x
                        WHERE x.transaction_id = h.transaction_id AND x.status = h.status AND x.source = 'municipality')
           AND (SELECT t.status FROM transactions t WHERE t.id = h.transaction_id) = h.status
           AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.transaction_id = h.transaction_id)
           -- Not when the sale's day closed after the feed set the status (by the trail's order, not
           -- the PC's clock): that close already left the sale out, and a void recorded now would be
           -- taken again by the next close as a late one.
           AND NOT EXISTS (
             SELECT 1 FROM business_days d
              WHERE d.state = 'closed'
                AND d.business_date = (SELECT t.business_date FROM transactions t WHERE t.id = h.transaction_id)
                AND (SELECT max(c.seq) FROM audit_log c WHERE c.action = 'day_closed' AND c.entity_id = d.id)
                  > coalesce((SELECT max(f.seq) FROM audit_log f
                               WHERE f.action = 'status_changed_by_municipality' AND f.entity_id = h.transaction_id), 0))
         ORDER BY h.id;
    `);
  },
};
