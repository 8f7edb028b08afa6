import { isValidJalaliDate, type JalaliDate } from './jalali';
import { normalizeDigits, removeInvisibleMarks } from './text/normalize';

/**
 * A Jalali date as typed or pasted, `1404/09/07` in any digits, with `/`, `-` or `.` between its
 * parts, or null when it is not a real date. A direction mark, a ZWNJ or spaces pasted with it (from
 * an SMS, a PDF or a spreadsheet) are not part of it. The one reader of a typed date, for the counter's
 * date fields, the date picker and the reports' range alike.
 */
export function readJalaliDate(raw: string): JalaliDate | null {
  const text = normalizeDigits(removeInvisibleMarks(raw)).replace(/[\s\u200c]/g, '');
  const match = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isValidJalaliDate(year, month, day) ? { year, month, day } : null;
}
