import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayDetail } from '../../shared/ipc/calls/manager';
import {
  CASH_MOVEMENT_REASONS,
  parseCountedAmount,
  type CashMovementReason,
} from '../../shared/reconciliation';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useOneAtATime } from '../lib/useOneAtATime';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';

export function MovementForm({
  dayId,
  expectedCash,
  onDone,
}: {
  readonly dayId: string;
  /** What the drawer should hold: cash taken out is bounded by it, not by a fixed cap. */
  readonly expectedCash: number;
  readonly onDone: (d: DayDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const [direction, setDirection] = useState<'in' | 'out'>('out');
  const [reason, setReason] = useState<CashMovementReason>('bank_deposit');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const { busy, run } = useOneAtATime();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseCountedAmount(amount, direction === 'out' ? expectedCash : 0);
    if (!parsed.ok || parsed.value === 0) {
      setInvalid(parsed.ok ? 'amount_required' : parsed.error);
      return;
    }
    setInvalid(null);
    // A double click would record the movement twice.
    await run(async () => {
      const r = await call('day.recordMovement', { dayId, direction, amount, reason, note });
      if (r.ok) {
        setAmount('');
        setNote('');
        setError(null);
        onDone(r.value);
      } else setError(r.error);
    });
  }

  const select = 'rounded-md border border-slate-300 bg-white px-3 py-2 text-base';
  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex max-w-3xl flex-wrap items-end gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 print:hidden"
      aria-label={t('day.movementTitle')}
    >
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        {t('day.movementDirection')}
        <select
          className={select}
          value={direction}
          onChange={(e) => setDirection(e.target.value === 'in' ? 'in' : 'out')}
        >
          <option value="out">{t('day.direction.out')}</option>
          <option value="in">{t('day.direction.in')}</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        {t('day.movementReason')}
        <select
          className={select}
          value={reason}
          onChange={(e) => setReason(CASH_MOVEMENT_REASONS.find((r) => r === e.target.value) ?? 'other')}
        >
          {CASH_MOVEMENT_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`day.reason.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <Field
        label={t('day.amountRials')}
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        inputMode="numeric"
        dir="ltr"
        error={invalid ? t(`day.amount.${invalid}`) : null}
      />
      <Field
        label={t('day.movementNote')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
      />
      <Button type="submit" disabled={busy}>
        {t('day.recordMovement')}
      </Button>
      {error ? (
        <div className="w-full">
          <Alert>{errorText(t, i18n.language, error)}</Alert>
        </div>
      ) : null}
    </form>
  );
}
