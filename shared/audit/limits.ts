/**
 * What the municipal server takes in each text field of an audit entry, and how the counter makes
 * an entry fit before hashing it into its chain. A stored entry never changes, so an entry the
 * server refused would stop the trail's upload for good: the server's schema
 * (shared/sync/audit-batch.ts) and the counter's append (electron/core/audit) both read these.
 */

/** The longest text of each field, in UTF-16 code units (what `string.length` and zod count). */
export const AUDIT_FIELD_MAX = {
  actorUsername: 200,
  terminal: 200,
  action: 100,
  entity: 100,
  entityId: 200,
  /** JSON text. */
  details: 100_000,
} as const;

/** Ends a text that was cut. */
export const CUT_MARK = '…';

const REPLACEMENT = '\uFFFD';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The first `n` code units of `text`, one fewer where the n-th would split a surrogate pair. */
function head(text: string, n: number): string {
  const end =
    n > 0 && isHighSurrogate(text.charCodeAt(n - 1)) && isLowSurrogate(text.charCodeAt(n)) ? n - 1 : n;
  return text.slice(0, end);
}

/** The last `n` code units of `text`, one fewer where the first would split a surrogate pair. */
function tail(text: string, n: number): string {
  if (n <= 0) return '';
  const start = text.length - n;
  const from =
    start > 0 && isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))
      ? start + 1
      : start;
  return text.slice(from);
}

/**
 * Text both databases store exactly as it was hashed: SQLite turns a lone surrogate into
 * replacement characters (the stored entry would no longer match its hash) and PostgreSQL refuses
 * U+0000 (the server answers `text_contains_nul`). Each becomes U+FFFD.
 */
export function storableText(text: string): string {
  return text.replace(LONE_SURROGATE, REPLACEMENT).replaceAll('\0', REPLACEMENT);
}

/**
 * `text` in at most `max` code units: unchanged if it fits, else cut and marked with CUT_MARK,
 * never inside a surrogate pair. `keep: 'ends'` keeps its start and its end (a file name's date
 * and extension) and cuts the middle.
 */
export function cutText(text: string, max: number, keep: 'start' | 'ends' = 'start'): string {
  if (text.length <= max) return text;
  const room = max - CUT_MARK.length;
  if (keep === 'start') return head(text, room) + CUT_MARK;
  const front = Math.ceil(room / 2);
  return head(text, front) + CUT_MARK + tail(text, room - front);
}

/**
 * The details' JSON text in at most `max` code units. Details too long to keep whole are replaced
 * by valid JSON that says so and keeps as much of their start as fits.
 */
export function fitDetails(json: string, max: number): string {
  if (json.length <= max) return json;
  let start = cutText(json, max);
  for (;;) {
    const fitted = JSON.stringify({ detailsCut: { length: json.length, start } });
    if (fitted.length <= max) return fitted;
    start = cutText(start, start.length - (fitted.length - max) - 1);
  }
}
