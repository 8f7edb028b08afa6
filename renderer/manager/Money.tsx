import { useTranslation } from 'react-i18next';
import { rials } from './format';

/**
 * An amount in Rials, numerals kept left-to-right inside RTL text, in the language given: for the
 * cells of long tables (a year's report has a row per day), where a hook per cell cost more than
 * the rest of the table (ui-report).
 */
export function moneyText(amount: number, lang: string, testId?: string) {
  return (
    <span dir="ltr" className="tabular-nums" data-testid={testId}>
      {rials(amount, lang)}
    </span>
  );
}

/** An amount in Rials, right-aligned numerals kept left-to-right inside RTL text. */
export function Money({ amount, testId }: { readonly amount: number; readonly testId?: string }) {
  const { i18n } = useTranslation();
  return moneyText(amount, i18n.language, testId);
}
