import { compactDigits, invalid, isAllDigits, valid, type Validation } from './result';

export const POS_REFERENCE_ERRORS = [
  'pos_reference_required',
  'pos_reference_not_digits',
  'pos_reference_length',
  'pos_reference_zero',
] as const;
export type PosReferenceError = (typeof POS_REFERENCE_ERRORS)[number];

/*
 * شماره مرجع (RRN, ISO 8583 field 37) is the 12-digit number every Shaparak POS slip prints. We ask
 * for it rather than the 6-digit trace number (شماره پیگیری, STAN, field 11) because the trace number
 * wraps around and repeats within a terminal, while the RRN is what the bank's settlement report and
 * the Shaparak dispute process use to find one transaction.
 */
export const POS_REFERENCE_LENGTH = 12;

/** شماره مرجع تراکنش کارتخوان: exactly 12 digits, not all zero. */
export function validatePosReference(raw: string): Validation<string, PosReferenceError> {
  const digits = compactDigits(raw);
  if (digits === '') return invalid('pos_reference_required');
  if (!isAllDigits(digits)) return invalid('pos_reference_not_digits');
  if (digits.length !== POS_REFERENCE_LENGTH) return invalid('pos_reference_length');
  if (/^0+$/.test(digits)) return invalid('pos_reference_zero');
  return valid(digits);
}
