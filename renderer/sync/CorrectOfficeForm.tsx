import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { officeCodeSchema, terminalNumberSchema } from '../../shared/ipc/schemas';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits, typedNumber } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';

/**
 * Shown when enrollment says the activation code is another office's or the number is another
 * PC's: the manager corrects what was typed at setup, which the core allows only while this
 * terminal has issued nothing (office_identity_frozen otherwise), then enrolls again.
 */
export function CorrectOfficeForm({ onCorrected }: { readonly onCorrected: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const info = useSession((s) => s.info);
  const office = info?.office ?? null;
  const [officeCode, setOfficeCode] = useState(office?.code ?? '');
  const [terminalNumber, setTerminalNumber] = useState(office ? String(office.terminalNumber) : '');
  const [bad, setBad] = useState<{ officeCode: boolean; terminalNumber: boolean }>({
    officeCode: false,
    terminalNumber: false,
  });
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      officeCode: !officeCodeSchema.safeParse(officeCode).success,
      terminalNumber: !terminalNumberSchema.safeParse(typedNumber(terminalNumber)).success,
    };
    setBad(problems);
    if (problems.officeCode || problems.terminalNumber) return;
    setWorking(true);
    setError(null);
    const r = await call('sync.correctOffice', { officeCode, terminalNumber: typedNumber(terminalNumber) });
    setWorking(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    // The header's office line shows the corrected values at once.
    const current = useSession.getState().info;
    if (current) useSession.setState({ info: { ...current, office: r.value } });
    onCorrected(
      t('sync.correct.done', {
        code: localizeDigits(r.value.code, lang),
        terminal: localizeDigits(r.value.terminalNumber, lang),
      }),
    );
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={t('sync.correct.title')}
      className="flex flex-col gap-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200"
    >
      <h3 className="font-semibold">{t('sync.correct.title')}</h3>
      <p className="text-sm text-slate-600">{t('sync.correct.hint')}</p>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field
          label={t('sync.correct.officeCode')}
          value={officeCode}
          onChange={(e) => setOfficeCode(e.target.value)}
          error={bad.officeCode ? t('setup.errors.officeCode') : null}
          inputMode="numeric"
          dir="ltr"
        />
        <Field
          label={t('sync.correct.terminalNumber')}
          value={terminalNumber}
          onChange={(e) => setTerminalNumber(e.target.value)}
          error={bad.terminalNumber ? t('setup.errors.terminalNumber') : null}
          inputMode="numeric"
          dir="ltr"
        />
      </div>
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      <Button type="submit" className="self-start" disabled={working}>
        {t('sync.correct.submit')}
      </Button>
    </form>
  );
}
