import { describe, expect, it } from 'vitest';
import { readJalaliDate } from '../../../shared/jalali-text';

describe('a typed or pasted Jalali date', () => {
  it('reads in any digits and separator, with marks, ZWNJ and spaces pasted around or inside it', () => {
    const day = { year: 1404, month: 9, day: 7 };
    for (const raw of [
      '1404/09/07',
      '۱۴۰۴/۰۹/۰۷',
      '١٤٠٤-٩-٧',
      '1404.9.7',
      '\u200f۱۴۰۴/۰۹/۰۷',
      '\u200e1404/09/07\u200f',
      '۱۴۰۴\u200c/۰۹/۰۷\u200c',
      ' 1404 / 09 / 07 ',
    ])
      expect(readJalaliDate(raw), raw).toEqual(day);
  });

  it('is null for what is not a real date', () => {
    for (const raw of [
      '',
      '1404/13/01',
      '1404/07/31',
      '1403/12/31',
      '1404/12/30',
      '14040907',
      '04/09/07',
      '1404/09',
    ])
      expect(readJalaliDate(raw), raw).toBeNull();
    // 1403 is a leap year in the Solar Hijri calendar: its Esfand has 30 days.
    expect(readJalaliDate('1403/12/30')).toEqual({ year: 1403, month: 12, day: 30 });
  });
});
