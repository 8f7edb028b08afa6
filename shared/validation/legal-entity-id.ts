import { verifyIranianLegalId } from '@persian-tools/persian-tools';
import { compactDigits, invalid, isAllDigits, valid, type Validation } from './result';

export const LEGAL_ENTITY_ID_ERRORS = [
  'legal_entity_id_required',
  'legal_entity_id_not_digits',
  'legal_entity_id_length',
  'legal_entity_id_checksum',
] as const;
export type LegalEntityIdError = (typeof LEGAL_ENTITY_ID_ERRORS)[number];

export const LEGAL_ENTITY_ID_LENGTH = 11;

/**
 * شناسه ملی اشخاص حقوقی: 11 digits. Check digit: add (tens digit + 2) to each of the first ten digits,
 * weight them 29, 27, 23, 19, 17 (repeating), sum mod 11, and 10 counts as 0.
 * The library only checks `length < 11`, so the exact length is enforced here first.
 */
export function validateLegalEntityId(raw: string): Validation<string, LegalEntityIdError> {
  const digits = compactDigits(raw);
  if (digits === '') return invalid('legal_entity_id_required');
  if (!isAllDigits(digits)) return invalid('legal_entity_id_not_digits');
  if (digits.length !== LEGAL_ENTITY_ID_LENGTH) return invalid('legal_entity_id_length');
  if (verifyIranianLegalId(digits) !== true) return invalid('legal_entity_id_checksum');
  return valid(digits);
}
