import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RestorePreviewInfo } from '../../shared/ipc/calls/backups';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { ModalDialog } from '../ui/ModalDialog';
import { count, dateTime } from './format';

/**
 * Restoring a backup: first what it would drop — transactions newer than the backup, and those the
 * municipality has not received — then the manager's password, and an explicit confirmation when
 * unsent work would be lost (the core refuses without it). Afterwards everyone logs in again.
 */
export function RestoreDialog({
  file,
  onClose,
}: {
  readonly file: string | null;
  readonly onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [preview, setPreview] = useState<RestorePreviewInfo | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [password, setPassword] = useState('');
  const [accept, setAccept] = useState(false);
  const [keptAside, setKeptAside] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [arrivedMeanwhile, setArrivedMeanwhile] = useState(false);

  useEffect(() => {
    setPreview(null);
    setError(null);
    setPassword('');
    setAccept(false);
    setKeptAside(null);
    setArrivedMeanwhile(false);
    if (file === null) return;
    void call('backups.preview', { file }).then((r) => {
      if (r.ok) setPreview(r.value);
      else setError(r.error);
    });
  }, [file]);

  const lossy = preview !== null && preview.unsyncedItemsLost > 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || !preview || password === '' || (lossy && !accept)) return;
    setBusy(true);
    // The loss the manager accepted is the items shown (up to the preview's mark): work saved
    // since is refused, not lost, even when the sync delivered something meanwhile.
    const r = await call('backups.restore', {
      file,
      password,
      acceptUnsyncedLoss: accept,
      acceptedOutboxMark: preview.outboxMark,
    });
    setBusy(false);
    setPassword('');
    if (r.ok) {
      setError(null);
      setKeptAside(r.value.keptAside ?? '');
      return;
    }
    const arrived =
      r.error.code === 'restore_would_lose_unsynced' && Number(r.error.details['arrivedMeanwhile'] ?? 0) > 0;
    if (!arrived) {
      setError(r.error);
      return;
    }
    // A sale came in while the restore started: the manager sees the new figures and decides again.
    setAccept(false);
    const again = await call('backups.preview', { file });
    if (again.ok) setPreview(again.value);
    setError(again.ok ? null : again.error);
    setArrivedMeanwhile(true);
  }

  function toLogin() {
    onClose();
    useSession.getState().ended();
    void useSession.getState().boot();
  }

  return (
    <ModalDialog
      open={file !== null}
      labelledBy="restore-title"
      // While the restore runs it cannot be walked away from: its end asks for a new login.
      onCancel={busy ? () => undefined : keptAside === null ? onClose : toLogin}
    >
      <div className="flex flex-col gap-3" data-testid="restore-dialog">
        <h2 id="restore-title" className="text-lg font-semibold">
          {t('backups.dialogTitle')}
        </h2>
        <p dir="ltr" className="text-start font-mono text-xs break-all text-slate-600">
          {file}
        </p>
        {keptAside !== null ? (
          <>
            <Alert tone="success">
              <span data-testid="restored">{t('backups.restored', { aside: keptAside })}</span>
            </Alert>
            <p className="text-sm">{t('backups.loginAgain')}</p>
            <Button onClick={toLogin} className="self-start">
              {t('backups.toLogin')}
            </Button>
          </>
        ) : (
          <form onSubmit={submit} noValidate className="flex flex-col gap-3">
            {preview ? (
              <>
                <p className="text-sm" data-testid="backup-holds">
                  {preview.backup.lastTransactionAt === null
                    ? t('backups.backupEmpty')
                    : t('backups.backupHolds', {
                        n: count(preview.backup.transactions, lang),
                        at: dateTime(preview.backup.lastTransactionAt, lang),
                      })}
                </p>
                <Alert tone={preview.newerTransactions > 0 ? 'error' : 'info'}>
                  <span data-testid="restore-newer">
                    {preview.newerTransactions > 0
                      ? t('backups.newer', { n: count(preview.newerTransactions, lang) })
                      : t('backups.noneNewer')}
                  </span>
                </Alert>
                {lossy ? (
                  <Alert>
                    <span data-testid="restore-unsynced">
                      {t('backups.unsynced', { n: count(preview.unsyncedNewerTransactions, lang) })}{' '}
                      {t('backups.unsyncedItems', { n: count(preview.unsyncedItemsLost, lang) })}{' '}
                      {t('backups.syncFirst')}
                    </span>
                  </Alert>
                ) : preview.newerTransactions > 0 ? (
                  <Alert tone="info">{t('backups.allSynced')}</Alert>
                ) : null}
                {preview.unsentAuditEntriesSetAside > 0 ? (
                  <Alert tone="info">
                    <span data-testid="restore-audit-set-aside">
                      {t('backups.auditSetAside', { n: count(preview.unsentAuditEntriesSetAside, lang) })}
                    </span>
                  </Alert>
                ) : null}
                <p className="text-sm" data-testid="restore-accounts">
                  {preview.accountsCarriedForward
                    ? t('backups.accountsKept')
                    : t('backups.accountsFromBackup')}
                </p>
                <p className="text-sm text-slate-600">{t('backups.keptAside')}</p>
                {lossy ? (
                  <label className="flex items-start gap-2 text-sm">
                    <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} />
                    {t('backups.acceptLoss')}
                  </label>
                ) : null}
                <Field
                  label={t('backups.password')}
                  type="password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  autoComplete="current-password"
                />
              </>
            ) : null}
            {arrivedMeanwhile ? <Alert>{t('backups.arrivedMeanwhile')}</Alert> : null}
            {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
            <div className="flex gap-2">
              {preview ? (
                <Button type="submit" disabled={busy || password === '' || (lossy && !accept)}>
                  {t('backups.confirm')}
                </Button>
              ) : null}
              <Button variant="secondary" onClick={onClose} disabled={busy}>
                {t('backups.cancel')}
              </Button>
            </div>
          </form>
        )}
      </div>
    </ModalDialog>
  );
}
