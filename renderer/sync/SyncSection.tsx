import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusView } from '../../shared/ipc/calls/sync';
import { errorShape, type AppErrorShape } from '../../shared/result';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { dateTime } from '../manager/format';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { ClockWarning } from './ClockWarning';
import { EnrollForm } from './EnrollForm';
import { NeedsAttentionList } from './NeedsAttentionList';
import { useSync } from './store';
import { useSyncPolling } from './usePolling';

/** The screen polls faster than the header: a person is looking at it. */
const POLL_MS = 3_000;

function stateOf(status: SyncStatusView, running: boolean) {
  if (!status.enrolled) return 'notEnrolled';
  if (running || status.syncing) return 'syncing';
  if (status.online) return 'online';
  return status.lastAttemptAt === null ? 'waiting' : 'offline';
}

const STATE_STYLE = {
  notEnrolled: 'bg-slate-100 text-slate-700',
  syncing: 'bg-sky-100 text-sky-900',
  online: 'bg-emerald-100 text-emerald-900',
  offline: 'bg-amber-100 text-amber-900',
  waiting: 'bg-slate-100 text-slate-700',
} as const;

function Figure({
  label,
  testId,
  children,
}: {
  readonly label: string;
  readonly testId: string;
  readonly children: ReactNode;
}) {
  return (
    <div className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
      <div className="text-xs text-slate-500">{label}</div>
      <div className="mt-1 text-lg font-semibold" data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

/** Sync with the municipality: status at a glance, sync now, the clock, what needs a person, enrollment. */
export function SyncSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const role = useSession((s) => s.session?.user.role);
  const { status, error, running, report, reportError, syncNow } = useSync();
  const [enrolledNotice, setEnrolledNotice] = useState<string | null>(null);
  const forgetReport = useSync((s) => s.forgetReport);
  useEffect(() => forgetReport, [forgetReport]);
  useSyncPolling(POLL_MS);

  if (!status) return error ? <Alert>{errorText(t, lang, error)}</Alert> : null;
  const isManager = role === 'manager';
  const state = stateOf(status, running);
  const when = (at: number | null) => (at === null ? t('sync.never') : dateTime(at, lang));
  const asError = (code: AppErrorShape['code']) => errorShape(code);

  return (
    <section className="flex max-w-5xl flex-col gap-4">
      <h1 className="text-xl font-semibold">{t('sync.title')}</h1>
      <p className="text-sm text-slate-600">{t('sync.intro')}</p>
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      {status.clockWarning ? <ClockWarning offsetMs={status.clockOffsetMs} /> : null}
      {status.revoked ? <Alert>{t('sync.revoked')}</Alert> : null}
      {status.catalogRefused ? (
        <Alert>
          {t('sync.catalogRefused', { published: dateTime(status.catalogRefused.publishedAt, lang) })}{' '}
          {t('sync.catalogRefusedVersion')} <bdi dir="ltr">{status.catalogRefused.version}</bdi>
        </Alert>
      ) : null}
      {enrolledNotice ? <Alert tone="success">{enrolledNotice}</Alert> : null}

      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm text-slate-600">{t('sync.state.label')}</span>
        <span
          data-testid="sync-state"
          className={`rounded-full px-3 py-1 text-sm font-semibold ${STATE_STYLE[state]}`}
        >
          {t(`sync.state.${state}`)}
        </span>
        {status.terminal ? (
          <span className="text-sm text-slate-600" data-testid="sync-terminal">
            {t('sync.terminal', {
              office: status.terminal.officeName,
              code: localizeDigits(status.terminal.officeCode, lang),
              number: localizeDigits(status.terminal.number, lang),
              municipality: status.terminal.municipality,
            })}
            {t('app.sep')}
            {t('sync.server')} <bdi dir="ltr">{status.terminal.serverUrl}</bdi>
          </span>
        ) : null}
      </div>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Figure label={t('sync.pending')} testId="sync-pending">
          {localizeDigits(status.pendingCount, lang)}
        </Figure>
        <Figure label={t('sync.needsAttentionCount')} testId="sync-attention-count">
          {localizeDigits(status.needsAttentionCount, lang)}
        </Figure>
        <Figure label={t('sync.lastSuccess')} testId="sync-last-success">
          {when(status.lastSuccessAt)}
        </Figure>
        <Figure label={t('sync.lastAttempt')} testId="sync-last-attempt">
          {when(status.lastAttemptAt)}
        </Figure>
      </div>

      {!status.enrolled ? (
        <>
          <Alert tone="info">{t('sync.notEnrolled')}</Alert>
          {isManager ? (
            <EnrollForm onEnrolled={setEnrolledNotice} />
          ) : (
            <p className="text-sm text-slate-600">{t('sync.askManager')}</p>
          )}
        </>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={() => void syncNow()} disabled={running} aria-busy={running}>
              {running ? t('sync.syncingNow') : t('sync.syncNow')}
            </Button>
            {running ? (
              <span role="status" className="flex items-center gap-2 text-sm text-slate-600">
                <span
                  aria-hidden="true"
                  className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-teal-600 border-t-transparent"
                />
                {t('sync.syncingNow')}
              </span>
            ) : null}
            {!status.online && status.nextAttemptAt !== null ? (
              <span className="text-sm text-slate-500" data-testid="sync-next-attempt">
                {t('sync.nextAttempt', { at: dateTime(status.nextAttemptAt, lang) })}
              </span>
            ) : null}
          </div>
          <div data-testid="sync-result" className="flex flex-col gap-2">
            {reportError ? <Alert>{errorText(t, lang, reportError)}</Alert> : null}
            {report?.ok ? (
              <Alert tone="success">
                {t('sync.resultOk', {
                  delivered: localizeDigits(report.delivered, lang),
                  changes: localizeDigits(report.statusChanges, lang),
                })}
                {report.needsAttention > 0
                  ? ` ${t('sync.resultAttention', { n: localizeDigits(report.needsAttention, lang) })}`
                  : null}
              </Alert>
            ) : null}
            {report && !report.ok && report.error ? (
              <Alert>
                {t('sync.resultFailed')} {errorText(t, lang, asError(report.error.code))}{' '}
                {status.pendingCount > 0
                  ? t('sync.stillPending', { n: localizeDigits(status.pendingCount, lang) })
                  : null}
              </Alert>
            ) : null}
          </div>
          {status.lastError && !report ? (
            <p className="text-sm text-amber-900" data-testid="sync-last-error">
              {t('sync.lastError', { at: dateTime(status.lastError.at, lang) })}{' '}
              {errorText(t, lang, asError(status.lastError.code))}
            </p>
          ) : null}
          {status.revoked && status.terminal ? (
            isManager ? (
              <EnrollForm revokedFrom={status.terminal.serverUrl} onEnrolled={setEnrolledNotice} />
            ) : (
              <p className="text-sm text-slate-600">{t('sync.askManagerReenroll')}</p>
            )
          ) : null}
          <NeedsAttentionList status={status} canRequeue={isManager} />
        </>
      )}
    </section>
  );
}
