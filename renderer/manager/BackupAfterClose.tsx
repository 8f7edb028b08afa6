import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../shared/ipc/contract';
import { errorShape, ERROR_CODES, type ErrorCode } from '../../shared/result';
import { errorText } from '../lib/errors';
import { Alert } from '../ui/Alert';

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/** Says whether the backup after a day close was taken; a failure never undid the close. */
export function BackupAfterClose({ backup }: { readonly backup: CallOutput<'day.close'>['backup'] }) {
  const { t, i18n } = useTranslation();
  if (backup.ok)
    return (
      <Alert tone="success">
        <span data-testid="close-backup">{t('backups.afterClose.ok', { name: backup.name ?? '' })}</span>
      </Alert>
    );
  const code = backup.errorCode ?? 'backup_failed';
  const reason = errorText(t, i18n.language, errorShape(isErrorCode(code) ? code : 'backup_failed'));
  return (
    <Alert>
      <span data-testid="close-backup">{t('backups.afterClose.failed', { reason })}</span>
    </Alert>
  );
}
