import { toPersianDigits } from '../text/normalize';
import { assertRials } from './amount';

export type DigitStyle = 'fa' | 'latin';

export interface FormatRialsOptions {
  /** 'fa': Persian digits with the Arabic thousands separator ٬ (U+066C); 'latin': 0-9 with commas. */
  readonly digits?: DigitStyle;
}

const SEPARATOR: Readonly<Record<DigitStyle, string>> = { fa: '\u066c', latin: ',' };

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * `1200000` → `۱٬۲۰۰٬۰۰۰` (or `1,200,000`). Hand-rolled rather than Intl so the receipt prints the same
 * on every PC whatever ICU data the runtime carries. Negative amounts (a reconciliation shortfall) get
 * a leading minus; fractions throw.
 */
export function formatRials(amount: number, options: FormatRialsOptions = {}): string {
  assertRials(amount, { allowNegative: true });
  const style = options.digits ?? 'fa';
  const grouped = groupThousands(String(Math.abs(amount)), SEPARATOR[style]);
  const text = amount < 0 ? `-${grouped}` : grouped;
  return style === 'fa' ? toPersianDigits(text) : text;
}

/**
 * Tomans (= 10 Rials) are what citizens say out loud; shown only as a spoken-amount hint, never stored.
 * A remainder below one Toman is shown as one decimal with the Persian decimal separator ٫ (U+066B).
 */
export function formatTomans(amountInRials: number, options: FormatRialsOptions = {}): string {
  assertRials(amountInRials);
  const style = options.digits ?? 'fa';
  const whole = formatRials(Math.floor(amountInRials / 10), options);
  const remainder = amountInRials % 10;
  if (remainder === 0) return whole;
  const decimal = style === 'fa' ? '\u066b' : '.';
  return `${whole}${decimal}${style === 'fa' ? toPersianDigits(remainder) : String(remainder)}`;
}
