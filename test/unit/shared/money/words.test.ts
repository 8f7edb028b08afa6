import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { numberToWords } from '@persian-tools/persian-tools';
import { numberToPersianWords, rialsToPersianWords } from '../../../../shared/money';

describe('numberToPersianWords', () => {
  // Expected strings written by hand from Persian number grammar, not produced by either implementation.
  it.each([
    [0, 'صفر'],
    [10, 'ده'],
    [11, 'یازده'],
    [18, 'هجده'],
    [20, 'بیست'],
    [100, 'صد'],
    [101, 'صد و یک'],
    [110, 'صد و ده'],
    [121, 'صد و بیست و یک'],
    [405, 'چهارصد و پنج'],
    [1000, 'یک هزار'],
    [1001, 'یک هزار و یک'],
    [1_001_000, 'یک میلیون و یک هزار'],
    [1_200_000, 'یک میلیون و دویست هزار'],
    [1_000_000_000, 'یک میلیارد'],
    [1_000_000_001, 'یک میلیارد و یک'],
    [12_345_678_901, 'دوازده میلیارد و سیصد و چهل و پنج میلیون و ششصد و هفتاد و هشت هزار و نهصد و یک'],
  ])('writes %i as «%s»', (n, words) => {
    expect(numberToPersianWords(n)).toBe(words);
  });

  it('matches persian-tools except for the joined spelling of the hundreds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const library = String(numberToWords(n))
          .replace(/(چهار|شش|هفت|هشت|نه) صد/g, '$1صد')
          .replace('کوآدریلیون', 'کوادریلیون');
        expect(numberToPersianWords(n)).toBe(library);
      }),
    );
  });

  it('shows that persian-tools spaces some hundreds, the reason this is hand-written', () => {
    expect(numberToWords(600)).toBe('شش صد');
    expect(numberToPersianWords(600)).toBe('ششصد');
  });

  it('refuses negatives, fractions and unsafe integers', () => {
    expect(() => numberToPersianWords(-1)).toThrow(RangeError);
    expect(() => numberToPersianWords(1.5)).toThrow(RangeError);
    expect(() => numberToPersianWords(2 ** 53)).toThrow(RangeError);
  });
});

describe('rialsToPersianWords', () => {
  it('appends ریال for the receipt', () => {
    expect(rialsToPersianWords(1_200_000)).toBe('یک میلیون و دویست هزار ریال');
    expect(rialsToPersianWords(0)).toBe('صفر ریال');
  });
});
