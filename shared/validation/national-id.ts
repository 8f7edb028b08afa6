import { verifyIranianNationalId } from '@persian-tools/persian-tools';
import { compactDigits, invalid, isAllDigits, isOneRepeatedDigit, valid, type Validation } from './result';

export const NATIONAL_ID_ERRORS = [
  'national_id_required',
  'national_id_not_digits',
  'national_id_length',
  'national_id_repeated_digits',
  'national_id_checksum',
] as const;
export type NationalIdError = (typeof NATIONAL_ID_ERRORS)[number];

export const NATIONAL_ID_LENGTH = 10;
// IDs of people born in some Tehran districts start with 00; spreadsheets and old forms drop those
// zeros, so 8 or 9 digits are left-padded (the convention persian-tools and most Iranian systems follow).
const SHORTEST_UNPADDED = 8;

/**
 * کد ملی: 10 digits, the last a mod-11 check digit over the first nine with weights 10..2.
 * Returns the canonical 10-digit string.
 */
export function validateNationalId(raw: string): Validation<string, NationalIdError> {
  const digits = compactDigits(raw);
  if (digits === '') return invalid('national_id_required');
  if (!isAllDigits(digits)) return invalid('national_id_not_digits');
  if (digits.length < SHORTEST_UNPADDED || digits.length > NATIONAL_ID_LENGTH) {
    return invalid('national_id_length');
  }
  const padded = digits.padStart(NATIONAL_ID_LENGTH, '0');
  // 1111111111 and friends pass the checksum but are what people type to get past a form.
  if (isOneRepeatedDigit(padded)) return invalid('national_id_repeated_digits');
  // The library also rejects IDs whose six middle digits are all zero (never issued). We skip its
  // prefix check: its table of city prefixes is a snapshot and new prefixes are issued over time.
  if (!verifyIranianNationalId(padded, { checkPrefix: false })) return invalid('national_id_checksum');
  return valid(padded);
}
