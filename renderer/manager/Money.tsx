import { useTranslation } from 'react-i18next';
import { rials } from './format';

/** An amount in Rials, right-aligned numerals kept left-to-right inside RTL text. */
export function Money({ amount, testId }: { readonly amount: number; readonly testId?: string }) {
  const { i18n } = useTranslation();
  return (
    <span dir="ltr" className="tabular-nums" data-testid={testId}>
      {rials(amount, i18n.language)}
    </span>
  );
}
