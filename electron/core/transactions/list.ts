import type { TransactionSummary } from '../../../shared/ipc/counter';
import { normalizeArabicLetters, normalizeDigits } from '../../../shared/text/normalize';
import type { Core } from '../core';
import { prepared } from '../db/open';
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

/** The WHERE clause and its parameters for a filter, or null for none. */
function condition(filter: string): { where: string; params: Record<string, string> } | null {
  const text = normalizeArabicLetters(normalizeDigits(filter)).trim();
  if (text === '') return null;
  const digits = text.replace(/[\s\-_/]/g, '');
  if (/^\d+$/.test(digits)) {
    // Digits match the start of a tracking code, national ID or mobile. Each probe walks its own
    // index and stops after FILTER_CAP + 1 rows, so even "0" costs a few thousand index steps.
    const probe = (column: string) =>
      `SELECT * FROM (SELECT rowid FROM transactions WHERE ${column} GLOB @p LIMIT ${FILTER_CAP + 1})`;
    return {
      where: `rowid IN (${probe('tracking_code')} UNION ${probe('citizen_national_id')} UNION ${probe('citizen_mobile')})`,
      params: { p: `${digits}*` },
    };
  }
  // Every word must appear in the citizen's name or the service's name.
  const words = text.split(/\s+/).slice(0, MAX_WORDS);
  const params: Record<string, string> = {};
  const clauses = words.map((word, i) => {
    params[`w${i}`] = escapeLike(word);
    const p = `@w${i}`;
    return `(citizen_first_name LIKE ${p} ESCAPE '\\' OR citizen_last_name LIKE ${p} ESCAPE '\\' OR service_name_fa LIKE ${p} ESCAPE '\\' OR service_name_en LIKE ${p} ESCAPE '\\')`;
  });
  return { where: clauses.join(' AND '), params };
}

/** A window of the list, newest first. */
export function listTransactions(core: Core, request: ListRequest): ListPage {
  const db = core.db;
  const filter = condition(request.filter);
  if (!filter) {
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
  const { n } = prepared(
    db,
    `SELECT count(*) AS n FROM (SELECT 1 FROM transactions WHERE ${filter.where} LIMIT ${FILTER_CAP + 1})`,
  ).get(filter.params) as { n: number };
  const limit = Math.max(0, Math.min(request.limit, FILTER_CAP - request.offset));
  const rows =
    limit === 0
      ? []
      : (prepared(
          db,
          `SELECT ${SUMMARY_COLUMNS} FROM transactions WHERE ${filter.where} ORDER BY sequence DESC LIMIT @limit OFFSET @offset`,
        ).all({
          ...filter.params,
          limit,
          offset: request.offset,
        }) as SummaryRow[]);
  return { total: Math.min(n, FILTER_CAP), more: n > FILTER_CAP, rows: rows.map(summary) };
}
