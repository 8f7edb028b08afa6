import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitSet, grouped, inScripts, withMarks } from '../../../support/number-text';
import { formatRials, parseRials } from '../../../../shared/money';

/*
 * An amount of money is read as an integer field is (shared/counter/number-text.ts), with no
 * fraction: thousands separators must group three digits, or a slip of the finger («5,000,00» for
 * 5,000,000) would be taken as an amount ten or a hundred times too small or too large.
 */

// What may stand between two groups of three: the separators people type, and spaces.
const SEPARATORS = [',', '\u060c', '\u066c', "'", ' ', '\u00a0', '\u200c', '\u202f'];
const COMMA_LIKE = [',', '\u060c', '\u066c', "'"];
// What a paste adds that shows nothing: LRM, RLM, ALM, ZWSP, BOM, LRI/PDI.
const INVISIBLE = ['\u200e', '\u200f', '\u061c', '\u200b', '\ufeff', '\u2066', '\u2069'];

const invisibles = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { maxLength: 4 });
const ends = fc.constantFrom('', ' ', '  ', '\u200c', '\t');

describe('parseRials reads well-formed amounts as before', () => {
  it.each([
    ['۱٬۲۰۰٬۰۰۰', 1_200_000],
    ['1,200,000', 1_200_000],
    [' ۱ ۲۰۰ ۰۰۰ ', 1_200_000],
    ['5,000,000', 5_000_000],
    ['۵٬۰۰۰٬۰۰۰', 5_000_000],
    ['٥،٠٠٠،٠٠٠', 5_000_000],
    ["5'000'000", 5_000_000],
    ['5\u200c000\u200c000', 5_000_000],
    ['\u200f5,000,000\u200e', 5_000_000],
    ['5000000', 5_000_000],
    ['0', 0],
    ['000', 0],
    ['0500', 500],
    ['999', 999],
    ['1,000', 1000],
  ])('reads %j as %d', (raw, value) => {
    expect(parseRials(raw)).toEqual({ ok: true, value });
  });

  it('reads any integer in any digits, with correct groups of three or none, as itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(digitSet, { minLength: 1, maxLength: 3 }),
        fc.option(fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 4 })),
        invisibles,
        ends,
        ends,
        (n, scripts, separators, marks, before, after) => {
          const digits = separators ? grouped(String(n), separators) : String(n);
          const raw = before + withMarks(inScripts(digits, scripts), marks) + after;
          expect(parseRials(raw)).toEqual({ ok: true, value: n });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads back every amount as formatRials writes it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseRials(formatRials(n))).toEqual({ ok: true, value: n });
        expect(parseRials(formatRials(n, { digits: 'latin' }))).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe('parseRials refuses a misplaced group rather than guess', () => {
  it.each([
    '5,000,00',
    '۵٬۰۰۰٬۰۰',
    '1,5',
    '16٬00',
    '1,60',
    '1,6000',
    '5000,000',
    '50,00,000',
    '0,500',
    '0٬500',
    '00,500',
    ',500',
    '500,',
    '5,,000',
    '5 000 00',
    '50 00 000',
    '5\u200c000\u200c00',
  ])('refuses %j as amount_grouping', (raw) => {
    expect(parseRials(raw)).toEqual({ ok: false, code: 'amount_grouping' });
  });

  it.each(['12.5', '5000000.5', '5,000.00', '۵٬۰۰۰٫۵', '5/000', '+100', '12a', 'پنج میلیون', '5-000'])(
    'refuses %j as amount_not_digits',
    (raw) => {
      expect(parseRials(raw)).toEqual({ ok: false, code: 'amount_not_digits' });
    },
  );

  it('refuses any text where a separator is followed by other than three digits', () => {
    fc.assert(
      fc.property(
        fc.array(digitSet, { minLength: 1, maxLength: 3 }),
        fc.stringMatching(/^[1-9]\d{0,2}$/),
        fc.array(fc.tuple(fc.constantFrom(...SEPARATORS), fc.stringMatching(/^\d{1,7}$/)), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(),
        fc.stringMatching(/^(\d{1,2}|\d{4,7})$/),
        invisibles,
        (scripts, first, rest, at, wrong, marks) => {
          // At least one group after a separator is not of three digits.
          const groups = [...rest];
          const i = at % groups.length;
          groups[i] = [groups[i]?.[0] ?? ',', wrong];
          const text = first + groups.map(([sep, g]) => sep + g).join('');
          const raw = withMarks(inScripts(text, scripts), marks);
          expect(parseRials(raw)).toEqual({ ok: false, code: 'amount_grouping' });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses a first group of more than three digits or starting with 0 before a separator', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.stringMatching(/^\d{4,8}$/), fc.stringMatching(/^0\d{0,2}$/)),
        fc.array(fc.tuple(fc.constantFrom(...SEPARATORS), fc.stringMatching(/^\d{3}$/)), {
          minLength: 1,
          maxLength: 4,
        }),
        (first, rest) => {
          const raw = first + rest.map(([sep, g]) => sep + g).join('');
          expect(parseRials(raw)).toEqual({ ok: false, code: 'amount_grouping' });
        },
      ),
    );
  });

  it('never takes an amount that its separators, read as groups of three, contradict', () => {
    // Any mix of digits, separators, decimal marks and spaces: when it is taken, the value is its
    // digits, and every separator stands where correct grouping of those digits puts one, so the
    // amount cannot be off by a power of ten from what the operator's separators say.
    const piece = fc.oneof(
      { weight: 3, arbitrary: fc.stringMatching(/^\d{1,4}$/) },
      { weight: 2, arbitrary: fc.constantFrom(...SEPARATORS, '.', '\u066b', '/') },
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 10 }), (pieces) => {
        const raw = pieces.join('');
        const parsed = parseRials(raw);
        if (!parsed.ok) return;
        const skeleton = raw
          .trim()
          .replace(/^[\s\u200c]+|[\s\u200c]+$/g, '')
          .replace(/[^\d]+/g, ',');
        const digits = skeleton.replace(/,/g, '');
        expect(parsed.value).toBe(Number(digits));
        if (skeleton.includes(',')) {
          expect(skeleton).toBe(grouped(digits, [',']));
          expect(digits.startsWith('0')).toBe(false);
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseRials keeps its other refusals', () => {
  it.each([
    ['', 'amount_required'],
    ['   ', 'amount_required'],
    ['\u200f', 'amount_required'],
    ['-100', 'amount_negative'],
    [' −۱۰۰', 'amount_negative'],
    ['\u200f-5000', 'amount_negative'],
    ['5000-', 'amount_negative'],
    ['-5,000,00', 'amount_negative'],
    ['۵٬۰۰۰\u2212\u200e', 'amount_negative'],
    ['99999999999999999', 'amount_too_large'],
    ['9,007,199,254,740,992', 'amount_too_large'],
  ])('refuses %j as %s', (raw, code) => {
    expect(parseRials(raw)).toEqual({ ok: false, code });
  });

  it('still reads the largest safe integer', () => {
    expect(parseRials('9,007,199,254,740,991')).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
    expect(parseRials(`0000${Number.MAX_SAFE_INTEGER}`)).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER,
    });
  });

  it.each(COMMA_LIKE)('takes a lone separator %j for no amount, as before', (sep) => {
    expect(parseRials(sep)).toEqual({ ok: false, code: 'amount_required' });
  });
});
