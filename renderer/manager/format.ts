import { formatJalali, formatTehranDateTime, gregorianToJalali } from '../../shared/jalali';
import { formatRials } from '../../shared/money';
import { localizeDigits } from '../lib/digits';

/** An ISO business date as people read it: the Jalali date, in the UI's digits. */
export function jalaliDate(isoDate: string, lang: string): string {
  return localizeDigits(formatJalali(gregorianToJalali(isoDate)), lang);
}

export function rials(amount: number, lang: string): string {
  return formatRials(amount, { digits: lang === 'fa' ? 'fa' : 'latin' });
}

export function dateTime(epochMs: number, lang: string): string {
  return localizeDigits(formatTehranDateTime(epochMs), lang);
}

export function count(n: number, lang: string): string {
  return localizeDigits(n, lang);
}
