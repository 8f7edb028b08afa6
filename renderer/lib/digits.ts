import { normalizeDigits, toPersianDigits } from '../../shared/text/normalize';

/** Digits as the reader expects them: Persian digits in the Persian UI. */
export function localizeDigits(text: string | number, lang: string): string {
  return lang === 'fa' ? toPersianDigits(text) : String(text);
}

/** A whole number as typed, in Persian, Arabic-Indic or Latin digits; NaN when it is none. */
export function typedNumber(text: string): number {
  const ascii = normalizeDigits(text).trim();
  return /^\d+$/.test(ascii) ? Number(ascii) : Number.NaN;
}
