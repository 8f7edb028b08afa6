import type { TransactionSummary } from '../../../shared/ipc/counter';
import {
  normalizeArabicLetters,
  normalizeDigits,
  removeInvisibleMarks,
} from '../../../shared/text/normalize';
import { compactDigits } from '../../../shared/validation';
import type { Core } from '../core';
import { prepared, type Db } from '../db/open';
import { SUMMARY_COLUMNS, summary, type SummaryRow } from './queries';
import { SEQUENCE_FLOOR_KEY } from './sequence';
import { FOLDABLE_GLOB, foldForSearch, foldSql } from './text-fold';
import { textIndexedThrough } from './text-index';

export interface ListRequest {
  readonly offset: number;
  readonly limit: number;
  readonly filter: string;
}

export interface ListPage {
  readonly total: number;
  /** The filter matches more than FILTER_CAP rows; only the newest FILTER_CAP are listed. */
  readonly more: boolean;
  readonly rows: TransactionSummary[];
}

/**
 * A filter is for finding, so it lists at most this many matches (newest first) and says there
 * are more: counting every match of a one-letter filter over a year of transactions would cost
 * more than a keystroke may.
 */
export const FILTER_CAP = 1000;
const MAX_WORDS = 4;

function escapeLike(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The trigram index finds words of this many characters (code points) or more by their pieces. */
const TRIGRAM = 3;

/**
 * A filter of one- and two-letter words first looks through this many of the newest
 * transactions: such letters are in most names, so that is usually enough.
 */
export const SHORT_WORD_WINDOW = 20_000;

const LIKE_COLUMNS = ['citizen_first_name', 'citizen_last_name', 'service_name_fa', 'service_name_en'];

export interface FilterQuery {
  readonly sql: string;
  readonly params: Record<string, string | number>;
}

/** A word of a name filter: in its searched form (text-fold.ts), and as typed. */
interface Word {
  readonly folded: string;
  readonly typed: string;
}

/**
 * Each word inside one of the four texts, by LIKE. For a word of three letters or more, a text with
 * a letter the fold changes is folded first; the others, nearly all, are compared as stored. A one-
 * or two-letter word is compared with the texts as stored, as typed and in its searched form: it is
 * looked for in a walk over thousands of the newest (`shortWords`), where folding the few texts
 * that need it cost as much again as the walk. So «آر» finds «آرش» as it always did, and «اق» does
 * not find «آقایی», which a longer word does («اقایی»).
 */
function likeAll(words: readonly Word[], params: Record<string, string | number>): string {
  return words
    .map((word, i) => {
      const like = (text: string, param: string) => `${text} LIKE @${param} ESCAPE '\\'`;
      params[`w${i}`] = escapeLike(word.folded);
      if ([...word.folded].length >= TRIGRAM) {
        params['foldable'] = FOLDABLE_GLOB;
        return `(${LIKE_COLUMNS.map(
          (column) =>
            `${like(`t.${column}`, `w${i}`)} OR (t.${column} GLOB @foldable AND ${like(foldSql(`t.${column}`), `w${i}`)})`,
        ).join(' OR ')})`;
      }
      const forms = [`w${i}`];
      if (word.typed !== word.folded) {
        params[`v${i}`] = escapeLike(word.typed);
        forms.push(`v${i}`);
      }
      return `(${LIKE_COLUMNS.flatMap((column) => forms.map((form) => like(`t.${column}`, form))).join(' OR ')})`;
    })
    .join(' AND ');
}

/** The candidates an index query names, checked by LIKE, newest first. */
function indexQuery(match: string, words: readonly Word[]): FilterQuery {
  const params: Record<string, string | number> = { match };
  return {
    sql: `SELECT t.sequence FROM transactions_text f CROSS JOIN transactions t ON t.sequence = f.rowid
       WHERE transactions_text MATCH @match AND ${likeAll(words, params)}
       ORDER BY f.rowid DESC LIMIT ${FILTER_CAP + 1}`,
    params,
  };
}

/** A newest-first walk of the transactions themselves, down to the one after `floor` (0: all). */
function scanQuery(words: readonly Word[], floor: number): FilterQuery {
  const params: Record<string, string | number> = { floor };
  return {
    sql: `SELECT sequence FROM transactions t WHERE sequence > @floor AND ${likeAll(words, params)}
       ORDER BY sequence DESC LIMIT ${FILTER_CAP + 1}`,
    params,
  };
}

/** The words of a name filter, or the digits of a number; null for no filter. */
function parse(filter: string): { digits: string } | { words: Word[] } | null {
  const text = normalizeArabicLetters(normalizeDigits(removeInvisibleMarks(filter))).trim();
  if (text === '') return null;
  const digits = compactDigits(text).replace(/[_/]/g, '');
  if (/^\d+$/.test(digits)) return { digits };
  const words = text
    .split(/\s+/)
    .map((typed) => ({ folded: foldForSearch(typed), typed }))
    .filter((word) => word.folded !== '');
  return words.length === 0 ? null : { words: words.slice(0, MAX_WORDS) };
}

type Parsed = NonNullable<ReturnType<typeof parse>>;

/**
 * The one query for a filter of digits or with a word of three letters or more; null otherwise
 * (no filter, or only one- and two-letter words, which take more than one step). For words it is
 * the trigram index's part alone, which holds the transactions up to its mark (text-index.ts):
 * for its plan and for tests. What a filter matches is `matchingSequences`, which adds the newest
 * few the index does not hold yet.
 */
export function filterQuery(filter: string): FilterQuery | null {
  const parsed = parse(filter);
  return parsed && singleQuery(parsed);
}

function singleQuery(parsed: Parsed): FilterQuery | null {
  return 'digits' in parsed ? digitsQuery(parsed.digits) : wordsQuery(parsed.words);
}

/**
 * Digits match the start of a tracking code, national ID or mobile. Each probe walks its own index
 * and stops after FILTER_CAP + 1 rows, so even "0" costs a few thousand index steps.
 */
function digitsQuery(digits: string): FilterQuery {
  const probe = (column: string) =>
    `SELECT * FROM (SELECT rowid FROM transactions WHERE ${column} GLOB @p LIMIT ${FILTER_CAP + 1})`;
  return {
    sql: `SELECT sequence FROM transactions
       WHERE rowid IN (${probe('tracking_code')} UNION ${probe('citizen_national_id')} UNION ${probe('citizen_mobile')})
       ORDER BY sequence DESC LIMIT ${FILTER_CAP + 1}`,
    params: { p: `${digits}*` },
  };
}

/**
 * The index names the transactions holding every three letters of every long word; LIKE then keeps
 * those that hold the letters in order, and checks the short words. Null with no long word.
 */
function wordsQuery(words: readonly Word[]): FilterQuery | null {
  const long = words.map((word) => word.folded).filter((word) => [...word].length >= TRIGRAM);
  return long.length === 0 ? null : indexQuery(long.flatMap(trigrams).join(' AND '), words);
}

/** A word's three-letter pieces, each quoted: what a person types is text, not query syntax. */
function trigrams(word: string): string[] {
  const letters = [...word];
  return letters.slice(0, -2).map((_, i) => quote(letters.slice(i, i + 3).join('')));
}

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function run(db: Db, query: FilterQuery): number[] {
  return (prepared(db, query.sql).all(query.params) as { sequence: number }[]).map((row) => row.sequence);
}

/**
 * The matches of an index query, after those among the transactions the index does not hold yet:
 * the newest, fewer than a batch (text-index.ts), read from the table itself.
 */
function withUnindexed(db: Db, words: readonly Word[], query: FilterQuery): number[] {
  const newest = run(db, scanQuery(words, textIndexedThrough(db)));
  if (newest.length > FILTER_CAP) return newest;
  return newest.concat(run(db, query)).slice(0, FILTER_CAP + 1);
}

/**
 * One- and two-letter words: the newest SHORT_WORD_WINDOW transactions first. When they hold too
 * few matches the letters are rare, and the index answers exactly: a word is in a text when one
 * of the text's three-letter pieces starts with it (every text ends in two spaces, so even its last
 * letter starts a piece), and the index's vocabulary lists those pieces. Listing them costs in
 * proportion to how often they occur, which the window has just shown to be seldom.
 */
function shortWords(db: Db, words: readonly Word[], window: number): number[] {
  const { newest } = prepared(db, 'SELECT max(sequence) AS newest FROM transactions').get() as {
    newest: number | null;
  };
  const floor = (newest ?? 0) - window;
  const recent = run(db, scanQuery(words, floor));
  if (recent.length > FILTER_CAP || floor <= 0) return recent;
  // The index folds letters to lower case as JavaScript does for Latin; a word with any other
  // letter that has a case is left to the walk over every transaction.
  const cased = (letter: string) => letter > '\u007f' && letter.toLowerCase() !== letter.toUpperCase();
  if (words.some((word) => [...word.folded, ...word.typed].some(cased))) return run(db, scanQuery(words, 0));
  const pieces = prepared(
    db,
    'SELECT term FROM transactions_text_terms WHERE term >= @w AND term < @w || char(1114111)',
  );
  const groups: string[] = [];
  for (const word of words) {
    const terms = (pieces.all({ w: word.folded.toLowerCase() }) as { term: string }[]).map((row) =>
      quote(row.term),
    );
    // No indexed text holds the word: only the transactions the index does not hold yet can.
    if (terms.length === 0) return run(db, scanQuery(words, textIndexedThrough(db)));
    groups.push(`(${terms.join(' OR ')})`);
  }
  return withUnindexed(db, words, indexQuery(groups.join(' AND '), words));
}

/** The newest FILTER_CAP + 1 matches of a filter, as sequences, newest first; null for none. */
export function matchingSequences(db: Db, filter: string, window = SHORT_WORD_WINDOW): number[] | null {
  const parsed = parse(filter);
  if (!parsed) return null;
  if ('digits' in parsed) return run(db, digitsQuery(parsed.digits));
  const query = wordsQuery(parsed.words);
  return query ? withUnindexed(db, parsed.words, query) : shortWords(db, parsed.words, window);
}

/**
 * A window of the whole list, newest first. Sequences are given one after another and no
 * transaction is ever deleted, so the row at offset k is usually the one numbered newest − k: it is
 * found through the sequence index at once, where OFFSET steps over every row before it (21 ms at
 * the end of 1,000,000). A restore leaves a gap in the numbers: the next one continues past the
 * floor it sets (sequence.ts), above every number the restored database shows. Every number above
 * the floor was handed out here since, one after another, so down to the floor the row at offset k
 * is still newest − k; below it, where the restored database's own numbers run without a gap (one
 * restore), the row is found from the highest of them the same way. Where earlier restores left
 * more gaps, OFFSET counts the rows below the floor.
 */
function unfilteredPage(db: Db, count: number, request: ListRequest): SummaryRow[] {
  const { newest, oldest, floor } = prepared(
    db,
    `SELECT (SELECT max(sequence) FROM transactions) AS newest, (SELECT min(sequence) FROM transactions) AS oldest,
       (SELECT CAST(value AS INTEGER) FROM settings WHERE key = '${SEQUENCE_FLOOR_KEY}') AS floor`,
  ).get() as { newest: number | null; oldest: number | null; floor: number | null };
  if (newest === null || oldest === null) return [];
  const window = (from: number) =>
    prepared(
      db,
      `SELECT ${SUMMARY_COLUMNS} FROM transactions WHERE sequence <= @from ORDER BY sequence DESC LIMIT @limit`,
    ).all({ from, limit: request.limit }) as SummaryRow[];
  // How many rows are numbered above the floor: every number there.
  const above = floor !== null && floor < newest ? newest - floor : 0;
  if (newest - oldest + 1 === count || (request.offset < above && above <= count))
    return window(newest - request.offset);
  if (floor !== null && above <= count) {
    const { highest } = prepared(
      db,
      'SELECT max(sequence) AS highest FROM transactions WHERE sequence <= ?',
    ).get(floor) as { highest: number | null };
    if (highest !== null && highest - oldest + 1 === count - above)
      return window(highest - (request.offset - above));
    return prepared(
      db,
      `SELECT ${SUMMARY_COLUMNS} FROM transactions WHERE sequence <= @floor ORDER BY sequence DESC LIMIT @limit OFFSET @offset`,
    ).all({ floor, limit: request.limit, offset: request.offset - above }) as SummaryRow[];
  }
  return prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM transactions ORDER BY sequence DESC LIMIT @limit OFFSET @offset`,
  ).all({ limit: request.limit, offset: request.offset }) as SummaryRow[];
}

/** A window of the list, newest first. */
export function listTransactions(core: Core, request: ListRequest): ListPage {
  const db = core.db;
  const matches = matchingSequences(db, request.filter);
  if (!matches) {
    const { n } = prepared(db, 'SELECT count(*) AS n FROM transactions').get() as { n: number };
    return { total: n, more: false, rows: unfilteredPage(db, n, request).map(summary) };
  }
  const page = matches.slice(request.offset, Math.min(request.offset + request.limit, FILTER_CAP));
  const rows =
    page.length === 0
      ? []
      : (prepared(
          db,
          `SELECT ${SUMMARY_COLUMNS} FROM transactions
           WHERE sequence IN (SELECT value FROM json_each(@page)) ORDER BY sequence DESC`,
        ).all({ page: JSON.stringify(page) }) as SummaryRow[]);
  return {
    total: Math.min(matches.length, FILTER_CAP),
    more: matches.length > FILTER_CAP,
    rows: rows.map(summary),
  };
}
