import type { Migration } from '../migration';

/**
 * When a recorded receipt copy turned out not to be printed at all (`receipt_prints.cancelled_at`):
 * the operator closed the print dialog, or the PDF's save dialog, so nothing reached the printer
 * or a file. Such a copy is marked, never deleted, and no longer counts: the next print is the same
 * copy number again, not a duplicate (transactions/receipts.ts).
 *
 * Additive: every copy recorded before this migration stays counted (NULL).
 */
export const migration0016: Migration = {
  version: 16,
  name: 'receipt_print_cancelled',
  up(db) {
    db.exec('ALTER TABLE receipt_prints ADD COLUMN cancelled_at INTEGER');
  },
};
