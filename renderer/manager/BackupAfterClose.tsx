import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../shared/ipc/contract';
import { errorShape, ERROR_CODES, type ErrorCode } from '../../shared/result';
import { errorText } from '../lib/errors';
import { Alert } from '../ui/Alert';

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/** The backup after a day close: still being taken, or how it ended. */
export type BackupAfterCloseState = 'running' | NonNullable<CallOutput<'backups.afterClose'>>;

/** Says that the backup after a day close is being taken, then whether it was; a failure never undid the close. */
export function BackupAfterClose({ backup }: { readonly backup: BackupAfterCloseState }) {
  const { t, i18n } = useTranslation();
  if (backup === 'running')
    return (
      <Alert tone="info">
        <span data-testid="close-backup" data-state="running">
          {t('backups.afterClose.running')}
        </span>
      </Alert>
    );
  if (backup.ok)
    return (
      <Alert tone="success">
        <span data-testid="close-backup" data-state="ok">
          {t('backups.afterClose.ok', { name: backup.name ?? '' })}
        </span>
      </Alert>
    );
  const code = backup.errorCode ?? 'backup_failed';
  const reason = errorText(t, i18n.language, errorShape(isErrorCode(code) ? code : 'backup_failed'));
  return (
    <Alert>
      <span data-testid="close-backup" data-state="failed">
        {t('backups.afterClose.failed', { reason })}
      </span>
    </Alert>
  );
}
