import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../shared/ipc/contract';
import { parseCountedAmount } from '../../shared/reconciliation';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useOneAtATime } from '../lib/useOneAtATime';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { DayView } from './DayView';
import { count, jalaliDate } from './format';
import { Money } from './Money';

type Overview = CallOutput<'day.overview'>;

/** The manager's business days: open today's with the cash float, pick a day to reconcile and close. */
export function DayCloseSection() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.user.role);
  if (role !== 'manager')
    return (
      <section className="flex max-w-xl flex-col gap-4">
        <h1 className="text-xl font-semibold">{t('day.title')}</h1>
        <Alert tone="info">{t('day.managerOnly')}</Alert>
      </section>
    );
  return <ManagerDays />;
}

function ManagerDays() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [overview, setOverview] = useState<Overview | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);

  const load = useCallback(async () => {
    const r = await call('day.overview', {});
    if (r.ok) {
      setOverview(r.value);
      setSelected((current) => current ?? r.value.days.find((d) => d.state === 'open')?.id ?? null);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (!overview) return error ? <Alert>{errorText(t, lang, error)}</Alert> : null;
  const currentOpen = overview.days.some((d) => d.businessDate === overview.businessDate);
  const openable = [
    ...(currentOpen ? [] : [overview.businessDate]),
    ...overview.unopenedDates.filter((d) => d !== overview.businessDate),
  ];
  // Earlier dates with sales or refunds but no day opened (newest first): however old, each must be
  // closed, and the date list alone would leave them to be found at its end.
  const earlier = overview.unopenedDates.filter((d) => d < overview.businessDate);
  const oldest = earlier[earlier.length - 1];

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">{t('day.title')}</h1>
      <p className="text-slate-700" data-testid="business-date">
        {t('day.current', {
          date: jalaliDate(overview.businessDate, lang),
          terminal: count(overview.terminalNumber, lang),
        })}
      </p>
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      {oldest ? (
        <Alert tone="info">
          <span data-testid="unopened-earlier">
            {t('day.unopenedEarlier', { n: count(earlier.length, lang), oldest: jalaliDate(oldest, lang) })}
          </span>
        </Alert>
      ) : null}
      {openable.length > 0 ? (
        <OpenDayForm
          // A fresh form when the dates change (one was just opened): the date chosen is one listed.
          key={openable.join()}
          dates={openable}
          onOpened={(id) => {
            setSelected(id);
            void load();
          }}
        />
      ) : null}
      <div className="flex flex-wrap gap-2" role="list" aria-label={t('day.days')}>
        {overview.days.map((d) => (
          <button
            key={d.id}
            type="button"
            role="listitem"
            aria-current={d.id === selected ? 'true' : undefined}
            onClick={() => setSelected(d.id)}
            className={`rounded-md px-3 py-2 text-sm ring-1 outline-none focus-visible:ring-2 focus-visible:ring-teal-600 ${
              d.id === selected
                ? 'bg-teal-50 font-semibold ring-teal-600'
                : 'bg-white ring-slate-200 hover:bg-slate-50'
            }`}
          >
            {jalaliDate(d.businessDate, lang)}
            {t('app.sep')}
            {t(`day.state.${d.state}`)}
          </button>
        ))}
      </div>
      {selected ? <DayView key={selected} dayId={selected} onChanged={() => void load()} /> : null}
    </section>
  );
}

function OpenDayForm({
  dates,
  onOpened,
}: {
  readonly dates: readonly string[];
  readonly onOpened: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [date, setDate] = useState(dates[0] ?? '');
  const [float, setFloat] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const parsed = parseCountedAmount(float);
  const { run } = useOneAtATime();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!parsed.ok) {
      setInvalid(parsed.error);
      return;
    }
    setInvalid(null);
    // A double click would show "already open" beside the day just opened.
    await run(async () => {
      const r = await call('day.open', { businessDate: date, openingFloat: float });
      if (r.ok) onOpened(r.value.id);
      else setError(r.error);
    });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex max-w-xl flex-col gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200"
    >
      <h2 className="font-semibold">{t('day.openTitle')}</h2>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        {t('day.openDate')}
        <select
          value={date}
          onChange={(e) => setDate(e.target.value)}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
        >
          {dates.map((d) => (
            <option key={d} value={d}>
              {jalaliDate(d, lang)}
            </option>
          ))}
        </select>
      </label>
      <Field
        label={t('day.openingFloat')}
        value={float}
        onChange={(e) => setFloat(e.target.value)}
        inputMode="numeric"
        dir="ltr"
        hint={parsed.ok ? undefined : t('day.rialsHint')}
        error={invalid ? t(`day.amount.${invalid}`) : null}
      />
      {parsed.ok ? (
        <p className="text-sm text-slate-600">
          <Money amount={parsed.value} /> {t('day.rial')}
        </p>
      ) : null}
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      <Button type="submit" className="self-start">
        {t('day.open')}
      </Button>
    </form>
  );
}
