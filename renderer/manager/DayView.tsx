import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayDetail } from '../../shared/ipc/calls/manager';
import type { AppErrorShape } from '../../shared/result';
import { isAttentionReasonCode } from '../../shared/sync/refusals';
import { formatTrackingCode } from '../../shared/tracking-code';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { CloseDayForm } from './CloseDayForm';
import { count, dateTime, jalaliDate } from './format';
import { Money } from './Money';
import { MovementForm } from './MovementForm';
import { ReconciliationView } from './ReconciliationView';
import { BackupAfterClose, type BackupAfterCloseState } from './BackupAfterClose';
import './print.css';
import { daySheets, sheetsCsvRows, toCsv } from '../../shared/reports';
import { downloadBlob } from './download';
import { workbook } from './xlsx';

/**
 * Where the day's settlement report is. One the municipality refused is not "queued": it waits on
 * the Sync screen, which explains the reason and sends it again once the cause is fixed.
 */
function SettlementState({
  settlement,
}: {
  readonly settlement: NonNullable<DayDetail['closing']>['settlement'];
}) {
  const { t } = useTranslation();
  switch (settlement.state) {
    case 'delivered':
      return (
        <p className="text-sm" data-testid="settlement-state">
          {t('day.settlementDelivered')}
        </p>
      );
    case 'pending':
      return (
        <p className="text-sm" data-testid="settlement-state">
          {t('day.settlementQueued')}
        </p>
      );
    case 'needs_attention': {
      const code = settlement.reason?.code ?? '';
      const reason =
        settlement.reason?.outcome !== 'other' && isAttentionReasonCode(code)
          ? t(`sync.reasons.${code}`)
          : code || '—';
      return (
        <Alert>
          <span data-testid="settlement-state">{t('day.settlementNeedsAttention')}</span>{' '}
          <span data-testid="settlement-reason">{t('day.settlementRefusalReason', { reason })}</span>
        </Alert>
      );
    }
  }
}

/** One business day: its reconciliation, cash movements, voids, and closing (or how it was closed). */
export function DayView({ dayId, onChanged }: { readonly dayId: string; readonly onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [detail, setDetail] = useState<DayDetail | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  // The backup that follows this view's close: being taken, then how it ended (null: no close here).
  const [backup, setBackup] = useState<BackupAfterCloseState | null>(null);
  const [closedHere, setClosedHere] = useState(false);

  const load = useCallback(async () => {
    const r = await call('day.detail', { dayId });
    if (r.ok) setDetail(r.value);
    else setError(r.error);
  }, [dayId]);

  useEffect(() => {
    void load();
  }, [load]);

  // The close answered before its backup was taken (seconds on years of sales): say so, then how it ended.
  useEffect(() => {
    if (!closedHere) return;
    let live = true;
    setBackup('running');
    void call('backups.afterClose', { dayId }).then(function showBackup(r) {
      if (!live) return;
      if (!r.ok) setBackup({ ok: false, name: null, errorCode: r.error.code });
      else setBackup(r.value);
    });
    return () => {
      live = false;
    };
  }, [closedHere, dayId]);

  if (!detail) return error ? <Alert>{errorText(t, lang, error)}</Alert> : null;
  const { day, closing } = detail;
  const exportDay = (kind: 'csv' | 'xlsx') => {
    const language = lang === 'en' ? 'en' : 'fa';
    const sheets = daySheets(detail, language);
    const name = `pishkhan-day-${jalaliDate(day.businessDate, 'en').replace(/\//g, '-')}-terminal-${day.terminalNumber}`;
    if (kind === 'csv')
      downloadBlob(
        new Blob([toCsv(sheetsCsvRows(sheets))], { type: 'text/csv;charset=utf-8' }),
        `${name}.csv`,
      );
    else void workbook(sheets, language).then((blob) => downloadBlob(blob, `${name}.xlsx`));
  };
  const updated = (d: DayDetail) => {
    setDetail(d);
    onChanged();
  };

  return (
    <article className="print-area flex flex-col gap-4" data-testid="day-view" aria-labelledby="day-heading">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="day-heading" className="text-lg font-semibold">
          {t('day.heading', {
            date: jalaliDate(day.businessDate, lang),
            terminal: count(day.terminalNumber, lang),
          })}
        </h2>
        <span data-testid="day-state" className="rounded bg-slate-100 px-2 py-1 text-sm">
          {t(`day.state.${day.state}`)}
        </span>
        <div className="flex gap-2 print:hidden">
          <Button variant="secondary" onClick={() => window.print()}>
            {t('day.print')}
          </Button>
          <Button variant="secondary" onClick={() => exportDay('csv')}>
            {t('day.exportCsv')}
          </Button>
          <Button variant="secondary" onClick={() => exportDay('xlsx')}>
            {t('day.exportXlsx')}
          </Button>
        </div>
      </header>
      <p className="text-sm text-slate-600">
        {t('day.openedBy', { who: day.openedBy, at: dateTime(day.openedAt, lang) })}
        {day.closedAt !== null && day.closedBy !== null
          ? `${t('app.sep')}${t('day.closedBy', { who: day.closedBy, at: dateTime(day.closedAt, lang) })}`
          : null}
      </p>
      {detail.unacknowledged > 0 ? (
        <Alert tone="info">
          <span data-testid="unacknowledged">
            {t('day.unacknowledged', {
              n: count(detail.unacknowledged, lang),
              total: count(detail.transactions, lang),
            })}
          </span>
        </Alert>
      ) : (
        <Alert tone="success">
          <span data-testid="unacknowledged">
            {t('day.allAcknowledged', { total: count(detail.transactions, lang) })}
          </span>
        </Alert>
      )}
      {backup ? <BackupAfterClose backup={backup} /> : null}
      <ReconciliationView reconciliation={detail.reconciliation} />
      <section className="flex flex-col gap-2">
        <h3 className="font-semibold">{t('day.movements')}</h3>
        {detail.movements.length === 0 ? (
          <p className="text-sm text-slate-500">{t('day.noMovements')}</p>
        ) : (
          <table className="w-full max-w-3xl text-sm [&_td]:px-2 [&_th]:px-2" data-testid="movements">
            <thead>
              <tr className="text-start text-slate-500">
                <th className="text-start">{t('day.movementDirection')}</th>
                <th className="text-start">{t('day.movementReason')}</th>
                <th className="text-start">{t('day.movementNote')}</th>
                <th className="text-start">{t('day.amountRials')}</th>
                <th className="text-start">{t('day.by')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.movements.map((m, i) => (
                <tr key={i} className="border-t border-slate-100">
                  <td>{t(`day.direction.${m.direction}`)}</td>
                  <td>{t(`day.reason.${m.reason}`)}</td>
                  <td>{m.note}</td>
                  <td>
                    <Money amount={m.amount} />
                  </td>
                  <td>{m.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {day.state === 'open' ? (
          <MovementForm dayId={day.id} expectedCash={detail.reconciliation.expectedCash} onDone={updated} />
        ) : null}
      </section>
      <section className="flex flex-col gap-2">
        <h3 className="font-semibold">{t('day.voids')}</h3>
        {detail.voids.length === 0 ? (
          <p className="text-sm text-slate-500">{t('day.noVoids')}</p>
        ) : (
          <ul className="text-sm" data-testid="voids">
            {detail.voids.map((v) => (
              <li key={v.trackingCode}>
                <span dir="ltr">{localizeDigits(formatTrackingCode(v.trackingCode), lang)}</span>
                {t('app.sep')}
                <Money amount={v.total} />
                {t('app.sep')}
                {v.reason}
                {v.late ? `${t('app.sep')}${t('day.lateVoid')}` : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {closing ? (
        <section
          className="flex flex-col gap-2 rounded-xl bg-white p-4 ring-1 ring-slate-200"
          data-testid="closing"
        >
          <h3 className="font-semibold">{t('day.closingTitle')}</h3>
          <p>
            {t('day.countedCash')}: <Money amount={closing.countedCash} />
            {t('app.sep')}
            {t('day.cashDifference')}:{' '}
            <Money amount={closing.cashDifference} testId="closed-cash-difference" />
          </p>
          {closing.cashNote ? <p className="text-sm text-slate-600">{closing.cashNote}</p> : null}
          <p>
            {t('day.cardSlipTotal')}: <Money amount={closing.cardSlipTotal} />
            {t('app.sep')}
            {t('day.cardDifference')}: <Money amount={closing.cardDifference} />
          </p>
          {closing.cardNote ? <p className="text-sm text-slate-600">{closing.cardNote}</p> : null}
          <SettlementState settlement={closing.settlement} />
        </section>
      ) : (
        <CloseDayForm
          detail={detail}
          onClosed={(closed) => {
            setClosedHere(true);
            updated(closed);
          }}
          onStale={() => void load()}
        />
      )}
    </article>
  );
}
