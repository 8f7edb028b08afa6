import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatRials, formatTomans, parseRials } from '../../../../shared/money';

describe('formatRials', () => {
  it('uses Persian digits and the Arabic thousands separator U+066C by default', () => {
    expect(formatRials(1_200_000)).toBe('۱\u066c۲۰۰\u066c۰۰۰');
    expect(formatRials(1_200_000, { digits: 'fa' })).toBe('۱٬۲۰۰٬۰۰۰');
  });

  it('uses ASCII digits and commas for latin', () => {
    expect(formatRials(0, { digits: 'latin' })).toBe('0');
    expect(formatRials(999, { digits: 'latin' })).toBe('999');
    expect(formatRials(1000, { digits: 'latin' })).toBe('1,000');
    expect(formatRials(12_345_678_901, { digits: 'latin' })).toBe('12,345,678,901');
    expect(formatRials(-45_000, { digits: 'latin' })).toBe('-45,000');
  });

  it('refuses fractions and unsafe integers rather than printing a wrong amount', () => {
    expect(() => formatRials(10.5)).toThrow(RangeError);
    expect(() => formatRials(Number.NaN)).toThrow(RangeError);
    expect(() => formatRials(2 ** 53)).toThrow(RangeError);
  });

  it('round-trips through parseRials in both digit styles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseRials(formatRials(n, { digits: 'fa' }))).toEqual({ ok: true, value: n });
        expect(parseRials(formatRials(n, { digits: 'latin' }))).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe('formatTomans', () => {
  it('divides by ten and shows a leftover Rial as a decimal', () => {
    expect(formatTomans(1_200_000, { digits: 'latin' })).toBe('120,000');
    expect(formatTomans(1_200_005, { digits: 'latin' })).toBe('120,000.5');
    expect(formatTomans(1_200_005)).toBe('۱۲۰٬۰۰۰٫۵');
  });
});

describe('parseRials', () => {
  it('reads amounts typed with Persian digits and any thousands separator', () => {
    expect(parseRials('۱٬۲۰۰٬۰۰۰')).toEqual({ ok: true, value: 1_200_000 });
    expect(parseRials('1,200,000')).toEqual({ ok: true, value: 1_200_000 });
    expect(parseRials(' ۱ ۲۰۰ ۰۰۰ ')).toEqual({ ok: true, value: 1_200_000 });
  });

  it('refuses empty input, fractions, negatives and amounts beyond a safe integer', () => {
    expect(parseRials('')).toEqual({ ok: false, code: 'amount_required' });
    expect(parseRials('12.5')).toEqual({ ok: false, code: 'amount_not_digits' });
    expect(parseRials('+100')).toEqual({ ok: false, code: 'amount_not_digits' });
    expect(parseRials('-100')).toEqual({ ok: false, code: 'amount_negative' });
    expect(parseRials(' −۱۰۰')).toEqual({ ok: false, code: 'amount_negative' });
    // Behind a direction mark, or at the end as right-to-left text shows a minus.
    expect(parseRials('\u200f-5000')).toEqual({ ok: false, code: 'amount_negative' });
    expect(parseRials('5000-')).toEqual({ ok: false, code: 'amount_negative' });
    expect(parseRials('۵٬۰۰۰\u2212\u200e')).toEqual({ ok: false, code: 'amount_negative' });
    expect(parseRials('99999999999999999')).toEqual({ ok: false, code: 'amount_too_large' });
  });
});
