import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { idleLockMinutesSchema, type ReceiptLayout } from '../../shared/ipc/schemas';
import { normalizeDigits } from '../../shared/text/normalize';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits, typedNumber } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { AboutPanel } from './AboutPanel';

export function SettingsSection() {
  const { t, i18n } = useTranslation();
  const session = useSession((s) => s.session);
  const [idle, setIdle] = useState('');
  const [feed, setFeed] = useState('');
  // The paper as read, and the one the manager picked: only a picked paper is sent, so a paper this
  // version does not know (read as 80 mm) is not written over by saving the other settings.
  const [storedLayout, setStoredLayout] = useState<ReceiptLayout>('80mm');
  const [chosenLayout, setChosenLayout] = useState<ReceiptLayout | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const isManager = session?.user.role === 'manager';

  const lang = i18n.language;
  // Read once: switching the language must not throw away what the manager is editing.
  useEffect(() => {
    void call('settings.get', {}).then((r) => {
      if (!r.ok) return;
      // What the manager typed before the answer came is kept.
      setIdle((v) => (v === '' ? String(r.value.idleLockMinutes) : v));
      setFeed((v) => (v === '' ? (r.value.updateFeedUrl ?? '') : v));
      setStoredLayout(r.value.receiptLayout);
    });
  }, []);
  // The minutes are shown in the language's digits, as read, typed, or after a language switch.
  const shownIdle = localizeDigits(normalizeDigits(idle), lang);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const minutes = typedNumber(idle);
    if (!idleLockMinutesSchema.safeParse(minutes).success) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const result = await call('settings.update', {
      idleLockMinutes: minutes,
      updateFeedUrl: feed.trim() || null,
      ...(chosenLayout ? { receiptLayout: chosenLayout } : {}),
    });
    if (result.ok) {
      setSaved(true);
      setError(null);
      const current = await call('session.current', {});
      if (current.ok && current.value) useSession.getState().unlocked(current.value);
    } else setError(result.error);
  }

  return (
    <section className="flex max-w-md flex-col gap-4">
      <h1 className="text-xl font-semibold">{t('settings.title')}</h1>
      {!isManager ? <Alert tone="info">{t('settings.managerOnly')}</Alert> : null}
      <form
        onSubmit={submit}
        noValidate
        className="flex flex-col gap-4 rounded-xl bg-white p-6 ring-1 ring-slate-200"
      >
        <Field
          label={t('settings.idleLock')}
          hint={t('settings.idleLockHint')}
          value={shownIdle}
          onChange={(e) => setIdle(e.target.value)}
          error={invalid ? t('settings.invalidIdle') : null}
          disabled={!isManager}
          inputMode="numeric"
          dir="ltr"
        />
        <Field
          label={t('settings.updateFeed')}
          hint={t('settings.updateFeedHint')}
          value={feed}
          onChange={(e) => setFeed(e.target.value)}
          disabled={!isManager}
          inputMode="url"
          dir="ltr"
          placeholder="https://"
        />
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{t('settings.receiptLayout')}</span>
          <select
            value={chosenLayout ?? storedLayout}
            onChange={(e) => setChosenLayout(e.target.value as ReceiptLayout)}
            disabled={!isManager}
            aria-describedby="receipt-layout-hint"
            className="rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="80mm">{t('counter.layout80')}</option>
            <option value="58mm">{t('counter.layout58')}</option>
            <option value="a5">{t('counter.layoutA5')}</option>
          </select>
          <span id="receipt-layout-hint" className="text-slate-500">
            {t('settings.receiptLayoutHint')}
          </span>
        </label>
        {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
        {saved ? <Alert tone="success">{t('settings.saved')}</Alert> : null}
        {isManager ? (
          <Button type="submit" className="self-start">
            {t('settings.save')}
          </Button>
        ) : null}
      </form>
      <AboutPanel />
    </section>
  );
}
