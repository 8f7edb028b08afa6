import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEnrollment, normalizeActivationCode } from '../../../../shared/sync/signing';

const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY3467';
const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

const code = fc
  .array(fc.array(fc.constantFrom(...ALPHABET), { minLength: 4, maxLength: 4 }), {
    minLength: 4,
    maxLength: 4,
  })
  .map((groups) => groups.map((g) => g.join('')).join('-'));

/** As an SMS or a phone's keyboard may hand the code over: other digits, marks, spacing, case. */
const mangled = (text: string) =>
  fc
    .record({
      digits: fc.constantFrom('ascii', 'persian', 'arabic-indic'),
      lower: fc.boolean(),
      separator: fc.constantFrom('-', ' ', '', '\u200c', '\u2010', '\u2013', ' - '),
      before: fc.constantFrom('', '\u200f', '\u200e', '\u200c', ' ', '\ufeff'),
      after: fc.constantFrom('', '\u200f', '\u200e', '\u200c', ' ', '\n'),
    })
    .map(({ digits, lower, separator, before, after }) => {
      let out = text.replace(/[0-9]/g, (d) =>
        digits === 'persian'
          ? (PERSIAN[Number(d)] ?? d)
          : digits === 'arabic-indic'
            ? (ARABIC_INDIC[Number(d)] ?? d)
            : d,
      );
      if (lower) out = out.toLowerCase();
      return before + out.split('-').join(separator) + after;
    });

describe('normalizeActivationCode', () => {
  it('reads a code pasted from an SMS with Persian digits and a direction mark as the code', () => {
    expect(normalizeActivationCode('\u200fAC۳D-EF۴G-HJKM-۶۷NP')).toBe('AC3DEF4GHJKM67NP');
    expect(normalizeActivationCode('AC٣D-EF٤G-HJKM-٦٧NP\u200e')).toBe('AC3DEF4GHJKM67NP');
    expect(normalizeActivationCode('ac3d\u200cef4g hjkm\u200c67np')).toBe('AC3DEF4GHJKM67NP');
  });

  it('gives every spelling of a code the form it was issued in, and signs it the same', () => {
    fc.assert(
      fc.property(
        code.chain((c) => fc.tuple(fc.constant(c), mangled(c))),
        ([issued, typed]) => {
          expect(normalizeActivationCode(typed)).toBe(issued.replace(/-/g, ''));
          expect(canonicalEnrollment(typed, 'key')).toBe(canonicalEnrollment(issued, 'key'));
        },
      ),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const once = normalizeActivationCode(text);
        expect(normalizeActivationCode(once)).toBe(once);
      }),
    );
  });

  it('keeps other characters for the server to refuse', () => {
    expect(normalizeActivationCode('ACDE-FGHJ-KMNP-QRT؟')).toBe('ACDEFGHJKMNPQRT؟');
  });
});
