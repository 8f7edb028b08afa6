import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../../electron/core/audit/audit';
import { LOCKOUT_MS } from '../../../../electron/core/accounts/auth';
import { hashPassword, verifyPassword } from '../../../../electron/core/accounts/passwords';
import { MANAGER, setUpOffice, snapshot, startCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { enrolled } from '../../../support/enrolled';
import { storeClockOffset } from '../../../../electron/core/sync/state';
import { listUsers, userClocks } from '../../../../electron/core/users/queries';

const DAY_MS = 24 * 60 * 60_000;

function actions(t: ReturnType<typeof startCore>): string[] {
  return (t.core.db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map(
    (r) => r.action,
  );
}

function failedAttempts(t: ReturnType<typeof startCore>): number {
  return t.core.db
    .prepare("SELECT failed_attempts FROM users WHERE username = 'manager'")
    .pluck()
    .get() as number;
}

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt per user', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same passwore', a)).toBe(false);
    expect(await verifyPassword('same password', 'garbage')).toBe(false);
  });
});

describe('first-run setup', () => {
  const tempDir = useTempDirs();

  it('creates the office and the first manager, and logs the manager in', async () => {
    const t = startCore(tempDir());
    expect((await t.call('app.info', {})).ok && (await t.call('app.info', {}))).toMatchObject({
      value: { setUp: false, office: null },
    });
    await setUpOffice(t);
    const info = await t.call('app.info', {});
    expect(info).toMatchObject({
      ok: true,
      value: {
        setUp: true,
        office: { name: 'دفتر پیشخوان ۱۲', code: '1234', city: 'کرج', district: 5, terminalNumber: 2 },
      },
    });
    const session = await t.call('session.current', {});
    expect(session).toMatchObject({
      ok: true,
      value: { user: { username: 'manager', role: 'manager' }, locked: false, idleLockMinutes: 5 },
    });
    const stored = t.core.db.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
    expect(stored.password_hash).not.toContain(MANAGER.password);
    expect(actions(t)).toEqual(['catalog_applied', 'office_created', 'user_created', 'login']);
    t.core.close();
  });

  it('refuses a second setup and changes nothing', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const before = snapshot(t.core);
    const again = await t.call(
      'setup.createOffice',
      {
        officeName: 'دفتر دیگر',
        officeCode: '9999',
        district: 1,
        terminalNumber: 1,
        manager: { username: 'other', fullName: 'کسی دیگر', password: 'another password' },
      },
      'window-2',
    );
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'already_set_up', messageKey: 'errors.already_set_up' },
    });
    expect(snapshot(t.core)).toBe(before);
    t.core.close();
  });

  it('refuses a login before setup', async () => {
    const t = startCore(tempDir());
    expect(await t.call('session.login', { username: 'manager', password: 'whatever1' })).toMatchObject({
      ok: false,
      error: { code: 'not_set_up' },
    });
    t.core.close();
  });
});

describe('login, lockout and sessions', () => {
  const tempDir = useTempDirs();

  it('logs in with the right password, normalizing the username, and out again', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    await t.call('session.logout', {});
    expect(await t.call('session.current', {})).toEqual({ ok: true, value: null });
    const login = await t.call(
      'session.login',
      { username: '  MANAGER ', password: MANAGER.password },
      'window-9',
    );
    expect(login).toMatchObject({ ok: true, value: { user: { username: 'manager' } } });
    expect(await t.call('session.current', {}, 'window-9')).toMatchObject({
      ok: true,
      value: { user: { username: 'manager' } },
    });
    // Another window holds no session.
    expect(await t.call('settings.get', {}, 'window-10')).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
    t.core.close();
  });

  it('says the same for an unknown user as for a wrong password', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const unknown = await t.call('session.login', { username: 'nobody', password: 'whatever1' });
    const wrong = await t.call('session.login', { username: 'manager', password: 'whatever1' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    t.core.close();
  });

  it('keeps an unknown username out of the audit trail: a password typed into that field is not recorded', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    await t.call('session.logout', {});
    const typed = 'zahra1404secret';
    expect(await t.call('session.login', { username: typed, password: typed })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    const entry = t.core.db
      .prepare(
        'SELECT action, actor_user_id, actor_username, details FROM audit_log ORDER BY seq DESC LIMIT 1',
      )
      .get();
    expect(entry).toEqual({
      action: 'login_failed',
      actor_user_id: null,
      actor_username: null,
      details: JSON.stringify({ reason: 'unknown_user', usernameLength: typed.length }),
    });
    const everything = JSON.stringify(t.core.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain(typed);
    expect(verifyAuditLog(t.core.db)).toMatchObject({ ok: true });
    t.core.close();
  });

  it('locks the account for 10 minutes after 5 failed attempts, even against the right password', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    await t.call('session.logout', {});
    for (let i = 1; i <= 4; i++) {
      expect(await t.call('session.login', { username: 'manager', password: `wrong-${i}` })).toMatchObject({
        ok: false,
        error: { code: 'invalid_credentials', details: {} },
      });
      expect(failedAttempts(t)).toBe(i);
    }
    const fifth = await t.call('session.login', { username: 'manager', password: 'wrong-5' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    expect(await t.call('session.login', { username: 'manager', password: MANAGER.password })).toMatchObject({
      ok: false,
      error: { code: 'account_locked' },
    });

    t.advance(LOCKOUT_MS - 1000);
    expect(await t.call('session.login', { username: 'manager', password: MANAGER.password })).toMatchObject({
      ok: false,
      error: { code: 'account_locked' },
    });
    t.advance(2000);
    expect(await t.call('session.login', { username: 'manager', password: MANAGER.password })).toMatchObject({
      ok: true,
    });

    const trail = actions(t);
    expect(trail.filter((a) => a === 'login_failed')).toHaveLength(5);
    expect(trail.filter((a) => a === 'account_locked')).toHaveLength(1);
    expect(trail.filter((a) => a === 'login_refused_locked')).toHaveLength(2);
    expect(trail.at(-1)).toBe('login');
    expect(verifyAuditLog(t.core.db)).toEqual({ ok: true, entries: trail.length });
    t.core.close();
  });

  it("keeps the lock by the municipality's clock: moving the PC's clock forward does not end it", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    // Enrolled, with the municipality's clock measured in this session.
    enrolled(t, 0);
    await t.call('session.logout', {});
    for (let i = 1; i <= 5; i++)
      await t.call('session.login', { username: 'manager', password: `wrong-${i}` });
    t.setPcClock(LOCKOUT_MS + 60_000);
    const login = () => t.call('session.login', { username: 'manager', password: MANAGER.password });
    expect(await login()).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    // The manager's list says the same while the lock lasts, and not after it.
    const shown = () => listUsers(t.core.db, userClocks(t.core))[0];
    expect(shown()?.locked).toBe(true);
    t.advance(LOCKOUT_MS);
    expect(shown()?.locked).toBe(false);
    expect(await login()).toMatchObject({ ok: true });
    await t.close();
  });

  it('never keeps a lock longer than its ten minutes when the next sync corrects the offset it was timed by', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    // An offset a day off (stale: measured against a clock since put right), trusted for now.
    enrolled(t, DAY_MS);
    await t.call('session.logout', {});
    for (let i = 1; i <= 5; i++)
      await t.call('session.login', { username: 'manager', password: `wrong-${i}` });
    // The next sync measures the municipality's clock as the PC's.
    storeClockOffset(t.core.db, 0);
    t.core.clockWatch.measured();
    t.advance(60_000);
    expect(listUsers(t.core.db, userClocks(t.core))[0]?.locked).toBe(false);
    expect(await t.call('session.login', { username: 'manager', password: MANAGER.password })).toMatchObject({
      ok: true,
    });
    await t.close();
  });

  it('starts counting afresh after a successful login', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    for (let i = 0; i < 4; i++)
      await t.call('session.login', { username: 'manager', password: 'wrong-pass' });
    expect(await t.call('session.login', { username: 'manager', password: MANAGER.password })).toMatchObject({
      ok: true,
    });
    expect(await t.call('session.login', { username: 'manager', password: 'wrong-pass' })).toMatchObject({
      error: { code: 'invalid_credentials' },
    });
    expect(failedAttempts(t)).toBe(1);
    t.core.close();
  });

  it('locks an idle session; only the password opens it, and the session is kept', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    t.advance(4 * 60_000);
    expect(await t.call('settings.get', {})).toMatchObject({ ok: true });
    t.advance(5 * 60_000);
    expect(await t.call('settings.get', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(await t.call('session.current', {})).toMatchObject({
      ok: true,
      value: { locked: true, user: { username: 'manager' } },
    });
    expect(await t.call('session.unlock', { password: 'wrong-pass' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect(await t.call('session.unlock', { password: MANAGER.password })).toMatchObject({
      ok: true,
      value: { locked: false },
    });
    expect(await t.call('settings.get', {})).toMatchObject({ ok: true });
    expect(actions(t)).toEqual(
      expect.arrayContaining(['session_locked', 'unlock_failed', 'session_unlocked']),
    );
    t.core.close();
  });

  it('ends the session when unlocking fails five times', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    await t.call('session.lock', {});
    for (let i = 0; i < 4; i++) await t.call('session.unlock', { password: 'wrong-pass' });
    expect(await t.call('session.unlock', { password: 'wrong-pass' })).toMatchObject({
      ok: false,
      error: { code: 'account_locked' },
    });
    expect(await t.call('session.current', {})).toEqual({ ok: true, value: null });
    t.core.close();
  });

  it('uses the configured idle time', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    expect(await t.call('settings.update', { idleLockMinutes: 30 })).toEqual({
      ok: true,
      value: { idleLockMinutes: 30, updateFeedUrl: null, receiptLayout: '80mm' },
    });
    t.advance(29 * 60_000);
    expect(await t.call('settings.get', {})).toMatchObject({ ok: true });
    expect(actions(t)).toContain('settings_changed');
    t.core.close();
  });

  it("keeps the counter's receipt paper, audited, and refuses a paper it does not know", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    expect(await t.call('settings.update', { idleLockMinutes: 5, receiptLayout: '58mm' })).toMatchObject({
      ok: true,
      value: { receiptLayout: '58mm' },
    });
    // Leaving it out keeps it.
    await t.call('settings.update', { idleLockMinutes: 6 });
    expect(await t.call('settings.get', {})).toMatchObject({ ok: true, value: { receiptLayout: '58mm' } });
    const changed = t.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'settings_changed' ORDER BY seq")
      .all() as { details: string }[];
    expect(changed.map((c) => JSON.parse(c.details) as Record<string, unknown>)).toEqual([
      { idleLockMinutes: [5, 5], receiptLayout: ['80mm', '58mm'] },
      { idleLockMinutes: [5, 6] },
    ]);
    const before = snapshot(t.core);
    expect(
      await t.call('settings.update', { idleLockMinutes: 5, receiptLayout: 'letter' as '80mm' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(snapshot(t.core)).toBe(before);
    // A paper this version does not know, in the file (an older or newer app wrote it): 80 mm.
    const stored = t.core.db
      .prepare("UPDATE settings SET value = '\"letter\"' WHERE key = 'receiptLayout'")
      .run();
    expect(stored.changes).toBe(1);
    expect(await t.call('settings.get', {})).toMatchObject({ ok: true, value: { receiptLayout: '80mm' } });
    // Saving the other settings leaves it as it is; choosing a paper replaces it, on the record.
    await t.call('settings.update', { idleLockMinutes: 7 });
    const paper = () =>
      t.core.db.prepare("SELECT value FROM settings WHERE key = 'receiptLayout'").pluck().get() as string;
    expect(paper()).toBe('"letter"');
    await t.call('settings.update', { idleLockMinutes: 7, receiptLayout: '80mm' });
    expect(paper()).toBe('"80mm"');
    expect(
      (
        t.core.db
          .prepare(
            "SELECT details FROM audit_log WHERE action = 'settings_changed' ORDER BY seq DESC LIMIT 2",
          )
          .pluck()
          .all() as string[]
      ).map((d) => JSON.parse(d) as unknown),
    ).toEqual([{ idleLockMinutes: [7, 7], receiptLayout: ['letter', '80mm'] }, { idleLockMinutes: [6, 7] }]);
    t.core.close();
  });

  it('refuses a manager-only call from an operator, in the core', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const { insertUser } = await import('../../../../electron/core/accounts/mutations');
    insertUser(
      t.core.db,
      {
        username: 'operator1',
        fullName: 'علی رضایی',
        role: 'operator',
        passwordHash: await hashPassword('operator pass'),
      },
      1,
    );
    expect(
      await t.call('session.login', { username: 'operator1', password: 'operator pass' }, 'op'),
    ).toMatchObject({ ok: true });
    const before = snapshot(t.core);
    expect(await t.call('settings.update', { idleLockMinutes: 60 }, 'op')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(snapshot(t.core)).toBe(before);
    expect(await t.call('settings.get', {}, 'op')).toEqual({
      ok: true,
      value: { idleLockMinutes: 5, updateFeedUrl: null, receiptLayout: '80mm' },
    });
    t.core.close();
  });
});
