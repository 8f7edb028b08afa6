import { describe, expect, it } from 'vitest';
import en from '../../../../renderer/i18n/en/validation.json';
import fa from '../../../../renderer/i18n/fa/validation.json';
import {
  BANK_CARD_ERRORS,
  LEGAL_ENTITY_ID_ERRORS,
  MOBILE_ERRORS,
  NATIONAL_ID_ERRORS,
  POS_REFERENCE_ERRORS,
  POSTAL_CODE_ERRORS,
  SHEBA_ERRORS,
  VEHICLE_PLATE_ERRORS,
} from '../../../../shared/validation';
import { MAKE_TRACKING_CODE_ERRORS, TRACKING_CODE_ERRORS } from '../../../../shared/tracking-code';
import { AMOUNT_ERRORS } from '../../../../shared/money';

const ALL_CODES: readonly string[] = [
  ...NATIONAL_ID_ERRORS,
  ...LEGAL_ENTITY_ID_ERRORS,
  ...MOBILE_ERRORS,
  ...POSTAL_CODE_ERRORS,
  ...SHEBA_ERRORS,
  ...BANK_CARD_ERRORS,
  ...VEHICLE_PLATE_ERRORS,
  ...POS_REFERENCE_ERRORS,
  ...TRACKING_CODE_ERRORS,
  ...MAKE_TRACKING_CODE_ERRORS,
  ...AMOUNT_ERRORS,
];

describe('validation messages', () => {
  it.each([
    ['fa', fa],
    ['en', en],
  ] as const)('has a %s message for every error code and no stale keys', (_lang, messages) => {
    expect(Object.keys(messages).sort()).toEqual([...ALL_CODES].sort());
    for (const text of Object.values(messages)) expect(text.trim().length).toBeGreaterThan(5);
  });

  it('writes the Persian messages in Persian with Persian digits', () => {
    for (const [code, text] of Object.entries(fa)) {
      expect(text, code).toMatch(/[\u0600-\u06ff]/);
      expect(text, code).not.toMatch(/[0-9]/);
    }
  });
});
