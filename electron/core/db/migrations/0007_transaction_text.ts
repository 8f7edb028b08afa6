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
 * third of what positions cost). A trigger fills it, so no way of inserting a transaction can
 * leave it behind; names and services are never updated, and transactions are never deleted.
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
        INSERT INTO transactions_text (rowid, text) VALUES (new.sequence, ${TEXT_OF('new')});
      END;
      INSERT INTO transactions_text (rowid, text) SELECT sequence, ${TEXT_OF('transactions')} FROM transactions;
      CREATE VIRTUAL TABLE transactions_text_terms USING fts5vocab(transactions_text, 'row');
    `);
  },
};

/**
 * The four searchable texts, one space apart (a filter's word has no space, so none spans two),
 * and two spaces at the end: every letter, even the last two, then starts a three-letter piece,
 * which is how the vocabulary (`transactions_text_terms`) finds one- and two-letter words.
 */
function TEXT_OF(row: string): string {
  return `${['citizen_first_name', 'citizen_last_name', 'service_name_fa', 'service_name_en']
    .map((column) => `${row}.${column}`)
    .join(" || ' ' || ")} || '  '`;
}
