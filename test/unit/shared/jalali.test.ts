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

  it('gives each instant the wall time of its own minute, call after call, across a change of offset', () => {
    // Iran's last daylight saving time: from 2022-03-22 00:00 (+03:30 → +04:30) to 2022-09-22 00:00
    // (+04:30 → +03:30), Tehran time. The expected wall time is worked out from those offsets alone.
    const start = Date.UTC(2022, 2, 21, 20, 30);
    const end = Date.UTC(2022, 8, 21, 19, 30);
    const wall = (t: number) => {
      const local = new Date(t + (t >= start && t < end ? 270 : 210) * 60_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return {
        isoDate: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
        hour: local.getUTCHours(),
        minute: local.getUTCMinutes(),
      };
    };
    expect(tehranWallTime(start - 1)).toEqual({ isoDate: '2022-03-21', hour: 23, minute: 59 });
    expect(tehranWallTime(start)).toEqual({ isoDate: '2022-03-22', hour: 1, minute: 0 });
    expect(tehranWallTime(end - 1)).toEqual({ isoDate: '2022-09-21', hour: 23, minute: 59 });
    expect(tehranWallTime(end)).toEqual({ isoDate: '2022-09-21', hour: 23, minute: 0 });
    for (const change of [start, end])
      for (let t = change - 180_000; t <= change + 180_000; t += 7_001)
        expect(tehranWallTime(t)).toEqual(wall(t));
    // The last millisecond of a day, the first of the next, and back: each its own.
    const midnight = Date.UTC(2026, 10, 27, 20, 30);
    for (const t of [midnight - 1, midnight, midnight - 1, midnight - 60_001, midnight + 59_999])
      expect(tehranWallTime(t)).toEqual(wall(t));
    expect(tehranWallTime(midnight - 1).isoDate).toBe('2026-11-27');
    expect(tehranWallTime(midnight).isoDate).toBe('2026-11-28');
  });
});
