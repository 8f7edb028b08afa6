import { getDate, getDaysInMonth, getMonth, getYear, newDate } from 'date-fns-jalali';
import type { CalendarDay } from './iso-date';
import { Kept } from './kept';

/**
 * Late penalties run by whole Jalali months, as municipal bills count them. The arithmetic is done
 * on (year, month, day) triples so it is exact; date-fns-jalali supplies the calendar itself.
 */
export type JalaliDay = CalendarDay;

// Local noon: both conversions use the same local-time Date, so the PC's zone cancels out, and noon
// stays clear of zones whose daylight-saving shift happens at midnight.
const NOON = 12;

const jalaliDays = new Kept<number, JalaliDay>(4096);
const monthLengths = new Kept<number, number>(4096);

/** Whole numbers from 0 to below `bound`: they make a key that names one (year, month, day). */
function within(n: number, bound: number): boolean {
  return Number.isSafeInteger(n) && n >= 0 && n < bound;
}

function convert(gregorian: CalendarDay): JalaliDay {
  const date = new Date(gregorian.year, gregorian.month - 1, gregorian.day, NOON);
  return Object.freeze({ year: getYear(date), month: getMonth(date) + 1, day: getDate(date) });
}

export function gregorianToJalaliDay(gregorian: CalendarDay): JalaliDay {
  const { year, month, day } = gregorian;
  if (!within(year, 100_000) || !within(month, 100) || !within(day, 100)) return convert(gregorian);
  return jalaliDays.get((year * 100 + month) * 100 + day, () => convert(gregorian));
}

export function daysInJalaliMonth(year: number, month: number): number {
  const length = () => getDaysInMonth(newDate(year, month - 1, 1, NOON));
  if (!within(year, 100_000) || !within(month, 100)) return length();
  return monthLengths.get(year * 100 + month, length);
}

/** The same month and day `years` earlier; Esfand 30 of a leap year becomes Esfand 29 otherwise. */
export function jalaliYearsBefore(date: JalaliDay, years: number): JalaliDay {
  const year = date.year - years;
  return { year, month: date.month, day: Math.min(date.day, daysInJalaliMonth(year, date.month)) };
}

/**
 * Whole months from `due` to `today`, zero when today is not after the due date. A month is whole
 * when today's day of month reaches the due day, or today is the last day of a month too short to
 * reach it (due on Shahrivar 31, Mehr 30 completes a month).
 */
export function wholeJalaliMonthsBetween(due: JalaliDay, today: JalaliDay): number {
  let months = (today.year - due.year) * 12 + (today.month - due.month);
  const endOfMonth = today.day === daysInJalaliMonth(today.year, today.month);
  if (today.day < due.day && !endOfMonth) months -= 1;
  return Math.max(0, months);
}
