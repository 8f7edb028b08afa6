import { compactDigits, invalid, isAllDigits, isOneRepeatedDigit, valid, type Validation } from './result';

export const POSTAL_CODE_ERRORS = [
  'postal_code_required',
  'postal_code_not_digits',
  'postal_code_length',
  'postal_code_pattern',
] as const;
export type PostalCodeError = (typeof POSTAL_CODE_ERRORS)[number];

export const POSTAL_CODE_LENGTH = 10;

/*
 * Iran Post does not use 0 or 2 in the first five digits (they are too easily misread as ۵ and ۳ in
 * handwriting); the fifth digit is never 5. This is the rule of the widely used check in
 * VahidN/DNTPersianUtils.Core (IranCodesUtils.cs, `[13-9]{4}[1346-9][013-9]{5}`). That regex also
 * forbids 2 in the last five digits and four equal leading digits; we do not, because no published
 * Iran Post description states those and refusing a citizen's real postal code is worse than
 * accepting an unusual one. Ten equal digits are refused as an obvious placeholder.
 */
const FIRST_FIVE = /^[13-9]{4}[1346-9]/;

/** کد پستی: 10 digits, canonical without the dash people write after the fifth digit. */
export function validatePostalCode(raw: string): Validation<string, PostalCodeError> {
  const digits = compactDigits(raw);
  if (digits === '') return invalid('postal_code_required');
  if (!isAllDigits(digits)) return invalid('postal_code_not_digits');
  if (digits.length !== POSTAL_CODE_LENGTH) return invalid('postal_code_length');
  if (!FIRST_FIVE.test(digits) || isOneRepeatedDigit(digits)) return invalid('postal_code_pattern');
  return valid(digits);
}
