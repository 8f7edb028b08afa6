import type { TransactionSummary } from '../../../shared/ipc/counter';
import { normalizeArabicLetters, normalizeDigits } from '../../../shared/text/normalize';
import type { Core } from '../core';
import { prepared, type Db } from '../db/open';
import { SUMMARY_COLUMNS, summary, type SummaryRow } from './queries';

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

/** The trigram index finds words of this many characters (code points) or more. */
const TRIGRAM = 3;

export interface FilterQuery {
  readonly sql: string;
  readonly params: Record<string, string>;
}

/**
 * The query for the newest FILTER_CAP + 1 matches of a filter, as `sequence`s, newest first; null
 * for no filter. One query per keystroke: the count and the page both come from it.
 */
export function filterQuery(filter: string): FilterQuery | null {
  const text = normalizeArabicLetters(normalizeDigits(filter)).trim();
  if (text === '') return null;
  const cap = FILTER_CAP + 1;
  const digits = text.replace(/[\s\-_/]/g, '');
  if (/^\d+$/.test(digits)) {
    // Digits match the start of a tracking code, national ID or mobile. Each probe walks its own
    // index and stops after FILTER_CAP + 1 rows, so even "0" costs a few thousand index steps.
    const probe = (column: string) =>
      `SELECT * FROM (SELECT rowid FROM transactions WHERE ${column} GLOB @p LIMIT ${cap})`;
    return {
      sql: `SELECT sequence FROM transactions
         WHERE rowid IN (${probe('tracking_code')} UNION ${probe('citizen_national_id')} UNION ${probe('citizen_mobile')})
         ORDER BY sequence DESC LIMIT ${cap}`,
      params: { p: `${digits}*` },
    };
  }
  // Every word must appear in the citizen's name or the service's name.
  const words = text.split(/\s+/).slice(0, MAX_WORDS);
  const params: Record<string, string> = {};
  const like = words
    .map((word, i) => {
      params[`w${i}`] = escapeLike(word);
      const p = `@w${i}`;
      return `(t.citizen_first_name LIKE ${p} ESCAPE '\\' OR t.citizen_last_name LIKE ${p} ESCAPE '\\' OR t.service_name_fa LIKE ${p} ESCAPE '\\' OR t.service_name_en LIKE ${p} ESCAPE '\\')`;
    })
    .join(' AND ');
  const long = words.filter((word) => [...word].length >= TRIGRAM);
  if (long.length === 0) {
    // One or two letters: newest first until enough match. Such letters are in most names, so
    // the walk stops early; the trigram index cannot look them up.
    return {
      sql: `SELECT sequence FROM transactions t WHERE ${like} ORDER BY sequence DESC LIMIT ${cap}`,
      params,
    };
  }
  // The index names the transactions holding every three letters of every long word, newest first;
  // LIKE then checks each as the filter always has (the letters in order, the short words).
  params['match'] = long.flatMap(trigrams).join(' AND ');
  return {
    sql: `SELECT t.sequence FROM transactions_text f CROSS JOIN transactions t ON t.sequence = f.rowid
       WHERE transactions_text MATCH @match AND ${like}
       ORDER BY f.rowid DESC LIMIT ${cap}`,
    params,
  };
}

/** A word's three-letter pieces, each quoted: what a person types is text, not query syntax. */
function trigrams(word: string): string[] {
  const letters = [...word];
  return letters.slice(0, -2).map(
    (_, i) =>
      `"${letters
        .slice(i, i + 3)
        .join('')
        .replace(/"/g, '""')}"`,
  );
}

function matchingSequences(db: Db, filter: string): number[] | null {
  const query = filterQuery(filter);
  if (!query) return null;
  return (prepared(db, query.sql).all(query.params) as { sequence: number }[]).map((row) => row.sequence);
}

/** A window of the list, newest first. */
export function listTransactions(core: Core, request: ListRequest): ListPage {
  const db = core.db;
  const matches = matchingSequences(db, request.filter);
  if (!matches) {
    const { n } = prepared(db, 'SELECT count(*) AS n FROM transactions').get() as { n: number };
    const rows = prepared(
      db,
      `SELECT ${SUMMARY_COLUMNS} FROM transactions ORDER BY sequence DESC LIMIT @limit OFFSET @offset`,
    ).all({
      limit: request.limit,
      offset: request.offset,
    }) as SummaryRow[];
    return { total: n, more: false, rows: rows.map(summary) };
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
