import { isPhoneNumberValid } from '@persian-tools/persian-tools';
import { compactDigits, invalid, isAllDigits, valid, type Validation } from './result';

export const MOBILE_ERRORS = [
  'mobile_required',
  'mobile_not_digits',
  'mobile_not_mobile',
  'mobile_length',
  'mobile_prefix',
] as const;
export type MobileError = (typeof MOBILE_ERRORS)[number];

/** Subscriber part after the leading 0: 9 plus nine digits. */
const NATIONAL_SIGNIFICANT_LENGTH = 10;

// persian-tools' operator table (0900-0905, 0910-0919, 0920-0923, 0930, 0932, 0933, 0935-0939, 0941,
// 0990-0996, 0998, 0999) lacks 0934, the Kish Island range run by MCI, so it is added here.
const EXTRA_PREFIXES: ReadonlySet<string> = new Set(['0934']);

function stripCountryCode(digits: string): string {
  if (digits.startsWith('0098')) return digits.slice(4);
  if (digits.startsWith('98') && digits.length === NATIONAL_SIGNIFICANT_LENGTH + 2) return digits.slice(2);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}

/** شماره همراه in any of the usual forms (+98…, 0098…, 98…, 09…, 9…) → canonical `09xxxxxxxxx`. */
export function validateMobile(raw: string): Validation<string, MobileError> {
  const compact = compactDigits(raw).replace(/[()]/g, '');
  if (compact === '') return invalid('mobile_required');
  const digits = compact.startsWith('+') ? compact.slice(1) : compact;
  if (!isAllDigits(digits)) return invalid('mobile_not_digits');
  const subscriber = stripCountryCode(digits);
  if (!subscriber.startsWith('9')) return invalid('mobile_not_mobile');
  if (subscriber.length !== NATIONAL_SIGNIFICANT_LENGTH) return invalid('mobile_length');
  const canonical = `0${subscriber}`;
  if (!isPhoneNumberValid(canonical) && !EXTRA_PREFIXES.has(canonical.slice(0, 4))) {
    return invalid('mobile_prefix');
  }
  return valid(canonical);
}
