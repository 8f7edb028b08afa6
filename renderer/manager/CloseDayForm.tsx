import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayDetail } from '../../shared/ipc/calls/manager';
import { differences, missingNotes, parseCountedAmount } from '../../shared/reconciliation';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useOneAtATime } from '../lib/useOneAtATime';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { Money } from './Money';

interface CloseDayFormProps {
  readonly detail: DayDetail;
  /** The closed day (the backup that follows is asked for apart: the close does not wait for it). */
  readonly onClosed: (d: DayDetail) => void;
  readonly onStale: () => void;
}

/** Counted cash and the POS slip against the system; a note for every difference; signed with the password. */
export function CloseDayForm({ detail, onClosed, onStale }: CloseDayFormProps) {
  const { t, i18n } = useTranslation();
  const [cash, setCash] = useState('');
  const [slip, setSlip] = useState('');
  const [cashNote, setCashNote] = useState('');
  const [cardNote, setCardNote] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const cashParsed = parseCountedAmount(cash, detail.reconciliation.expectedCash);
  const slipParsed = parseCountedAmount(slip, detail.reconciliation.expectedCard);
  const diff =
    cashParsed.ok && slipParsed.ok
      ? differences(detail.reconciliation, { cash: cashParsed.value, cardSlip: slipParsed.value })
      : null;
  const missing = diff ? missingNotes(diff, { cash: cashNote, card: cardNote }) : [];

  const { busy, run } = useOneAtATime();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!diff || missing.length > 0 || password === '') return;
    // One signature at a time: a second click with a mistyped password would count twice.
    await run(async () => {
      const r = await call('day.close', {
        dayId: detail.day.id,
        fingerprint: detail.fingerprint,
        countedCash: cash,
        cardSlipTotal: slip,
        // Only for a difference still there: the field of one put right is hidden, not emptied.
        cashNote: diff.cash !== 0 ? cashNote : '',
        cardNote: diff.card !== 0 ? cardNote : '',
        password,
      });
      setPassword('');
      if (r.ok) onClosed(r.value);
      else {
        // The field is emptied for the next try: the server's message says what was wrong, not
        // "enter your password" beside it.
        setSubmitted(false);
        setError(r.error);
        if (r.error.code === 'day_changed') onStale();
      }
    });
  }

  // An absurd slip total is not about the drawer: it is far above the day's card payments.
  const amountError = (p: ReturnType<typeof parseCountedAmount>, field: 'cash' | 'slip') =>
    submitted && !p.ok
      ? t(field === 'slip' && p.error === 'amount_absurd' ? 'day.slipAbsurd' : `day.amount.${p.error}`)
      : null;

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex max-w-xl flex-col gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 print:hidden"
      aria-labelledby="close-title"
    >
      <h3 id="close-title" className="font-semibold">
        {t('day.closeTitle')}
      </h3>
      <Field
        label={t('day.countedCash')}
        value={cash}
        onChange={(e) => setCash(e.target.value)}
        inputMode="numeric"
        dir="ltr"
        error={amountError(cashParsed, 'cash')}
      />
      {diff ? (
        <p className="text-sm" data-testid="cash-difference">
          {t('day.cashDifference')}: <Money amount={diff.cash} />
        </p>
      ) : null}
      {diff && diff.cash !== 0 ? (
        <Field
          label={t('day.cashNote')}
          value={cashNote}
          onChange={(e) => setCashNote(e.target.value)}
          maxLength={500}
          error={submitted && missing.includes('cash') ? t('day.noteRequired') : null}
        />
      ) : null}
      <Field
        label={t('day.cardSlipTotal')}
        value={slip}
        onChange={(e) => setSlip(e.target.value)}
        inputMode="numeric"
        dir="ltr"
        error={amountError(slipParsed, 'slip')}
      />
      {diff ? (
        <p className="text-sm" data-testid="card-difference">
          {t('day.cardDifference')}: <Money amount={diff.card} />
        </p>
      ) : null}
      {diff && diff.card !== 0 ? (
        <Field
          label={t('day.cardNote')}
          value={cardNote}
          onChange={(e) => setCardNote(e.target.value)}
          maxLength={500}
          error={submitted && missing.includes('card') ? t('day.noteRequired') : null}
        />
      ) : null}
      <Field
        label={t('day.signPassword')}
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        dir="ltr"
        autoComplete="current-password"
        error={submitted && password === '' ? t('day.passwordRequired') : null}
      />
      {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
      <Button type="submit" className="self-start" disabled={busy}>
        {t('day.close')}
      </Button>
    </form>
  );
}
