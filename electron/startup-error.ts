import type { AppErrorShape } from '../shared/result';

export interface StartupErrorText {
  readonly title: string;
  readonly message: string;
}

/**
 * The dialog shown when the core cannot open. It appears before any window (and so before the
 * renderer's i18n) exists, hence both languages side by side: Persian first, for the operator;
 * English for whoever supports the office.
 */
export function startupErrorText(error: AppErrorShape, dataDir: string): StartupErrorText {
  const title = 'پیشخوان نمی‌تواند شروع شود — Pishkhan cannot start';
  if (error.code === 'database_newer_than_app') {
    const databaseVersion = String(error.details.databaseVersion ?? '?');
    const appVersion = String(error.details.appVersion ?? '?');
    return {
      title,
      message: [
        'پایگاه دادهٔ این پیشخوان با نسخه‌ای جدیدتر از این برنامه نوشته شده است ' +
          `(نسخهٔ داده ${databaseVersion}، این برنامه تا ${appVersion}). ` +
          'برای جلوگیری از خراب شدن داده‌ها، برنامه باز نمی‌شود. لطفاً آخرین نسخهٔ پیشخوان را نصب کنید؛ داده‌ها دست‌نخورده مانده‌اند.',
        '',
        'The database of this terminal was written by a newer version of Pishkhan ' +
          `(data schema ${databaseVersion}, this app knows up to ${appVersion}). ` +
          'To protect the data the app will not open it. Please install the latest Pishkhan; your data has not been changed.',
        '',
        `${dataDir}`,
      ].join('\n'),
    };
  }
  const detail = typeof error.details.message === 'string' ? error.details.message : '';
  return {
    title,
    message: [
      'پایگاه دادهٔ پیشخوان باز نشد. لطفاً برنامه را دوباره باز کنید و اگر مشکل ماند، این پیام را به پشتیبانی بدهید.',
      '',
      'Pishkhan could not open its database. Please start it again; if this keeps happening, send this message to support.',
      '',
      `${error.code}${detail ? `: ${detail}` : ''}`,
      dataDir,
    ].join('\n'),
  };
}

/** Shown when the core stops while the app is running; the app then closes. */
export const CORE_STOPPED_TEXT: StartupErrorText = {
  title: 'خطای پیشخوان — Pishkhan error',
  message: [
    'بخش دادهٔ پیشخوان به‌طور ناگهانی متوقف شد و برنامه بسته می‌شود. تراکنش‌های ثبت‌شده محفوظ‌اند؛ لطفاً برنامه را دوباره باز کنید.',
    '',
    'Pishkhan’s data service stopped unexpectedly and the app will close. Saved transactions are safe; please start the app again.',
  ].join('\n'),
};
