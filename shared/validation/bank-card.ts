import { compactDigits, invalid, isAllDigits, valid, type Validation } from './result';

export const BANK_CARD_ERRORS = [
  'bank_card_required',
  'bank_card_not_digits',
  'bank_card_length',
  'bank_card_checksum',
] as const;
export type BankCardError = (typeof BANK_CARD_ERRORS)[number];

export const BANK_CARD_LENGTH = 16;

/**
 * Luhn (ISO/IEC 7812-1 Annex B). Hand-written because persian-tools' verifyCardNumber takes a JS
 * number, which silently rounds 16-digit cards above 2^53 (e.g. Bank Melli's 9919… range).
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** شماره کارت بانکی: 16 digits with a Luhn check digit; canonical without separators. */
export function validateBankCard(raw: string): Validation<string, BankCardError> {
  const digits = compactDigits(raw);
  if (digits === '') return invalid('bank_card_required');
  if (!isAllDigits(digits)) return invalid('bank_card_not_digits');
  if (digits.length !== BANK_CARD_LENGTH) return invalid('bank_card_length');
  if (/^0+$/.test(digits) || !luhnValid(digits)) return invalid('bank_card_checksum');
  return valid(digits);
}
