import { tehranWallTime } from '../../../../shared/jalali';
import { businessDateAfter } from '../../../../shared/reconciliation';
import type { Migration } from '../migration';

/**
 * The business date a void was made on: the day whose drawer paid its refund. A void of a sale
 * whose day had already closed (a late void) is taken by the close of that day, and only by it.
 * Until now it was taken by whichever day closed next, so the belated close of an earlier,
 * forgotten day took today's refund, and two open days both counted it.
 *
 * A void recorded from the municipality's feed (sync/pull.ts) carries no date: it counts on the
 * business date being worked when it is read (see `pendingLateVoids`).
 *
 * Existing voids get the date the counter would have given them then: the Tehran date of their
 * time, or the day after the last day closed before them (by void id, as `voids_through` counts).
 * The column is filled once, here; voids are never changed afterwards.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'void_business_date',
  up(db) {
    db.exec(`
      ALTER TABLE voids ADD COLUMN business_date TEXT
        CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
      CREATE INDEX voids_business_date ON voids (business_date);
      DROP TRIGGER voids_no_update;
    `);
    const voids = db
      .prepare(
        `SELECT v.id, v.at, (SELECT max(d.business_date) FROM business_days d
                              WHERE d.state = 'closed' AND d.voids_through < v.id) AS lastClosed
           FROM voids v ORDER BY v.id`,
      )
      .all() as { id: number; at: number; lastClosed: string | null }[];
    const fill = db.prepare('UPDATE voids SET business_date = ? WHERE id = ?');
    for (const v of voids) fill.run(businessDateAfter(tehranWallTime(v.at).isoDate, v.lastClosed), v.id);
    db.exec(`
      CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids
        BEGIN SELECT RAISE(ABORT, 'voids are never changed'); END;
    `);
  },
};
