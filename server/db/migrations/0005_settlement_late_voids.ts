import type { Migration } from '../migration';

/**
 * Each refund of an earlier day's sale (a late void) belongs to one settlement: the close of the day
 * whose drawer paid it. A terminal restored from a backup older than such a close no longer holds
 * that close; the municipality's feed brings the void back, and the next close there would count
 * the same refund again. The server keeps which settlement took each late void and refuses a second
 * (`late_void_already_settled`), so the municipality never holds one refund twice. Settlements
 * stored before this step fill it from their bodies (the first settlement to list a void keeps it).
 */
export const migration0005: Migration = {
  version: 5,
  name: 'settlement_late_voids',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE settlement_late_voids (
        transaction_id uuid PRIMARY KEY,
        item_id uuid NOT NULL REFERENCES day_settlements (item_id),
        terminal_id uuid NOT NULL REFERENCES terminals (id)
      );
      CREATE INDEX settlement_late_voids_item ON settlement_late_voids (item_id);

      INSERT INTO settlement_late_voids (transaction_id, item_id, terminal_id)
        SELECT DISTINCT ON (v.id) v.id, s.item_id, s.terminal_id
          FROM day_settlements s
          JOIN items i ON i.id = s.item_id
          CROSS JOIN LATERAL (SELECT value::uuid AS id FROM jsonb_array_elements_text(i.body -> 'lateVoids')) v
         ORDER BY v.id, i.seq;
    `);
  },
};
