import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateSheba } from '../../../../shared/validation';

/** ISO 13616 check (Wikipedia, «International Bank Account Number», Validating the IBAN): I=18, R=27. */
function referenceValid(digits24: string): boolean {
  const rearranged = `${digits24.slice(2)}1827${digits24.slice(0, 2)}`;
  return BigInt(rearranged) % 97n === 1n;
}

describe('validateSheba', () => {
  // IR062960000000100324200001 is the Iran example in Wikipedia's IBAN format table;
  // IR820540102680020817909002 is persian-tools' README example. Both pass the reference check.
  it.each(['IR062960000000100324200001', 'IR820540102680020817909002'])(
    'accepts the published Sheba %s',
    (sheba) => {
      expect(referenceValid(sheba.slice(2))).toBe(true);
      expect(validateSheba(sheba)).toEqual({ ok: true, value: sheba });
    },
  );

  it('accepts the number without IR, in lowercase, grouped with spaces, in Persian digits', () => {
    const expected = { ok: true, value: 'IR062960000000100324200001' };
    expect(validateSheba('062960000000100324200001')).toEqual(expected);
    expect(validateSheba('ir06 2960 0000 0010 0324 2000 01')).toEqual(expected);
    expect(validateSheba('IR۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱')).toEqual(expected);
  });

  it('rejects a Sheba with one digit changed', () => {
    expect(validateSheba('IR062960000000100324200002')).toEqual({ ok: false, code: 'sheba_checksum' });
  });

  it('rejects another country code and wrong lengths', () => {
    expect(validateSheba('DE89370400440532013000')).toEqual({ ok: false, code: 'sheba_country' });
    expect(validateSheba('IR06296000000010032420000')).toEqual({ ok: false, code: 'sheba_length' });
    expect(validateSheba('IR06296000000010032420000X')).toEqual({ ok: false, code: 'sheba_not_digits' });
    expect(validateSheba('')).toEqual({ ok: false, code: 'sheba_required' });
  });

  it('agrees with the reference mod-97 check on generated numbers', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{24}$/), (digits) => {
        expect(validateSheba(digits).ok).toBe(referenceValid(digits));
      }),
    );
  });
});
