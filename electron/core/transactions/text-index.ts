import { prepared, type Db } from '../db/open';
import { FOLDABLE_GLOB, foldSql } from './text-fold';

const SEARCHED_COLUMNS = ['citizen_first_name', 'citizen_last_name', 'service_name_fa', 'service_name_en'];

/**
 * The text the list's filter by name searches, for the transactions row alias `row`: the citizen's
 * first and last name and the service's two names, one space apart (a filter's word has no space,
 * so none spans two), and two spaces at the end: every letter, even the last two, then starts a
 * three-letter piece, which is how the index's vocabulary (`transactions_text_terms`) finds one-
 * and two-letter words. Each name in its searched form (text-fold.ts), so that «اقایی» finds
 * «آقایی». A change to it needs a migration that rebuilds the index (as 0015 did), or the
 * transactions indexed before would be found by the old text.
 */
export function searchableText(row: string): string {
  return `${SEARCHED_COLUMNS.map((column) => foldedColumn(`${row}.${column}`)).join(" || ' ' || ")} || '  '`;
}

/** A stored name in its searched form: folded only when it has a letter the fold changes (few do). */
function foldedColumn(column: string): string {
  return `CASE WHEN ${column} GLOB '${FOLDABLE_GLOB}' THEN ${foldSql(column)} ELSE ${column} END`;
}

/** The text migration 0007 first indexed: the names as stored. Kept for that migration only. */
export function searchableTextBefore0015(row: string): string {
  return `${SEARCHED_COLUMNS.map((column) => `${row}.${column}`).join(" || ' ' || ")} || '  '`;
}

/**
 * How many sequence numbers a save lets wait before it indexes the transactions above the mark at
 * once (after a restore's jump in the numbers, the first save indexes at once). The trigram index
 * (`transactions_text`, migration 0007) takes every insert as a segment of its own, written at the
 * commit and merged with others later: filled one transaction a save, it was the largest part of a
 * save's writes (about 6 of its 34 WAL pages, the benchmark's `save` row, and about a tenth of its
 * time). Filled 64 at a time it is one segment for 64 saves, and the save that writes it takes
 * about 0.4 ms more. The list's filter reads the few waiting ones from the transactions themselves
 * (`list.ts`), so a filter finds a transaction from its save on.
 */
export const TEXT_INDEX_BATCH = 64;

/** The highest sequence the trigram index holds: every transaction up to it, none after it. */
export function textIndexedThrough(db: Db): number {
  const row = prepared(db, 'SELECT indexed_through FROM transaction_text_state WHERE id = 1').get() as
    { indexed_through: number } | undefined;
  if (!row) throw new Error('transaction_text_state has no row');
  return row.indexed_through;
}

/**
 * Indexes every transaction above the index's mark once `batch` sequence numbers or more wait
 * (`newest` being the highest saved), and moves the mark: in the caller's SQLite transaction, so
 * the index and its mark never disagree. Sequences only grow (sequence.ts), so "above the mark" is
 * exactly what the index lacks.
 */
export function indexTransactionText(db: Db, newest: number, batch = TEXT_INDEX_BATCH): void {
  const through = textIndexedThrough(db);
  if (newest - through < batch) return;
  prepared(
    db,
    `INSERT INTO transactions_text (rowid, text)
       SELECT sequence, ${searchableText('transactions')} FROM transactions WHERE sequence > ? ORDER BY sequence`,
  ).run(through);
  prepared(
    db,
    'UPDATE transaction_text_state SET indexed_through = (SELECT coalesce(max(sequence), 0) FROM transactions) WHERE id = 1',
  ).run();
}
