import { describe, expect, it } from 'vitest';
import { errorShape } from '../../../shared/result';
import { CORE_STOPPED_TEXT, startupErrorText } from '../../../electron/startup-error';

describe('startupErrorText', () => {
  it('explains a database from a newer version in Persian and English, with the versions', () => {
    const text = startupErrorText(
      errorShape('database_newer_than_app', { databaseVersion: 7, appVersion: 3 }),
      '/home/op/.config/Pishkhan/data',
    );
    expect(text.title).toContain('پیشخوان');
    expect(text.title).toContain('Pishkhan cannot start');
    expect(text.message).toContain('نسخه‌ای جدیدتر');
    expect(text.message).toContain('written by a newer version of Pishkhan');
    expect(text.message).toContain('data schema 7, this app knows up to 3');
    expect(text.message).toContain('/home/op/.config/Pishkhan/data');
  });

  it('names the error code and its message for anything else', () => {
    const text = startupErrorText(errorShape('internal', { message: 'SQLITE_CANTOPEN' }), '/d');
    expect(text.message).toContain('پایگاه دادهٔ پیشخوان باز نشد');
    expect(text.message).toContain('could not open its database');
    expect(text.message).toContain('internal: SQLITE_CANTOPEN');
  });

  it('has a bilingual message for a core that stops while running', () => {
    expect(CORE_STOPPED_TEXT.message).toMatch(/متوقف شد/);
    expect(CORE_STOPPED_TEXT.message).toMatch(/stopped unexpectedly/);
  });
});
