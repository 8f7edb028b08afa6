import type { Migration } from '../migration';

/**
 * The trigram index of the list's filter (0007) was filled by a trigger, one transaction a save:
 * each save's commit then wrote a segment of the index of its own, the largest part of a save's
 * writes. Saves now fill it in batches (`transactions/text-index.ts`), and this table holds how far
 * it goes: every transaction up to `indexed_through`, none after it. The list's filter reads the
 * transactions after it directly. Until now the trigger indexed every transaction, so the mark
 * starts at the newest.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'text_index_batches',
  up(db) {
    db.exec(`
      DROP TRIGGER transactions_text_insert;
      CREATE TABLE transaction_text_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_through INTEGER NOT NULL CHECK (indexed_through >= 0)
      ) STRICT;
      INSERT INTO transaction_text_state (id, indexed_through)
        SELECT 1, coalesce(max(sequence), 0) FROM transactions;
      CREATE TRIGGER transaction_text_state_no_delete BEFORE DELETE ON transaction_text_state
        BEGIN SELECT RAISE(ABORT, 'the text index mark is never deleted'); END;
      CREATE TRIGGER transaction_text_state_forward BEFORE UPDATE ON transaction_text_state
        WHEN NEW.id != OLD.id OR NEW.indexed_through < OLD.indexed_through
        BEGIN SELECT RAISE(ABORT, 'the text index mark only moves forward'); END;
    `);
  },
};
