import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toPersianDigits } from '../../../../shared/text/normalize';
import { validateNationalId } from '../../../../shared/validation';

/**
 * Reference check digit written from the published algorithm of the National Organization for Civil
 * Registration (as described in Persian Wikipedia's «کارت ملی» article; cited from memory, so the
 * hand-computed vectors below are what the test really rests on): s = Σ d[i]·(10−i) for i = 0..8,
 * r = s mod 11, check = r < 2 ? r : 11 − r. Independent of persian-tools, which the validator uses.
 */
function referenceCheckDigit(first9: string): number {
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(first9[i]) * (10 - i);
  const r = s % 11;
  return r < 2 ? r : 11 - r;
}

describe('validateNationalId', () => {
  // Hand-verified with the formula above: 0499370899 → s = 266, r = 2, check 9;
  // 0790419904 → s = 227, r = 7, check 4. (0499370899 is also the example in persian-tools' README.)
  it.each(['0499370899', '0790419904'])('accepts the published valid ID %s', (id) => {
    expect(validateNationalId(id)).toEqual({ ok: true, value: id });
  });

  it('rejects a national ID with a wrong check digit', () => {
    expect(validateNationalId('0499370898')).toEqual({ ok: false, code: 'national_id_checksum' });
  });

  it('accepts Persian and Arabic-Indic digits, spaces and dashes, returning ASCII', () => {
    expect(validateNationalId('۰۴۹-۹۳۷۰۸۹۹')).toEqual({ ok: true, value: '0499370899' });
    expect(validateNationalId(' ٠٤٩ ٩٣٧ ٠٨٩٩ ')).toEqual({ ok: true, value: '0499370899' });
  });

  it('left-pads 8- and 9-digit input with zeros', () => {
    expect(validateNationalId('499370899')).toEqual({ ok: true, value: '0499370899' });
    const first9 = '001234567';
    const id = first9 + String(referenceCheckDigit(first9));
    expect(validateNationalId(id.slice(2))).toEqual({ ok: true, value: id });
  });

  it('rejects one digit repeated ten times even though its checksum holds', () => {
    for (let d = 0; d <= 9; d++) {
      expect(validateNationalId(String(d).repeat(10))).toEqual({
        ok: false,
        code: 'national_id_repeated_digits',
      });
    }
  });

  it('reports empty input, letters and wrong length with their own codes', () => {
    expect(validateNationalId('  ')).toEqual({ ok: false, code: 'national_id_required' });
    expect(validateNationalId('04993708a9')).toEqual({ ok: false, code: 'national_id_not_digits' });
    expect(validateNationalId('1234567')).toEqual({ ok: false, code: 'national_id_length' });
    expect(validateNationalId('04993708991')).toEqual({ ok: false, code: 'national_id_length' });
  });

  it('agrees with the reference check digit on every generated ID', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{9}$/).filter((s) => !/^(\d)\1*$/.test(s) && s.slice(3) !== '000000'),
        fc.integer({ min: 0, max: 9 }),
        (first9, check) => {
          const id = first9 + String(check);
          const expected = check === referenceCheckDigit(first9);
          const result = validateNationalId(toPersianDigits(id));
          expect(result.ok).toBe(expected && !/^(\d)\1*$/.test(id));
        },
      ),
    );
  });
});
