import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateLegalEntityId } from '../../../../shared/validation';

/**
 * Reference written from the description published by the legal-entity registry (سامانه شناسه ملی
 * اشخاص حقوقی, ilenc.ir, «الگوریتم رقم کنترل»): add (tens digit + 2) to each of the first ten digits,
 * multiply by 29, 27, 23, 19, 17, 29, 27, 23, 19, 17, sum, mod 11; a remainder of 10 becomes 0.
 * (Description cited from memory; the hand-computed vector below is checked independently.)
 */
function referenceCheckDigit(first10: string): number {
  const weights = [29, 27, 23, 19, 17];
  const add = Number(first10[9]) + 2;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (Number(first10[i]) + add) * (weights[i % 5] ?? 0);
  const r = sum % 11;
  return r === 10 ? 0 : r;
}

describe('validateLegalEntityId', () => {
  // 10380284790: with add = 9 + 2 = 11 the weighted sum is 3432 = 11 × 312, so the check digit is 0
  // (hand-computed; this is also persian-tools' own test vector).
  it('accepts a valid 11-digit legal-entity ID', () => {
    expect(validateLegalEntityId('10380284790')).toEqual({ ok: true, value: '10380284790' });
    expect(validateLegalEntityId('۱۰۳۸۰-۲۸۴۷۹۰')).toEqual({ ok: true, value: '10380284790' });
  });

  it('rejects a legal-entity ID with a wrong check digit', () => {
    expect(validateLegalEntityId('10380284791')).toEqual({ ok: false, code: 'legal_entity_id_checksum' });
  });

  it('rejects longer input that the library alone would accept', () => {
    expect(validateLegalEntityId('103802847901')).toEqual({ ok: false, code: 'legal_entity_id_length' });
    expect(validateLegalEntityId('1038028479')).toEqual({ ok: false, code: 'legal_entity_id_length' });
  });

  it('reports empty input and non-digits', () => {
    expect(validateLegalEntityId('')).toEqual({ ok: false, code: 'legal_entity_id_required' });
    expect(validateLegalEntityId('1038028479O')).toEqual({ ok: false, code: 'legal_entity_id_not_digits' });
  });

  it('agrees with the reference algorithm on generated IDs', () => {
    fc.assert(
      fc.property(
        // persian-tools additionally refuses IDs whose digits 4-9 are all zero (never issued).
        fc.stringMatching(/^[1-9][0-9]{9}$/).filter((s) => s.slice(3, 9) !== '000000'),
        fc.integer({ min: 0, max: 9 }),
        (first10, check) => {
          const result = validateLegalEntityId(first10 + String(check));
          expect(result.ok).toBe(check === referenceCheckDigit(first10));
        },
      ),
    );
  });
});
