import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../../shared/fees/iso-date';
import {
  gregorianToJalaliDay,
  jalaliYearsBefore,
  wholeJalaliMonthsBetween,
} from '../../../../shared/fees/jalali-months';

// Reference: Nowruz 1404 fell on 2025-03-21; 1403 was a leap year, so 1403/12/30 was 2025-03-20.
describe('Jalali whole months', () => {
  it('converts Gregorian days to Jalali', () => {
    expect(gregorianToJalaliDay({ year: 2025, month: 3, day: 20 })).toEqual({
      year: 1403,
      month: 12,
      day: 30,
    });
    expect(gregorianToJalaliDay({ year: 2025, month: 3, day: 21 })).toEqual({ year: 1404, month: 1, day: 1 });
  });

  it('counts a month only once the due day of month is reached', () => {
    const due = { year: 1403, month: 1, day: 15 };
    expect(wholeJalaliMonthsBetween(due, { year: 1403, month: 2, day: 14 })).toBe(0);
    expect(wholeJalaliMonthsBetween(due, { year: 1403, month: 2, day: 15 })).toBe(1);
    expect(wholeJalaliMonthsBetween(due, { year: 1404, month: 1, day: 15 })).toBe(12);
  });

  it('completes a month at the end of a month too short to reach the due day', () => {
    // Shahrivar has 31 days, Mehr 30: due 1403/06/31, a month is whole on 1403/07/30.
    const due = { year: 1403, month: 6, day: 31 };
    expect(wholeJalaliMonthsBetween(due, { year: 1403, month: 7, day: 29 })).toBe(0);
    expect(wholeJalaliMonthsBetween(due, { year: 1403, month: 7, day: 30 })).toBe(1);
  });

  it('is zero on and before the due date', () => {
    const due = { year: 1403, month: 12, day: 29 };
    expect(wholeJalaliMonthsBetween(due, due)).toBe(0);
    expect(wholeJalaliMonthsBetween(due, { year: 1403, month: 1, day: 1 })).toBe(0);
  });

  it('moves Esfand 30 of a leap year to Esfand 29 a year earlier', () => {
    expect(jalaliYearsBefore({ year: 1403, month: 12, day: 30 }, 1)).toEqual({
      year: 1402,
      month: 12,
      day: 29,
    });
  });
});

describe('parseIsoDate', () => {
  it('rejects days that do not exist and other shapes', () => {
    expect(parseIsoDate('2025-02-29')).toBeUndefined();
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('1404/03/25')).toBeUndefined();
    expect(parseIsoDate('2025-6-5')).toBeUndefined();
    expect(parseIsoDate(20250615)).toBeUndefined();
  });
});
