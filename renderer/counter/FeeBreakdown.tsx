import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatRials } from '../../shared/money';

export interface FeeLineView {
  readonly key: string;
  readonly label: { readonly fa: string; readonly en: string };
  readonly kind: 'municipal' | 'office';
  readonly amount: number;
}

interface FeeBreakdownProps {
  readonly lines: readonly FeeLineView[] | null;
  readonly total: number | null;
  /** Why there is no fee yet (fields missing or invalid). */
  readonly pending: string | null;
  /** Why the tariff cannot price the details given, shown instead of `pending`. */
  readonly problem?: string | null;
}

/**
 * The live fee, line by line, as the tariff computes it. It is shown, never edited. Drawn again
 * only when the fee or what is said about it changes, not on every keystroke into the form.
 */
export const FeeBreakdown = memo(function FeeBreakdown({
  lines,
  total,
  pending,
  problem = null,
}: FeeBreakdownProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const rials = (n: number) => formatRials(n, { digits: lang === 'fa' ? 'fa' : 'latin' });
  return (
    <section
      aria-labelledby="fee-title"
      className="rounded-xl bg-white p-4 ring-1 ring-slate-200"
      data-testid="fee-breakdown"
    >
      <h2 id="fee-title" className="mb-2 font-semibold">
        {t('counter.fee')}
      </h2>
      {lines && total !== null ? (
        <table className="w-full text-sm">
          <tbody>
            {lines.map((line) => (
              <tr key={line.key}>
                <td className="py-1">
                  <div>{line.label[lang]}</div>
                  <span
                    className={`rounded px-1 text-xs ${line.kind === 'office' ? 'bg-amber-100 text-amber-900' : 'bg-sky-100 text-sky-900'}`}
                  >
                    {t(`counter.kind.${line.kind}`)}
                  </span>
                </td>
                <td className="py-1 text-end tabular-nums" dir="ltr">
                  {rials(line.amount)}
                </td>
              </tr>
            ))}
            <tr className="border-t border-slate-200 font-bold">
              <td className="py-2">{t('counter.total')}</td>
              <td className="py-2 text-end tabular-nums" data-testid="fee-total">
                {rials(total)}
              </td>
            </tr>
          </tbody>
        </table>
      ) : problem ? (
        <p role="alert" className="text-sm text-red-700" data-testid="fee-problem">
          {problem}
        </p>
      ) : (
        <p className="text-sm text-slate-500">{pending}</p>
      )}
    </section>
  );
});
