import { isValidJalaliDate, jalaliToGregorian, type JalaliDate } from '../jalali';

/** The longest range one report covers: a little over a year, with room for a leap day. */
export const MAX_REPORT_DAYS = 400;

export type RangeProblem = 'from_invalid' | 'to_invalid' | 'range_reversed' | 'range_too_long';

/** A Jalali date range as typed → Gregorian ISO business dates, both ends included. */
export function jalaliRange(
  from: JalaliDate,
  to: JalaliDate,
): { ok: true; from: string; to: string } | { ok: false; problem: RangeProblem } {
  if (!isValidJalaliDate(from.year, from.month, from.day)) return { ok: false, problem: 'from_invalid' };
  if (!isValidJalaliDate(to.year, to.month, to.day)) return { ok: false, problem: 'to_invalid' };
  const f = jalaliToGregorian(from);
  const t = jalaliToGregorian(to);
  if (f > t) return { ok: false, problem: 'range_reversed' };
  const days = (Date.parse(`${t}T00:00:00Z`) - Date.parse(`${f}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_REPORT_DAYS) return { ok: false, problem: 'range_too_long' };
  return { ok: true, from: f, to: t };
}
