import { searchableTextBefore0015 as searchableText } from '../../transactions/text-index';
import type { Migration } from '../migration';

/**
 * The list's filter by name: every word must appear inside the citizen's first or last name or the
 * service's name. Without an index that is a scan of every transaction, newest first, until enough
 * match: instant for a name many rows have, but a name no row has read the whole table on every
 * keystroke (~100 ms per 100,000 transactions, measured by the benchmark), with the counter's calls
 * waiting behind it.
 *
 * A trigram index over those four texts answers "which transactions hold every three letters of
 * this word", newest first (its rowid is the transaction's sequence), for any word of three letters
 * or more; its vocabulary answers for shorter words (see the list). The list checks each candidate
 * with LIKE, so what matches is exactly what matched before. Small: contentless (the texts are in
 * `transactions` already) and without positions (detail none: 4.9 MB per 100,000 transactions, a
 * third of what positions cost). A trigger filled it, so no way of inserting a transaction could
 * leave it behind (0010 has saves fill it in batches instead); names and services are never
 * updated, and transactions are never deleted.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'transaction_text',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE transactions_text USING fts5(
        text, content = '', columnsize = 0, tokenize = 'trigram', detail = 'none'
      );
      CREATE TRIGGER transactions_text_insert AFTER INSERT ON transactions BEGIN
        INSERT INTO transactions_text (rowid, text) VALUES (new.sequence, ${searchableText('new')});
      END;
      INSERT INTO transactions_text (rowid, text) SELECT sequence, ${searchableText('transactions')} FROM transactions;
      CREATE VIRTUAL TABLE transactions_text_terms USING fts5vocab(transactions_text, 'row');
    `);
  },
};
