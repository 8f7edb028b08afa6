import type { TFunction } from 'i18next';
import { formatJalali, formatTehranDateTime, gregorianToJalali } from '../../shared/jalali';
import type { AppErrorShape } from '../../shared/result';
import { localizeDigits } from './digits';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The user-facing sentence for an error from the core, in the current language. */
export function errorText(t: TFunction, lang: string, error: AppErrorShape): string {
  const until = error.details['until'];
  const params: Record<string, string> = {};
  if (typeof until === 'number')
    params['until'] = localizeDigits(formatTehranDateTime(until).split(' ')[1] ?? '', lang);
  // Calendar dates (ISO, as the core keeps them) read as Jalali dates.
  for (const key of ['date', 'lastSaleDate']) {
    const value = error.details[key];
    if (typeof value === 'string' && ISO_DATE.test(value))
      params[key] = localizeDigits(formatJalali(gregorianToJalali(value)), lang);
  }
  return t(error.messageKey, params);
}
