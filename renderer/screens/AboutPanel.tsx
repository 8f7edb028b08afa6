import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';

/**
 * The app's version and the database schema (what support asks first), and for managers "save
 * diagnostics": a folder with versions, the health summary and redacted logs for support.
 */
export function AboutPanel() {
  const { t, i18n } = useTranslation();
  const info = useSession((s) => s.info);
  const isManager = useSession((s) => s.session?.user.role === 'manager');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ folder: string; files: number } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const lang = i18n.language;

  async function saveDiagnostics() {
    setBusy(true);
    setSaved(null);
    setError(null);
    const result = await call('diagnostics.save', {});
    setBusy(false);
    if (result.ok) setSaved({ folder: result.value.folder, files: result.value.files.length });
    else setError(result.error);
  }

  return (
    <section
      aria-labelledby="about-title"
      className="flex flex-col gap-3 rounded-xl bg-white p-6 ring-1 ring-slate-200"
    >
      <h2 id="about-title" className="text-lg font-semibold">
        {t('settings.about')}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="text-slate-500">{t('settings.appVersion')}</dt>
        <dd>
          <bdi data-testid="app-version" dir="ltr">
            {info ? localizeDigits(info.appVersion, lang) : '—'}
          </bdi>
        </dd>
        <dt className="text-slate-500">{t('settings.schemaVersion')}</dt>
        <dd data-testid="schema-version">{info ? localizeDigits(info.schemaVersion, lang) : '—'}</dd>
      </dl>
      {isManager ? (
        <>
          <p className="text-sm text-slate-600">{t('settings.diagnosticsHint')}</p>
          <Button
            variant="secondary"
            className="self-start"
            disabled={busy}
            onClick={() => void saveDiagnostics()}
          >
            {busy ? t('settings.diagnosticsSaving') : t('settings.diagnosticsSave')}
          </Button>
          {saved ? (
            <Alert tone="success">
              {t('settings.diagnosticsSaved', { files: localizeDigits(saved.files, lang) })}{' '}
              <bdi dir="ltr" data-testid="diagnostics-folder" className="break-all">
                {saved.folder}
              </bdi>
            </Alert>
          ) : null}
          {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
        </>
      ) : null}
    </section>
  );
}
