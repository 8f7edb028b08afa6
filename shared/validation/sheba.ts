import { isShebaValid } from '@persian-tools/persian-tools';
import { compactDigits, invalid, isAllDigits, valid, type Validation } from './result';

export const SHEBA_ERRORS = [
  'sheba_required',
  'sheba_country',
  'sheba_not_digits',
  'sheba_length',
  'sheba_checksum',
] as const;
export type ShebaError = (typeof SHEBA_ERRORS)[number];

/** Digits after "IR": two check digits and the 22-digit BBAN. */
const SHEBA_DIGITS = 24;

/**
 * شماره شبا (Iranian IBAN): `IR` + 24 digits, ISO 13616 mod-97 check. Accepted with or without `IR`,
 * in any case, with spaces or dashes; canonical form is `IR` + 24 digits.
 */
export function validateSheba(raw: string): Validation<string, ShebaError> {
  const compact = compactDigits(raw).toUpperCase();
  if (compact === '') return invalid('sheba_required');
  const leadingLetters = /^[A-Z]*/.exec(compact)?.[0] ?? '';
  if (leadingLetters !== '' && leadingLetters !== 'IR') return invalid('sheba_country');
  const digits = compact.slice(leadingLetters.length);
  if (!isAllDigits(digits)) return invalid('sheba_not_digits');
  if (digits.length !== SHEBA_DIGITS) return invalid('sheba_length');
  const canonical = `IR${digits}`;
  if (!isShebaValid(canonical)) return invalid('sheba_checksum');
  return valid(canonical);
}
