import { toPersianDigits } from '../../shared/text/normalize';

/** Digits as the reader expects them: Persian digits in the Persian UI. */
export function localizeDigits(text: string | number, lang: string): string {
  return lang === 'fa' ? toPersianDigits(text) : String(text);
}
