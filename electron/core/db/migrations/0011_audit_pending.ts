import type { Migration } from '../migration';

/**
 * The push sends the audit trail's pending stretches ahead of the sales queued before them (see
 * `nextBatch` in sync/push.ts), so it asks for them on their own at every batch. The outbox's
 * pending index is in outbox order, where a backlog's stretches come last, behind every sale.
 * Partial: only pending stretches are indexed, so a save (a transaction's row) writes nothing more,
 * and a stretch leaves the index when it is delivered.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'audit_pending',
  up(db) {
    db.exec(
      `CREATE INDEX outbox_audit_pending ON outbox (seq) WHERE kind = 'audit_batch' AND state = 'pending'`,
    );
  },
};
