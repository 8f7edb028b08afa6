import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { CorrectOfficeForm } from './CorrectOfficeForm';
import { useSync } from './store';

/** Refusals that may come from an office code or terminal number mistyped at setup. */
const SETUP_TYPO: ReadonlySet<string> = new Set(['sync_office_mismatch', 'sync_terminal_number_taken']);

/**
 * The manager enrolls the terminal: the server's address and the activation code the municipality
 * gave. With `revokedFrom`, the terminal the municipality revoked is enrolled again with that
 * server and a new code: the same terminal with a new key, so what waits in its queue is sent.
 */
export function EnrollForm({
  onEnrolled,
  revokedFrom,
}: {
  readonly onEnrolled: (message: string) => void;
  readonly revokedFrom?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const update = useSync((s) => s.update);
  const texts = revokedFrom === undefined ? 'enroll' : 'reenroll';
  const [serverUrl, setServerUrl] = useState(revokedFrom ?? '');
  const [activationCode, setActivationCode] = useState('');
  const [missing, setMissing] = useState<{ serverUrl: boolean; activationCode: boolean }>({
    serverUrl: false,
    activationCode: false,
  });
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [corrected, setCorrected] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const empty = { serverUrl: serverUrl.trim() === '', activationCode: activationCode.trim() === '' };
    setMissing(empty);
    if (empty.serverUrl || empty.activationCode) return;
    setWorking(true);
    setError(null);
    setCorrected(null);
    const r = await call('sync.enroll', { serverUrl: serverUrl.trim(), activationCode });
    setWorking(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    onEnrolled(
      t(`sync.${texts}.done`, {
        number: localizeDigits(r.value.terminalNumber, lang),
        office: r.value.office.name,
        municipality: r.value.office.municipality,
      }),
    );
    update(r.value.status);
  }

  const form = (
    <form
      onSubmit={submit}
      noValidate
      aria-label={t(`sync.${texts}.title`)}
      className="flex max-w-xl flex-col gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200"
    >
      <h2 className="font-semibold">{t(`sync.${texts}.title`)}</h2>
      <p className="text-sm text-slate-600">{t(`sync.${texts}.hint`)}</p>
      {revokedFrom === undefined ? (
        <Field
          label={t('sync.enroll.serverUrl')}
          hint={t('sync.enroll.serverUrlHint', { example: '\u2066https://sync.karaj.ir\u2069' })}
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          error={missing.serverUrl ? t('sync.enroll.required') : null}
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
        />
      ) : (
        <p className="text-sm text-slate-600">
          {t('sync.server')} <bdi dir="ltr">{revokedFrom}</bdi>
        </p>
      )}
      <Field
        label={t('sync.enroll.activationCode')}
        hint={t('sync.enroll.activationCodeHint')}
        value={activationCode}
        onChange={(e) => setActivationCode(e.target.value)}
        error={missing.activationCode ? t('sync.enroll.required') : null}
        dir="ltr"
        autoComplete="off"
        spellCheck={false}
        className="font-mono uppercase"
      />
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      {corrected ? <Alert tone="success">{corrected}</Alert> : null}
      <Button type="submit" className="self-start" disabled={working}>
        {working ? t('sync.enroll.working') : t(`sync.${texts}.submit`)}
      </Button>
    </form>
  );
  if (revokedFrom !== undefined || !error || !SETUP_TYPO.has(error.code)) return form;
  // Outside the enroll form: forms do not nest.
  return (
    <div className="flex max-w-xl flex-col gap-3">
      {form}
      <CorrectOfficeForm
        onCorrected={(message) => {
          setError(null);
          setCorrected(message);
        }}
      />
    </div>
  );
}
