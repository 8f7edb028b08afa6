import { readNumberText } from '../counter/number-text';
import { normalizeDigits, removeInvisibleMarks } from '../text/normalize';
import { compactDigits, invalid, valid, type Validation } from '../validation/result';

export const AMOUNT_ERRORS = [
  'amount_required',
  'amount_negative',
  'amount_not_digits',
  'amount_grouping',
  'amount_too_large',
] as const;
export type AmountError = (typeof AMOUNT_ERRORS)[number];

// Thousands separators an operator may type or paste: comma, Arabic thousands separator ٬,
// Arabic comma ، and the apostrophe some keyboards give.
const THOUSANDS_SEPARATORS = /[,\u066c\u060c']/g;

// A run of spaces or ZWNJs between two digits: the operator grouped the digits with it.
const SPACE_BETWEEN_DIGITS = /(?<=\d)[\s\u200c]+(?=\d)/g;

/**
 * A typed Rial amount (cash tendered, counted cash, a POS slip, a catalog money field) → integer
 * Rials; no fractions, no negatives.
 *
 * Read as an integer field reads a number (shared/counter/number-text.ts): Persian, Arabic-Indic or
 * ASCII digits, invisible marks from a paste dropped, and thousands separators (, ، ٬ ') that must
 * group by three, the first group 1–3 digits and not starting with 0. A space or ZWNJ between two
 * digits groups them too and must do so by three as well: «5,000,00», «5 000 00», «1,5» or «16٬00»
 * is a slip of the finger that would make the amount ten or a hundred times too small, so it is
 * refused (amount_grouping) rather than guessed. A decimal mark or any other character is
 * amount_not_digits: Rials have no fraction.
 */
export function parseRials(raw: string): Validation<number, AmountError> {
  if (compactDigits(raw).replace(THOUSANDS_SEPARATORS, '') === '') return invalid('amount_required');
  // compactDigits drops dashes as digit grouping; for an amount one at either end is a minus sign,
  // behind a direction mark too (right-to-left text shows -5000 as 5000-).
  if (/^[-\u2010-\u2015\u2212]|[-\u2010-\u2015\u2212]$/.test(removeInvisibleMarks(raw).trim()))
    return invalid('amount_negative');
  const text = normalizeDigits(removeInvisibleMarks(raw)).replace(SPACE_BETWEEN_DIGITS, '\u066c');
  const number = readNumberText(text);
  if (!number || number.fraction !== '') {
    // Only digits and thousands separators: the groups are wrong, not the characters.
    const onlyGroups = /^[\d,\u066c\u060c']+$/.test(text.replace(/[\s\u200c]/g, ''));
    return invalid(onlyGroups ? 'amount_grouping' : 'amount_not_digits');
  }
  const digits = number.whole.replace(/^0+(?=\d)/, '');
  const amount = Number(digits);
  if (digits.length > 16 || !Number.isSafeInteger(amount)) return invalid('amount_too_large');
  return valid(amount);
}
