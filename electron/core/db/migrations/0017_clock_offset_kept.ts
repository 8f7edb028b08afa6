import type { Migration } from '../migration';

/**
 * The municipality's clock minus the PC's as the counter knew it when it recorded a sale
 * (`transactions.clock_offset_ms`) or an entry of its status history (`status_history.clock_offset_ms`):
 * what dates them by the municipality's clock on the receipt and the Tracking screen for good. Dated
 * with the offset known at the time of reading, a sale made while the PC's clock was right moved by
 * any later correction (someone setting the clock 3 hours ahead showed it 3 hours early).
 *
 * Additive: rows recorded before this migration keep NULL and are dated as before, with the offset
 * known when they are read.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'clock_offset_kept',
  up(db) {
    db.exec(`
      ALTER TABLE transactions ADD COLUMN clock_offset_ms INTEGER;
      ALTER TABLE status_history ADD COLUMN clock_offset_ms INTEGER;
    `);
  },
};
