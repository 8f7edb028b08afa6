import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditCheck } from '../../shared/ipc/calls/manager';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { count, dateTime } from './format';

/** The audit trail's tamper check: the result at start, and a check on demand. */
export function AuditPanel() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [startup, setStartup] = useState<AuditCheck | null>(null);
  const [last, setLast] = useState<AuditCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);

  useEffect(() => {
    void call('audit.status', {}).then((r) => {
      if (r.ok) {
        setStartup(r.value.startup);
        setLast(r.value.last);
      } else setError(r.error);
    });
  }, []);

  async function verify() {
    setBusy(true);
    const r = await call('audit.verify', {});
    setBusy(false);
    if (r.ok) setLast(r.value);
    else setError(r.error);
  }

  const describe = (c: AuditCheck) =>
    c.ok
      ? t('audit.intact', { n: count(c.entries ?? 0, lang), at: dateTime(c.checkedAt, lang) })
      : t('audit.broken', {
          seq: count(c.brokenAtSeq ?? 0, lang),
          reason: t(`audit.reason.${c.reason ?? 'chain_broken'}`),
          at: dateTime(c.checkedAt, lang),
        });

  return (
    <section
      className="flex max-w-3xl flex-col gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200"
      aria-labelledby="audit-title"
    >
      <h2 id="audit-title" className="font-semibold">
        {t('audit.title')}
      </h2>
      <p className="text-sm text-slate-600">{t('audit.intro')}</p>
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      {startup ? (
        <p className="text-sm" data-testid="audit-startup">
          {t('audit.atStart')}: {describe(startup)}
        </p>
      ) : null}
      {last ? (
        <Alert tone={last.ok ? 'success' : 'error'}>
          <span data-testid="audit-last">{describe(last)}</span>
        </Alert>
      ) : null}
      <Button variant="secondary" className="self-start" disabled={busy} onClick={() => void verify()}>
        {t('audit.verify')}
      </Button>
    </section>
  );
}
