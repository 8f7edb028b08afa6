import { formatTehranDateTime } from '../shared/jalali';
import type { AppErrorShape } from '../shared/result';

/**
 * What the person sees when the database is damaged at start (issue 5 §6): not a crash, but the
 * latest good backup offered in both languages (the dialog comes before the renderer's i18n).
 * Pure, so it is tested without Electron; main.ts only shows it and passes the choice on.
 */
export interface RecoveryOffer {
  readonly title: string;
  readonly message: string;
  /** The backup to start from, or null when there is no good backup to offer. */
  readonly backupFile: string | null;
  readonly buttons: readonly string[];
}

const TITLE = 'پایگاه دادهٔ پیشخوان آسیب دیده است — Pishkhan’s database is damaged';

/** null unless the core refused to open a damaged database. */
export function recoveryOffer(error: AppErrorShape, dataDir: string): RecoveryOffer | null {
  if (error.code !== 'database_corrupt') return null;
  const backup = typeof error.details.latestBackup === 'string' ? error.details.latestBackup : null;
  const at = typeof error.details.latestBackupAt === 'number' ? error.details.latestBackupAt : null;
  const detail = typeof error.details.detail === 'string' ? error.details.detail : '';
  if (!backup) {
    return {
      title: TITLE,
      backupFile: null,
      buttons: ['بستن — Close'],
      message: [
        'پایگاه دادهٔ این پیشخوان آسیب دیده است و پشتیبان سالمی پیدا نشد. برنامه چیزی را پاک نکرده است؛ لطفاً با پشتیبانی تماس بگیرید.',
        '',
        'The database of this terminal is damaged and no sound backup was found. Nothing has been deleted; please contact support.',
        '',
        detail,
        dataDir,
      ].join('\n'),
    };
  }
  const when = at === null ? '?' : `${formatTehranDateTime(at)} (${new Date(at).toISOString()})`;
  return {
    title: TITLE,
    backupFile: backup,
    buttons: ['بازگردانی آخرین پشتیبان سالم — Restore the latest good backup', 'بستن — Close'],
    message: [
      `پایگاه دادهٔ این پیشخوان آسیب دیده است. آخرین پشتیبان سالم از ${when} است.`,
      'با بازگردانی، پروندهٔ آسیب‌دیده پاک نمی‌شود و کنار گذاشته می‌شود؛ آنچه پس از این پشتیبان ثبت شده در آن می‌ماند و باید با پشتیبانی بررسی شود.',
      'حساب‌های کاربری همان‌طور که در این پشتیبان بودند برمی‌گردند: کسی که از آن پس غیرفعال شده دوباره فعال است و رمزهای تغییرکرده همان رمزهای قدیمی‌اند؛ پس از بازگردانی فهرست کاربران را بررسی کنید.',
      '',
      `The database of this terminal is damaged. The latest sound backup is from ${when}.`,
      'Restoring it keeps the damaged file aside (never deleted); whatever was saved after the backup stays in that file for support to recover.',
      'User accounts come back as they were in this backup: anyone dismissed since is active again and changed passwords are the old ones; check the users list afterwards.',
      '',
      backup,
      detail,
    ].join('\n'),
  };
}
