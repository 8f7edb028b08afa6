import type { TFunction } from 'i18next';
import { formatTehranDateTime } from '../../shared/jalali';
import type { AppErrorShape } from '../../shared/result';
import { localizeDigits } from './digits';

/** The user-facing sentence for an error from the core, in the current language. */
export function errorText(t: TFunction, lang: string, error: AppErrorShape): string {
  const until = error.details['until'];
  const params: Record<string, string> = {};
  if (typeof until === 'number')
    params['until'] = localizeDigits(formatTehranDateTime(until).split(' ')[1] ?? '', lang);
  return t(error.messageKey, params);
}
