import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CANCELLABLE_STATUSES,
  VOIDABLE_STATUSES,
  type TransactionDetail,
  type TransactionSummary,
} from '../../shared/ipc/counter';
import { isLegalPerson, payerName } from '../../shared/citizen';
import { formatTehranDateTime } from '../../shared/jalali';
import { formatRials } from '../../shared/money';
import type { AppErrorShape } from '../../shared/result';
import { formatTrackingCode } from '../../shared/tracking-code';
import { call } from '../api/client';
import { askPaper, ReceiptWithActions } from '../counter/SavedView';
import type { ReceiptLayout } from '../receipt/Receipt';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useShortcuts } from '../lib/shortcuts';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { DeliveryState } from './DeliveryState';
import { issuedElsewhereText } from './issued-elsewhere';
import { TransactionList } from './TransactionList';
import { VoidDialog } from './VoidDialog';

/**
 * "What happened to my request?": find by tracking code (typed, or from a scanner that types it and
 * presses Enter), national ID or mobile; see the payments and the status history.
 */
export function TrackingSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<TransactionSummary[] | null>(null);
  const [selected, setSelected] = useState<TransactionDetail | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // The counter's paper, asked for once: a transaction's receipt is then drawn with it, not a
  // render later (each transaction shown would ask again otherwise).
  const [paper, setPaper] = useState<ReceiptLayout | undefined>(undefined);

  useShortcuts(useMemo(() => [{ key: 'f', ctrl: true, run: () => input.current?.focus() }], []));

  useEffect(() => {
    let live = true;
    void askPaper().then((known) => {
      if (live) setPaper(known);
    });
    return () => {
      live = false;
    };
  }, []);

  // Each search, and each transaction asked to be shown, is numbered: an answer to an older one,
  // arriving late, is dropped. A search also asks for the transaction it finds; opening a row or
  // going back to the list asks only for what is shown, and leaves a pending search's results be.
  const searchAsked = useRef(0);
  const shownAsked = useRef(0);

  async function open(id: string) {
    const ask = ++shownAsked.current;
    const r = await call('transactions.get', { id });
    if (ask !== shownAsked.current) return;
    setError(r.ok ? null : r.error);
    if (r.ok) setSelected(r.value);
  }

  function backToList() {
    shownAsked.current++;
    setSelected(null);
  }

  // The transaction shown stays until the answer replaces it: clearing it first drew the whole
  // list (and fetched its first page) for a frame or two between one transaction and the next.
  async function search(event: FormEvent) {
    event.preventDefault();
    const ask = ++searchAsked.current;
    const shown = ++shownAsked.current;
    const r = await call('transactions.search', { query });
    if (ask !== searchAsked.current) return;
    setError(r.ok ? null : r.error);
    setResults(r.ok ? r.value : null);
    const only = r.ok && r.value.length === 1 ? r.value[0] : undefined;
    const found = only ? await call('transactions.get', { id: only.id }) : null;
    if (shown !== shownAsked.current) return;
    if (found && !found.ok) setError(found.error);
    setSelected(found?.ok ? found.value : null);
  }

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">{t('tracking.title')}</h1>
      <form onSubmit={search} className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-80 flex-col gap-1">
          <label htmlFor="tracking-query" className="text-sm font-medium">
            {t('tracking.query')} <kbd className="rounded bg-slate-100 px-1 text-xs">Ctrl+F</kbd>
          </label>
          <input
            id="tracking-query"
            ref={input}
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('tracking.queryHint')}
            dir="ltr"
            className="rounded-md border border-slate-300 px-3 py-2 outline-none focus:ring-2 focus:ring-teal-600"
          />
        </div>
        <Button type="submit">{t('tracking.search')}</Button>
      </form>
      {error ? <SearchError error={error} /> : null}
      {results && results.length === 0 ? <Alert tone="info">{t('tracking.none')}</Alert> : null}
      {results && results.length > 1 ? (
        <table
          className="w-full max-w-4xl rounded-xl bg-white text-sm ring-1 ring-slate-200"
          data-testid="tracking-results"
        >
          <thead>
            <tr className="text-start text-slate-500">
              <th className="p-2 text-start">{t('tracking.code')}</th>
              <th className="p-2 text-start">{t('tracking.service')}</th>
              <th className="p-2 text-start">{t('tracking.citizen')}</th>
              <th className="p-2 text-start">{t('tracking.date')}</th>
              <th className="p-2 text-start">{t('tracking.status')}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.id} className="border-t border-slate-100">
                <td className="p-2">
                  <button
                    type="button"
                    className="text-teal-800 underline"
                    onClick={() => void open(r.id)}
                    dir="ltr"
                  >
                    {localizeDigits(formatTrackingCode(r.trackingCode), lang)}
                  </button>
                </td>
                <td className="p-2">{r.service.name[lang === 'en' ? 'en' : 'fa']}</td>
                <td className="p-2">{payerName(r.citizen)}</td>
                <td className="p-2">
                  {/* The municipality's time, as on the receipt; a search's results always carry it. */}
                  {r.municipalTime === undefined
                    ? null
                    : localizeDigits(formatTehranDateTime(r.municipalTime), lang)}
                </td>
                <td className="p-2">{t(`tracking.statuses.${r.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {selected ? (
        <>
          <Button variant="ghost" className="self-start" onClick={backToList}>
            {t('tracking.backToList')}
          </Button>
          {/* Keyed: another transaction opens with a fresh void dialog, not the last one's reason. */}
          <TransactionView
            key={selected.id}
            tx={selected}
            paper={paper}
            onChanged={() => void open(selected.id)}
          />
        </>
      ) : null}
      {!selected ? <TransactionList onOpen={(id) => void open(id)} /> : null}
    </div>
  );
}

/** What went wrong; a code another counter issued is no error of the operator's: where to ask. */
function SearchError({ error }: { readonly error: AppErrorShape }) {
  const { t, i18n } = useTranslation();
  const elsewhere = issuedElsewhereText(t, i18n.language, error);
  if (elsewhere === null) return <Alert>{errorText(t, i18n.language, error)}</Alert>;
  return (
    <Alert tone="info">
      <span data-testid="issued-elsewhere">{elsewhere}</span>
    </Alert>
  );
}

function TransactionView({
  tx,
  paper,
  onChanged,
}: {
  readonly tx: TransactionDetail;
  readonly paper: ReceiptLayout | undefined;
  readonly onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [voiding, setVoiding] = useState(false);
  const [voided, setVoided] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const rials = (n: number) => formatRials(n, { digits: lang === 'en' ? 'latin' : 'fa' });
  // Once voided or its cancellation requested there is no second one; a rejection is final.
  const canVoid =
    tx.voiding === null &&
    (VOIDABLE_STATUSES.includes(tx.status) || CANCELLABLE_STATUSES.includes(tx.status));
  useEffect(() => setVoiding(false), [tx.id]);
  // The closed dialog hands focus back to the void button, which is gone once the transaction is
  // voided: focus goes to the transaction instead of being lost to the page (after the dialog's
  // own effect, which runs first).
  useEffect(() => {
    if (voiding || !voided) return;
    setVoided(false);
    heading.current?.focus();
  }, [voiding, voided]);

  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2" data-testid="transaction-view">
      <section className="flex flex-col gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none" dir="ltr">
          {localizeDigits(formatTrackingCode(tx.trackingCode), lang)}
        </h2>
        <p>
          {tx.service.name[lang === 'en' ? 'en' : 'fa']}
          {t('app.sep')}
          <span data-testid="transaction-payer">{payerName(tx.citizen)}</span>
          {isLegalPerson(tx.citizen) ? (
            <>
              {t('app.sep')}
              {localizeDigits(t('tracking.legalEntityId', { id: tx.citizen.legalEntityId }), lang)}
            </>
          ) : null}
          {t('app.sep')}
          {rials(tx.total)}
        </p>
        <p>
          {t('tracking.status')}:{' '}
          <strong data-testid="transaction-status">{t(`tracking.statuses.${tx.status}`)}</strong>
        </p>
        <DeliveryState delivery={tx.delivery} />
        <h3 className="font-semibold">{t('tracking.payments')}</h3>
        <ul className="text-sm">
          {tx.payments.map((p, i) => (
            <li key={i}>
              {t(`counter.method.${p.method}`)}
              {t('app.sep')}
              {rials(p.amount)}
              {p.reference
                ? `${t('app.sep')}${t('counter.reference')} ${localizeDigits(p.reference, lang)}`
                : ''}
              {p.change > 0 ? `${t('app.sep')}${t('counter.change')} ${rials(p.change)}` : ''}
            </li>
          ))}
        </ul>
        <h3 className="font-semibold">{t('tracking.history')}</h3>
        <ol className="text-sm" data-testid="status-history">
          {tx.statusHistory.map((h, i) => (
            <li key={i}>
              {localizeDigits(formatTehranDateTime(h.at), lang)}
              {t('app.sep')}
              {t(`tracking.statuses.${h.status}`)}
              {t('app.sep')}
              {t(`tracking.sources.${h.source}`)}
              {h.reason ? `${t('app.sep')}${h.reason}` : ''}
              {h.actor ? `${t('app.sep')}${h.actor}` : ''}
            </li>
          ))}
        </ol>
        {tx.voiding ? (
          <Alert tone="info">
            <span data-testid="voiding">
              {t(`tracking.voided.${tx.voiding.kind}`, {
                reason: tx.voiding.reason,
                by: tx.voiding.approvedBy ?? t('tracking.voided.unknownApprover'),
              })}
            </span>
            {tx.voiding.source === 'municipality' ? (
              <span className="block">{t('tracking.voided.fromMunicipality')}</span>
            ) : null}
          </Alert>
        ) : null}
        {canVoid ? (
          <Button variant="secondary" className="self-start" onClick={() => setVoiding(true)}>
            {t('tracking.requestVoid')}
          </Button>
        ) : null}
        <VoidDialog
          open={voiding}
          tx={tx}
          onClose={() => setVoiding(false)}
          onDone={() => {
            setVoiding(false);
            setVoided(true);
            onChanged();
          }}
        />
      </section>
      <ReceiptWithActions tx={tx} paper={paper} />
    </div>
  );
}
