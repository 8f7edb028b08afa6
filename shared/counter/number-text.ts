import { normalizeDigits, removeInvisibleMarks } from '../text/normalize';

/**
 * A number as an operator types or pastes it into an integer or area field: Persian, Arabic-Indic or
 * ASCII digits, direction marks and other invisible marks from a paste (dropped as everywhere
 * else), spaces and ZWNJ anywhere (dropped, as the ID and phone fields drop them), grouping
 * separators and at most one decimal mark.
 *
 * Telling a thousands separator from a decimal mark:
 * - ٬ (U+066C, the Persian thousands separator) and ' always group thousands;
 * - ٫ (U+066B, the Persian decimal separator), . and / (typed for ٫ on a Persian keyboard) always
 *   mark the decimals, and only once, after every thousands separator;
 * - a comma, , or the Persian ، (U+060C), groups thousands when exactly three digits follow it and
 *   marks the decimals when one or two digits end the number after it: a group of thousands always
 *   has three digits and no field takes more than two decimals, so "1,250" is 1250 and "1250,5" is
 *   1250.5. A comma with four or more digits after it is neither.
 * Thousands separators must group by three (first group 1–3 digits, not starting with 0): "1,60",
 * "16٬00" or "0,500" is a typing mistake to show, not a number to guess. Signs, letters, two marks
 * in a row and a mark at either end are refused.
 */
export interface NumberText {
  /** The digits before the decimal mark, ASCII, as typed (leading zeros kept). */
  readonly whole: string;
  /** The digits after the decimal mark; '' when there is none. */
  readonly fraction: string;
}

const ALWAYS_THOUSANDS = new Set(['\u066c', "'"]);
const DECIMAL_MARKS = new Set(['\u066b', '.', '/']);
const COMMAS = new Set([',', '\u060c']);

export function readNumberText(raw: string): NumberText | null {
  const text = normalizeDigits(removeInvisibleMarks(raw)).replace(/[\s\u200c]/g, '');
  const tokens = text.match(/\d+|\D/g);
  if (!tokens || tokens.length % 2 === 0) return null;
  const groups = tokens.filter((_, i) => i % 2 === 0);
  const marks = tokens.filter((_, i) => i % 2 === 1);
  if (!groups.every((g) => /^\d+$/.test(g))) return null;

  const lastMark = marks.at(-1);
  const lastGroup = groups.at(-1) ?? '';
  const endsInDecimals =
    lastMark !== undefined &&
    (DECIMAL_MARKS.has(lastMark) || (COMMAS.has(lastMark) && lastGroup.length <= 2));
  const wholeGroups = endsInDecimals ? groups.slice(0, -1) : groups;
  const thousands = endsInDecimals ? marks.slice(0, -1) : marks;

  if (!thousands.every((mark) => ALWAYS_THOUSANDS.has(mark) || COMMAS.has(mark))) return null;
  if (thousands.length > 0) {
    const [first, ...rest] = wholeGroups;
    // A first group of thousands starts with 1–9: «0,500» is 0.5 mistyped, or 500 with a stray 0,
    // and taking it as 500 would be a thousand times what was meant. A lone 0 before a decimal mark
    // («0,50», «0.5») has no thousands separator after it and is read as before.
    if (first === undefined || !/^[1-9]\d{0,2}$/.test(first) || !rest.every((g) => g.length === 3))
      return null;
  }
  return { whole: wholeGroups.join(''), fraction: endsInDecimals ? lastGroup : '' };
}
