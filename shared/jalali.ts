import { getDate, getMonth, getYear, newDate } from 'date-fns-jalali';

/**
 * Jalali (Solar Hijri) dates through date-fns-jalali, which implements the calendar's leap rule
 * (1403 is a leap year with an Esfand 30; 1404 is not). Months here are 1-based, as people write them.
 */
export interface JalaliDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The business day and every date shown are computed in Tehran time, whatever the PC's zone. */
export const OFFICE_TIME_ZONE = 'Asia/Tehran';

export function isValidJalaliDate(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger) || month < 1 || month > 12 || day < 1 || day > 31)
    return false;
  const d = newDate(year, month - 1, day);
  return getYear(d) === year && getMonth(d) === month - 1 && getDate(d) === day;
}

/** A Gregorian calendar date (as `YYYY-MM-DD`) in the Jalali calendar. */
export function gregorianToJalali(isoDate: string): JalaliDate {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  return { year: getYear(date), month: getMonth(date) + 1, day: getDate(date) };
}

export function jalaliToGregorian(j: JalaliDate): string {
  const date = newDate(j.year, j.month - 1, j.day);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface TehranWallTime {
  readonly isoDate: string;
  readonly hour: number;
  readonly minute: number;
}

const tehranFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * The last answer, by the UTC minute it was for. Since 1970 every offset Tehran has had is a whole
 * number of minutes and changed on a whole minute, so every instant of one UTC minute has the same
 * wall time there. A save asks several times in its millisecond; formatting costs about 10 µs.
 */
let last: { readonly minute: number; readonly wall: TehranWallTime } | null = null;

/** The wall-clock date and time in Tehran at an instant. */
export function tehranWallTime(epochMs: number): TehranWallTime {
  const minute = Math.floor(epochMs / 60_000);
  if (last?.minute === minute && epochMs >= 0) return last.wall;
  const parts = Object.fromEntries(
    tehranFormat.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]),
  );
  const wall: TehranWallTime = Object.freeze({
    isoDate: `${parts['year']}-${parts['month']}-${parts['day']}`,
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
  });
  last = { minute, wall };
  return wall;
}

export function formatJalali(j: JalaliDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${j.year}/${pad(j.month)}/${pad(j.day)}`;
}

/** `1403/12/30 14:05` in Tehran time, ASCII digits (the UI converts digits for display). */
export function formatTehranDateTime(epochMs: number): string {
  const wall = tehranWallTime(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatJalali(gregorianToJalali(wall.isoDate))} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

export const JALALI_MONTH_NAMES_FA = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
] as const;
