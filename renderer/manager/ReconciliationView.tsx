import { useTranslation } from 'react-i18next';
import type { Reconciliation } from '../../shared/reconciliation';
import { count } from './format';
import { Money } from './Money';
import { Stat } from './Stat';

/** The day's books: shares, methods, operators, services, voids and the expected drawer. */
export function ReconciliationView({ reconciliation: r }: { readonly reconciliation: Reconciliation }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const name = (n: { fa: string; en: string }) => (lang === 'fa' ? n.fa : n.en);
  return (
    <section className="flex flex-col gap-4" data-testid="reconciliation">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label={t('day.keptTotal', { n: count(r.kept.count, lang) })}>
          <Money amount={r.kept.total} testId="kept-total" />
        </Stat>
        <Stat label={t('day.municipalShare')}>
          <Money amount={r.kept.municipal} testId="municipal-share" />
        </Stat>
        <Stat label={t('day.officeFees')}>
          <Money amount={r.kept.office} testId="office-fees" />
        </Stat>
        <Stat label={t('day.voidedTotal', { n: count(r.voided.count, lang) })}>
          <Money amount={r.voided.total} testId="voided-total" />
        </Stat>
        <Stat label={t('day.openingFloat')}>
          <Money amount={r.openingFloat} />
        </Stat>
        <Stat label={t('day.cashKept')}>
          <Money amount={r.byMethod.cash.amount} testId="cash-kept" />
        </Stat>
        <Stat label={t('day.changeGiven')}>
          <Money amount={r.byMethod.cash.changeGiven} />
        </Stat>
        <Stat label={t('day.movementsNet')}>
          <Money amount={r.movements.in - r.movements.out} />
        </Stat>
        <Stat label={t('day.expectedCash')}>
          <Money amount={r.expectedCash} testId="expected-cash" />
        </Stat>
        <Stat label={t('day.expectedCard')}>
          <Money amount={r.expectedCard} testId="expected-card" />
        </Stat>
        {r.lateVoids.count > 0 ? (
          <>
            {/* Apart: expected cash takes the cash refunds, the POS slip the card ones, which only a
                day closed before the drawer paid every earlier day's refund has (see reconcile). */}
            <Stat label={t('day.lateVoidsCash', { n: count(r.lateVoids.count, lang) })} tone="warn">
              <Money amount={r.lateVoids.cash} testId="late-voids-cash" />
            </Stat>
            {r.lateVoids.card > 0 ? (
              <Stat label={t('day.lateVoidsCard', { n: count(r.lateVoids.count, lang) })} tone="warn">
                <Money amount={r.lateVoids.card} testId="late-voids-card" />
              </Stat>
            ) : null}
          </>
        ) : null}
        {r.cancellationsRequested.count > 0 ? (
          <Stat label={t('day.cancellations', { n: count(r.cancellationsRequested.count, lang) })}>
            <Money amount={r.cancellationsRequested.total} />
          </Stat>
        ) : null}
      </div>
      <p className="text-xs text-slate-500">{t('day.expectedCashRule')}</p>
      <p className="text-xs text-slate-500">{t('day.expectedCardRule')}</p>
      <table className="w-full text-sm [&_td]:px-2 [&_th]:px-2" data-testid="by-operator">
        <caption className="text-start font-semibold">{t('day.byOperator')}</caption>
        <thead>
          <tr className="text-slate-500">
            <th className="text-start">{t('day.operator')}</th>
            <th className="text-start">{t('day.count')}</th>
            <th className="text-start">{t('day.cash')}</th>
            <th className="text-start">{t('day.card')}</th>
            <th className="text-start">{t('day.total')}</th>
            <th className="text-start">{t('day.voidedCount')}</th>
          </tr>
        </thead>
        <tbody>
          {r.byOperator.map((o) => (
            <tr key={o.operatorId} className="border-t border-slate-100">
              <td>{o.operatorName}</td>
              <td>{count(o.count, lang)}</td>
              <td>
                <Money amount={o.cash} />
              </td>
              <td>
                <Money amount={o.card} />
              </td>
              <td>
                <Money amount={o.total} />
              </td>
              <td>{count(o.voidedCount, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-sm [&_td]:px-2 [&_th]:px-2" data-testid="by-service">
        <caption className="text-start font-semibold">{t('day.byService')}</caption>
        <thead>
          <tr className="text-slate-500">
            <th className="text-start">{t('day.service')}</th>
            <th className="text-start">{t('day.count')}</th>
            <th className="text-start">{t('day.municipalShare')}</th>
            <th className="text-start">{t('day.officeFees')}</th>
            <th className="text-start">{t('day.total')}</th>
            <th className="text-start">{t('day.voidedCount')}</th>
          </tr>
        </thead>
        <tbody>
          {r.byService.map((s) => (
            <tr key={s.serviceCode} className="border-t border-slate-100">
              <td>{name(s.serviceName)}</td>
              <td>{count(s.count, lang)}</td>
              <td>
                <Money amount={s.municipal} />
              </td>
              <td>
                <Money amount={s.office} />
              </td>
              <td>
                <Money amount={s.total} />
              </td>
              <td>{count(s.voidedCount, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
