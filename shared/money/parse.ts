import { removeInvisibleMarks } from '../text/normalize';
import { compactDigits, invalid, isAllDigits, valid, type Validation } from '../validation/result';

export const AMOUNT_ERRORS = [
  'amount_required',
  'amount_negative',
  'amount_not_digits',
  'amount_too_large',
] as const;
export type AmountError = (typeof AMOUNT_ERRORS)[number];

// Thousands separators an operator may type or paste: comma, Arabic thousands separator ٬,
// Arabic comma ، and the apostrophe some keyboards give.
const THOUSANDS_SEPARATORS = /[,\u066c\u060c']/g;

/** A typed Rial amount (e.g. counted cash) → integer Rials; no fractions, no negatives. */
export function parseRials(raw: string): Validation<number, AmountError> {
  const digits = compactDigits(raw).replace(THOUSANDS_SEPARATORS, '');
  if (digits === '') return invalid('amount_required');
  // compactDigits drops dashes as digit grouping; for an amount one at either end is a minus sign,
  // behind a direction mark too (right-to-left text shows -5000 as 5000-).
  if (/^[-\u2010-\u2015\u2212]|[-\u2010-\u2015\u2212]$/.test(removeInvisibleMarks(raw).trim()))
    return invalid('amount_negative');
  if (!isAllDigits(digits)) return invalid('amount_not_digits');
  const amount = Number(digits);
  if (!Number.isSafeInteger(amount)) return invalid('amount_too_large');
  return valid(amount);
}
