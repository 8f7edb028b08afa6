import { describe, expect, it } from 'vitest';
import {
  formatTehranDateTime,
  gregorianToJalali,
  isValidJalaliDate,
  jalaliToGregorian,
  tehranWallTime,
} from '../../../shared/jalali';

// Reference dates: Iran's official calendar (Nowruz 1404 fell on 2025-03-21; 1403 was a leap
// year, so Esfand 30, 1403 existed and was 2025-03-20).
describe('Jalali calendar', () => {
  it('accepts 1403/12/30, the last day of a leap year', () => {
    expect(isValidJalaliDate(1403, 12, 30)).toBe(true);
    expect(jalaliToGregorian({ year: 1403, month: 12, day: 30 })).toBe('2025-03-20');
  });

  it('rejects 1404/12/30, which does not exist', () => {
    expect(isValidJalaliDate(1404, 12, 30)).toBe(false);
    expect(isValidJalaliDate(1404, 12, 29)).toBe(true);
  });

  it('rejects impossible months and days', () => {
    expect(isValidJalaliDate(1404, 13, 1)).toBe(false);
    expect(isValidJalaliDate(1404, 7, 31)).toBe(false);
    expect(isValidJalaliDate(1404, 6, 31)).toBe(true);
    expect(isValidJalaliDate(1404, 0, 1)).toBe(false);
  });

  it('converts Nowruz both ways', () => {
    expect(gregorianToJalali('2025-03-21')).toEqual({ year: 1404, month: 1, day: 1 });
    expect(jalaliToGregorian({ year: 1405, month: 1, day: 1 })).toBe('2026-03-21');
  });

  it('computes the date in Tehran, not in the machine zone', () => {
    // 2026-11-27T21:00Z is 00:30 on 2026-11-28 in Tehran (UTC+3:30).
    const instant = Date.UTC(2026, 10, 27, 21, 0);
    expect(tehranWallTime(instant)).toEqual({ isoDate: '2026-11-28', hour: 0, minute: 30 });
    expect(formatTehranDateTime(instant)).toBe('1405/09/07 00:30');
  });
});
