import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../shared/ipc/contract';
import type { TransactionDetail } from '../../shared/ipc/counter';
import { formatRials } from '../../shared/money';
import { errorShape, type AppErrorShape } from '../../shared/result';
import { formatTrackingCode } from '../../shared/tracking-code';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useShortcuts } from '../lib/shortcuts';
import { Receipt, type ReceiptLayout } from '../receipt/Receipt';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { NEW_AFTER_MS } from './timing';

/**
 * The paper this counter's printer takes (Settings); undefined when the settings cannot be read,
 * answered or not: then nothing is printed on a guess.
 */
export function askPaper(): Promise<ReceiptLayout | undefined> {
  return call('settings.get', {}).then(
    (r) => (r.ok ? r.value.receiptLayout : undefined),
    () => undefined,
  );
}

interface ReceiptActionsProps {
  readonly tx: TransactionDetail;
  readonly onPrinted?: () => void;
  /**
   * The counter's paper, when already known: the receipt is then drawn with the rest, not a render
   * later. Asked for here otherwise.
   */
  readonly paper?: ReceiptLayout;
  /** A print to the printer was asked for (Ctrl+P) before this receipt was on screen. */
  readonly printAsked?: boolean;
}

/**
 * The receipt with its print and PDF buttons. Each print draws the receipt as the next copy and
 * asks the core to record that copy and print it, in one call: a second print of the same receipt
 * says it is a duplicate, and no copy is printed twice. A print that failed leaves its copy
 * recorded, so printing again prints the copy after it; one whose print or save dialog was
 * cancelled (nothing printed, no file) gives it back, so printing again prints the same copy.
 */
export function ReceiptWithActions({ tx, onPrinted, paper, printAsked = false }: ReceiptActionsProps) {
  const { t, i18n } = useTranslation();
  // Null until this counter's paper (Settings) is known: nothing is printed on a guess.
  const [layout, setLayout] = useState<ReceiptLayout | null>(paper ?? null);
  const [copy, setCopy] = useState(Math.max(tx.printCount, 1));
  // The copies recorded so far, as far as this view knows: the next print is the one after them.
  const recorded = useRef(tx.printCount);
  // The print waiting for the receipt to be drawn as its copy, on its paper.
  const [pending, setPending] = useState<{
    target: 'printer' | 'pdf';
    layout: ReceiptLayout;
    copyNumber: number;
  } | null>(null);
  // A print asked for (Ctrl+P) before the paper was known: done once it is. Each ask is its own
  // object, taken once: an effect run twice for the same ask (React's StrictMode) prints it once.
  const [asked, setAsked] = useState<{ readonly target: 'printer' | 'pdf' } | null>(
    printAsked ? { target: 'printer' } : null,
  );
  const taken = useRef<typeof asked>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  // One print at a time, from drawing its copy to the printer's answer: a double click on Print
  // would otherwise record two copies and print the second as a duplicate. The ref decides (two
  // clicks in one tick), `printing` disables the buttons.
  const inFlight = useRef(false);
  const [printing, setPrinting] = useState(false);
  const printDone = () => {
    inFlight.current = false;
    setPrinting(false);
  };

  async function print(target: 'printer' | 'pdf') {
    if (!layout) return setAsked({ target });
    if (inFlight.current) return;
    inFlight.current = true;
    setPrinting(true);
    setMessage(null);
    const copyNumber = recorded.current + 1;
    setCopy(copyNumber);
    setPending({ target, layout, copyNumber });
  }

  // The receipt opens on the paper this counter's printer takes, unless one was picked meanwhile.
  useEffect(() => {
    if (paper) return;
    let live = true;
    void askPaper().then((known) => {
      if (!live) return;
      setLayout((chosen) => chosen ?? known ?? '80mm');
      // Not on a guess: a print asked for while the paper was unknown waits for another press.
      if (!known) setAsked(null);
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!layout || !asked || taken.current === asked) return;
    taken.current = asked;
    setAsked(null);
    // Not behind a dialog opened meanwhile (the lock screen, a void's approval), as a key is not.
    if (document.querySelector('dialog:modal')) return;
    // This render's print, which has the paper now known.
    void print(asked.target);
  }, [layout, asked]);

  // Printed only after the receipt has been drawn with its copy number, on its paper.
  useEffect(() => {
    if (!pending) return;
    setPending(null);
    const { copyNumber, target } = pending;
    void call('receipts.print', { id: tx.id, copyNumber, layout: pending.layout, target }).then(
      (r) => {
        printDone();
        if (!r.ok) {
          const nextCopy = r.error.details['nextCopy'];
          // Recorded meanwhile (an earlier print whose answer was lost): the receipt shows the next.
          if (r.error.code === 'receipt_copy_not_next' && typeof nextCopy === 'number') {
            recorded.current = nextCopy - 1;
            setCopy(nextCopy);
          }
          // The core recorded this copy before the printer failed: it is not printed again.
          if (r.error.code === 'receipt_print_failed') recorded.current = copyNumber;
          return setError(r.error);
        }
        setError(null);
        // The dialog was closed before anything left the app: the core gave the copy back, and the
        // receipt on screen is the next print's, the same copy.
        if (r.value.cancelled)
          return setMessage(
            t(target === 'pdf' ? 'counter.pdfCancelled' : 'counter.printCancelled', {
              copy: localizeDigits(copyNumber, i18n.language),
            }),
          );
        recorded.current = copyNumber;
        setMessage(
          r.value.savedTo
            ? t('counter.pdfSaved', { path: r.value.savedTo })
            : // The save dialog was cancelled but the copy stayed on record (another window had
              // recorded a later one): no file, and the next copy is a duplicate.
              target === 'pdf'
              ? t('counter.pdfNotSaved', {
                  copy: localizeDigits(copyNumber, i18n.language),
                  next: localizeDigits(copyNumber + 1, i18n.language),
                })
              : t('counter.printed'),
        );
        onPrinted?.();
      },
      () => {
        printDone();
        setError(errorShape('internal', { reason: 'print_failed' }));
      },
    );
  }, [pending, tx.id, t, i18n.language, onPrinted]);

  useShortcuts(useMemo(() => [{ key: 'p', ctrl: true, run: () => void print('printer') }], [layout, tx.id]));

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm">
          {t('counter.layout')}
          <select
            value={layout ?? ''}
            disabled={!layout}
            onChange={(e) => setLayout(e.target.value as ReceiptLayout)}
            className="rounded-md border border-slate-300 px-2 py-1"
          >
            <option value="80mm">{t('counter.layout80')}</option>
            <option value="58mm">{t('counter.layout58')}</option>
            <option value="a5">{t('counter.layoutA5')}</option>
          </select>
        </label>
        <Button onClick={() => void print('printer')} disabled={!layout || printing}>
          {t('counter.print')} <kbd className="ms-1 rounded bg-teal-900/40 px-1 text-xs">Ctrl+P</kbd>
        </Button>
        <Button variant="secondary" onClick={() => void print('pdf')} disabled={!layout || printing}>
          {t('counter.savePdf')}
        </Button>
      </div>
      {message ? <Alert tone="success">{message}</Alert> : null}
      {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
      <div className="self-start rounded-md bg-white p-3 shadow ring-1 ring-slate-200">
        {layout ? <Receipt tx={tx} layout={layout} copyNumber={copy} /> : null}
      </div>
    </div>
  );
}

/** What the save answered: enough to show the tracking code before the transaction is read back. */
export type SavedSale = CallOutput<'transactions.create'>;

export function SavedView({ saved, onNew }: { readonly saved: SavedSale; readonly onNew: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const digits = lang === 'en' ? 'latin' : 'fa';
  // The transaction read back for its receipt, and the counter's paper, asked for together: the
  // receipt is drawn once both are in, in one render.
  const [reading, setReading] = useState<{ tx: TransactionDetail; paper?: ReceiptLayout } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  // The code is on screen before the receipt: a Ctrl+P meanwhile prints it once it is there.
  const [printAsked, setPrintAsked] = useState(false);
  // When this view appeared: the Enter that saved, pressed twice or held down, must not also press
  // "New transaction" (focused below) and take the tracking code and receipt off the screen unseen.
  const shownAt = useRef(performance.now());
  const serveNext = () => {
    if (performance.now() - shownAt.current >= NEW_AFTER_MS) onNew();
  };

  useEffect(() => {
    let live = true;
    // Paper unknown: the receipt asks again, and prints nothing on a guess meanwhile.
    void Promise.all([call('transactions.get', { id: saved.id }), askPaper()]).then(
      ([r, layout]) => {
        if (!live) return;
        if (r.ok) setReading({ tx: r.value, ...(layout ? { paper: layout } : {}) });
        else setError(r.error);
      },
      () => live && setError(errorShape('internal', { reason: 'receipt_read_failed' })),
    );
    return () => {
      live = false;
    };
  }, [saved.id]);

  useShortcuts(
    useMemo(() => (reading ? [] : [{ key: 'p', ctrl: true, run: () => setPrintAsked(true) }]), [reading]),
  );

  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-wrap items-center justify-between gap-4 rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-200">
        <div>
          <p className="text-emerald-900">{t('counter.saved')}</p>
          <p className="text-sm">{t('counter.trackingCode')}</p>
          <p className="text-3xl font-bold tracking-wider" dir="ltr" data-testid="saved-tracking-code">
            {localizeDigits(formatTrackingCode(saved.trackingCode), lang)}
          </p>
          <p className="mt-1">
            {t('counter.total')}: <strong>{formatRials(saved.total, { digits })}</strong>
            {saved.change > 0 ? (
              <span className="ms-3" data-testid="saved-change">
                {t('counter.change')}: <strong>{formatRials(saved.change, { digits })}</strong>
              </span>
            ) : null}
          </p>
        </div>
        {/* Focus lands here after a save: Enter serves the next citizen, Tab reaches the receipt. */}
        <Button
          onClick={serveNext}
          onKeyDown={(e) => {
            if (e.repeat) e.preventDefault();
          }}
          autoFocus
        >
          {t('counter.newTransaction')} <kbd className="ms-1 rounded bg-teal-900/40 px-1 text-xs">Alt+N</kbd>
        </Button>
      </section>
      {error ? (
        <Alert>{errorText(t, lang, error)}</Alert>
      ) : reading ? (
        <ReceiptWithActions tx={reading.tx} paper={reading.paper} printAsked={printAsked} />
      ) : (
        <p className="text-slate-500">{t('app.loading')}</p>
      )}
    </div>
  );
}
