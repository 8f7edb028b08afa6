import { afterEach, describe, expect, it, vi } from 'vitest';
import * as passwords from '../../../../electron/core/accounts/passwords';
import { LOCKOUT_MS } from '../../../../electron/core/accounts/auth';
import { RecentPasswords } from '../../../../electron/core/accounts/recent-passwords';
import { MANAGER, setUpOffice, startCore, type TestCore, managerApproval } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

describe('RecentPasswords', () => {
  it('recognizes only the password it was given, for that user and that stored hash', () => {
    const recent = new RecentPasswords();
    recent.remember(7, 'scrypt$hash-a', 'رمز درست ۱۴۰۴');
    expect(recent.recognizes(7, 'scrypt$hash-a', 'رمز درست ۱۴۰۴')).toBe(true);
    expect(recent.recognizes(7, 'scrypt$hash-a', 'رمز درست ۱۴۰۵')).toBe(false);
    expect(recent.recognizes(7, 'scrypt$hash-b', 'رمز درست ۱۴۰۴')).toBe(false);
    expect(recent.recognizes(8, 'scrypt$hash-a', 'رمز درست ۱۴۰۴')).toBe(false);
    // The same text however it was composed, as scrypt hashes it (NFC).
    recent.remember(9, 'scrypt$hash-c', 'caf\u00e9');
    expect(recent.recognizes(9, 'scrypt$hash-c', 'cafe\u0301')).toBe(true);
    recent.forget(7);
    expect(recent.recognizes(7, 'scrypt$hash-a', 'رمز درست ۱۴۰۴')).toBe(false);
  });

  it('keys every process apart: one instance does not recognize another one entries', () => {
    const a = new RecentPasswords();
    const b = new RecentPasswords();
    a.remember(1, 'h', 'password one');
    expect(b.recognizes(1, 'h', 'password one')).toBe(false);
  });
});

const OPERATOR = {
  username: 'operator1',
  fullName: 'رضا کریمی',
  role: 'operator',
  password: 'operator pass 1',
} as const;

describe('a password typed again in the same session', () => {
  const tempDir = useTempDirs();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** scrypt checks since the spy was set. */
  function scryptChecks(): () => number {
    const spy = vi.spyOn(passwords, 'verifyPassword');
    return () => spy.mock.calls.length;
  }

  async function lockAndUnlock(t: TestCore, password: string) {
    await t.call('session.lock', {});
    return t.call('session.unlock', { password });
  }

  /** An office with an operator; the manager's password checked once by scrypt (one check counted). */
  async function managerRecognizedBesideAnOperator() {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const created = await t.call('users.create', OPERATOR);
    if (!created.ok) throw new Error(created.error.code);
    const checks = scryptChecks();
    expect(await lockAndUnlock(t, MANAGER.password)).toMatchObject({ ok: true });
    return { t, operatorId: created.value.id, checks };
  }

  it('is recognized without scrypt once scrypt found it right; a wrong one still costs scrypt and counts', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const checks = scryptChecks();
    const failedAttempts = () =>
      t.core.db.prepare('SELECT failed_attempts FROM users WHERE username = ?').pluck().get(MANAGER.username);

    expect(await lockAndUnlock(t, MANAGER.password)).toMatchObject({ ok: true });
    expect(checks()).toBe(1);
    expect(await lockAndUnlock(t, MANAGER.password)).toMatchObject({ ok: true });
    expect(checks()).toBe(1);

    expect(await lockAndUnlock(t, 'not the password')).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect(failedAttempts()).toBe(1);
    expect(checks()).toBe(2);
    // The right one, recognized, clears the count as a scrypt check would.
    expect(await t.call('session.unlock', { password: MANAGER.password })).toMatchObject({ ok: true });
    expect(checks()).toBe(2);
    expect(await lockAndUnlock(t, 'not the password')).toMatchObject({
      error: { code: 'invalid_credentials' },
    });
    expect(failedAttempts()).toBe(1);
    t.core.close();
  });

  it('is not recognized after a password change, nor after a logout', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    await t.call('session.logout', {});
    const checks = scryptChecks();
    expect(await t.call('session.login', { username: 'manager', password: MANAGER.password })).toMatchObject({
      ok: true,
    });
    expect(checks()).toBe(1);

    const newPassword = 'another horse 1405';
    // The current password is recognized; the new one is compared with the old hash by scrypt.
    expect(
      await t.call('session.changePassword', { currentPassword: MANAGER.password, newPassword }),
    ).toMatchObject({ ok: true });
    expect(checks()).toBe(2);

    // The old password no longer opens anything, though it was recognized a moment ago.
    expect(await lockAndUnlock(t, MANAGER.password)).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect(checks()).toBe(3);
    // The new one is checked with scrypt once (its hash is new), then recognized.
    expect(await t.call('session.unlock', { password: newPassword })).toMatchObject({ ok: true });
    expect(checks()).toBe(4);
    expect(await lockAndUnlock(t, newPassword)).toMatchObject({ ok: true });
    expect(checks()).toBe(4);

    await t.call('session.logout', {});
    expect(await t.call('session.login', { username: 'manager', password: newPassword })).toMatchObject({
      ok: true,
    });
    expect(checks()).toBe(5);
    t.core.close();
  });

  it("is forgotten whenever its user's session ends: another login in the window, a closed window", async () => {
    const { t, checks } = await managerRecognizedBesideAnOperator();
    expect(checks()).toBe(1);

    // The operator logs in where the manager was: the manager's session ended.
    await t.call('session.login', { username: 'operator1', password: OPERATOR.password });
    expect(checks()).toBe(2);
    expect(
      await t.call('session.login', { username: 'manager', password: MANAGER.password }, 'window-2'),
    ).toMatchObject({ ok: true });
    expect(checks()).toBe(3);

    // The manager's window closes (the main process ends its session): forgotten again.
    t.dispatcher.endSession('window-2');
    expect(
      await t.call('session.login', { username: 'manager', password: MANAGER.password }, 'window-3'),
    ).toMatchObject({ ok: true });
    expect(checks()).toBe(4);
    // While that session lasts, the password is recognized.
    await t.call('session.lock', {}, 'window-3');
    expect(await t.call('session.unlock', { password: MANAGER.password }, 'window-3')).toMatchObject({
      ok: true,
    });
    expect(checks()).toBe(4);
    t.core.close();
  });

  it("is not kept for a void's approver who has no session here, and still recognized for one who has", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const created = await t.call('users.create', OPERATOR);
    if (!created.ok) throw new Error(created.error.code);
    // The manager leaves the counter; the operator works on it alone.
    await t.call('session.logout', {});
    await t.call('session.login', { username: 'operator1', password: OPERATOR.password });
    const changed = await t.call('session.changePassword', {
      currentPassword: OPERATOR.password,
      newPassword: 'operator own pass 2',
    });
    expect(changed).toMatchObject({ ok: true });
    const checks = scryptChecks();
    const voidOne = async () => {
      const sale = await t.call('transactions.create', newTransaction('citizen-request', []));
      if (!sale.ok) throw new Error(sale.error.code);
      return t.call('transactions.void', {
        id: sale.value.id,
        ...managerApproval('درخواست شهروند'),
      });
    };
    // Each approval at the operator's counter is checked with scrypt: nothing of it stays behind.
    expect(await voidOne()).toMatchObject({ ok: true, value: { kind: 'void' } });
    expect(checks()).toBe(1);
    expect(await voidOne()).toMatchObject({ ok: true });
    expect(checks()).toBe(2);

    // The manager logs in beside the operator: while that session lasts, the approval is recognized.
    expect(
      await t.call('session.login', { username: 'manager', password: MANAGER.password }, 'window-2'),
    ).toMatchObject({ ok: true });
    expect(checks()).toBe(3);
    expect(await voidOne()).toMatchObject({ ok: true });
    expect(checks()).toBe(3);
    // And it ends with that session, as before.
    t.dispatcher.endSession('window-2');
    expect(await voidOne()).toMatchObject({ ok: true });
    expect(checks()).toBe(4);
    t.core.close();
  });

  it('still meets the lockout and a deactivated account', async () => {
    const { t, operatorId, checks } = await managerRecognizedBesideAnOperator();
    expect(
      await t.call('session.login', { username: 'operator1', password: OPERATOR.password }, 'window-2'),
    ).toMatchObject({ ok: true });
    expect(checks()).toBe(2);

    for (let i = 1; i <= 4; i++)
      await t.call('session.login', { username: 'manager', password: `wrong-${i}` }, 'window-3');
    expect(
      await t.call('session.login', { username: 'manager', password: 'wrong-5' }, 'window-3'),
    ).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    expect(checks()).toBe(7);
    // The manager's right password is recognized, and refused while the account is locked.
    expect(await lockAndUnlock(t, MANAGER.password)).toMatchObject({
      ok: false,
      error: { code: 'account_locked' },
    });
    expect(checks()).toBe(7);

    // That refusal also ended the manager's session behind the lock screen, and with it the
    // recognition: the next login is checked with scrypt.
    t.advance(LOCKOUT_MS + 1000);
    expect(await t.call('session.login', { username: 'manager', password: MANAGER.password })).toMatchObject({
      ok: true,
    });
    expect(checks()).toBe(8);
    expect(await t.call('users.setActive', { userId: operatorId, active: false })).toMatchObject({
      ok: true,
    });
    // The operator's password is recognized too, and opens nothing once the account is inactive.
    expect(
      await t.call('session.login', { username: 'operator1', password: OPERATOR.password }, 'window-4'),
    ).toMatchObject({ ok: false, error: { code: 'account_inactive' } });
    expect(checks()).toBe(8);
    t.core.close();
  });
});
