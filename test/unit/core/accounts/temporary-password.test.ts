import { describe, expect, it } from 'vitest';
import { TEMPORARY_PASSWORD_TTL_MS } from '../../../../electron/core/accounts/temporary-password';
import { createBackup } from '../../../../electron/core/backup/backup';
import { MANAGER, setUpOffice, startCore, type TestCore } from '../../../support/core';
import { enrolled } from '../../../support/enrolled';
import { useTempDirs } from '../../../support/tempdir';

const CLERK = {
  username: 'clerk',
  fullName: 'کارمند تازه',
  role: 'operator' as const,
  password: 'paper password 1',
};
const HOUR = 60 * 60_000;

function trail(t: TestCore, action: string): unknown[] {
  return t.core.db
    .prepare('SELECT actor_username AS who, details FROM audit_log WHERE action = ? ORDER BY seq')
    .all(action);
}

describe('a temporary password opens the account for three days only', () => {
  const tempDir = useTempDirs();

  async function officeWithClerk(): Promise<{ t: TestCore; clerkId: number; createdAt: number }> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const createdAt = t.core.now();
    const clerk = await t.call('users.create', CLERK);
    if (!clerk.ok) throw new Error(clerk.error.code);
    expect(clerk.value.temporaryPasswordExpiresAt).toBe(createdAt + TEMPORARY_PASSWORD_TTL_MS);
    return { t, clerkId: clerk.value.id, createdAt };
  }

  it('lets the first password in before its time and refuses it, to its holder only, after', async () => {
    const { t } = await officeWithClerk();
    t.advance(TEMPORARY_PASSWORD_TTL_MS - HOUR);
    expect(
      await t.call('session.login', { username: 'clerk', password: CLERK.password }, 'w1'),
    ).toMatchObject({
      ok: true,
      value: { mustChangePassword: true },
    });
    expect((await t.call('session.logout', {}, 'w1')).ok).toBe(true);

    t.advance(HOUR);
    const before = t.core.db.prepare('SELECT * FROM users WHERE username = ?').get('clerk');
    expect(
      await t.call('session.login', { username: 'clerk', password: CLERK.password }, 'w1'),
    ).toMatchObject({
      ok: false,
      error: { code: 'temporary_password_expired' },
    });
    // A wrong password learns nothing of it: the same answer as for any account.
    expect(
      await t.call('session.login', { username: 'clerk', password: 'a guess 12345' }, 'w1'),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect(trail(t, 'login_refused_password_expired')).toHaveLength(1);
    // Nothing about the account changed but the wrong guess's count.
    const after = t.core.db.prepare('SELECT * FROM users WHERE username = ?').get('clerk') as Record<
      string,
      unknown
    >;
    expect({ ...after, failed_attempts: 0, updated_at: 0 }).toEqual({
      ...(before as Record<string, unknown>),
      failed_attempts: 0,
      updated_at: 0,
    });
  });

  it('does not let an expired one choose the new password, and a reset opens the account again', async () => {
    const { t, clerkId } = await officeWithClerk();
    // Signed in a minute before the end, the change typed a minute after it.
    t.advance(TEMPORARY_PASSWORD_TTL_MS - 60_000);
    expect((await t.call('session.login', { username: 'clerk', password: CLERK.password }, 'w1')).ok).toBe(
      true,
    );
    t.advance(2 * 60_000);
    expect(
      await t.call(
        'session.changePassword',
        { currentPassword: CLERK.password, newPassword: 'chosen by me 1' },
        'w1',
      ),
    ).toMatchObject({ ok: false, error: { code: 'temporary_password_expired' } });
    expect(
      t.core.db.prepare('SELECT must_change_password FROM users WHERE id = ?').pluck().get(clerkId),
    ).toBe(1);

    // The manager, back after three days, signs in again.
    expect(
      (await t.call('session.login', { username: MANAGER.username, password: MANAGER.password }, 'm')).ok,
    ).toBe(true);
    const listed = await t.call('users.list', {}, 'm');
    if (!listed.ok) throw new Error(listed.error.code);
    const shown = listed.value.find((u) => u.id === clerkId);
    expect(shown?.temporaryPasswordExpiresAt).toBeLessThanOrEqual(t.core.now());

    const resetAt = t.core.now();
    const reset = await t.call(
      'users.resetPassword',
      { userId: clerkId, newPassword: 'second paper 22' },
      'm',
    );
    expect(reset).toMatchObject({
      ok: true,
      value: { temporaryPasswordExpiresAt: resetAt + TEMPORARY_PASSWORD_TTL_MS },
    });
    expect((await t.call('session.login', { username: 'clerk', password: 'second paper 22' }, 'w2')).ok).toBe(
      true,
    );
    expect(
      await t.call(
        'session.changePassword',
        { currentPassword: 'second paper 22', newPassword: 'chosen by me 1' },
        'w2',
      ),
    ).toMatchObject({ ok: true });
  });

  it('never expires a password the user chose', async () => {
    const { t, clerkId } = await officeWithClerk();
    expect((await t.call('session.login', { username: 'clerk', password: CLERK.password }, 'w1')).ok).toBe(
      true,
    );
    expect(
      (
        await t.call(
          'session.changePassword',
          { currentPassword: CLERK.password, newPassword: 'chosen by me 1' },
          'w1',
        )
      ).ok,
    ).toBe(true);
    const listed = await t.call('users.list', {});
    if (!listed.ok) throw new Error(listed.error.code);
    expect(listed.value.find((u) => u.id === clerkId)?.temporaryPasswordExpiresAt).toBeNull();
    t.advance(400 * 24 * HOUR);
    expect((await t.call('session.login', { username: 'clerk', password: 'chosen by me 1' }, 'w3')).ok).toBe(
      true,
    );
    expect(
      (await t.call('session.login', { username: MANAGER.username, password: MANAGER.password }, 'w4')).ok,
    ).toBe(true);
  });

  it('keeps the time of a reset made after the backup when that backup is restored', async () => {
    const { t, clerkId } = await officeWithClerk();
    const backup = (await createBackup(t.core, { reason: 'manual', actor: null })).file;
    t.core.db.prepare("UPDATE outbox SET state = 'delivered', delivered_at = 1").run();
    t.advance(2 * 24 * HOUR);
    expect(
      (await t.call('session.login', { username: MANAGER.username, password: MANAGER.password }, 'm')).ok,
    ).toBe(true);
    const resetAt = t.core.now();
    expect(
      await t.call('users.resetPassword', { userId: clerkId, newPassword: 'second paper 22' }, 'm'),
    ).toMatchObject({ ok: true });
    expect(
      await t.call(
        'backups.restore',
        { file: backup, password: MANAGER.password, acceptUnsyncedLoss: false },
        'm',
      ),
    ).toMatchObject({ ok: true });
    expect(t.core.db.prepare('SELECT password_set_at FROM users WHERE id = ?').pluck().get(clerkId)).toBe(
      resetAt,
    );
    // Good for three days from the reset, not from the account's creation the backup knew.
    t.advance(2 * 24 * HOUR);
    expect((await t.call('session.login', { username: 'clerk', password: 'second paper 22' }, 'w5')).ok).toBe(
      true,
    );
  });

  it("judges the time by the municipality's clock: putting the PC's clock back does not open an expired one", async () => {
    const { t } = await officeWithClerk();
    // The terminal is enrolled and a sync measured the municipality's clock in this session.
    enrolled(t, 0);
    t.advance(4 * 24 * HOUR);
    const login = () => t.call('session.login', { username: 'clerk', password: CLERK.password }, 'w1');
    expect(await login()).toMatchObject({ ok: false, error: { code: 'temporary_password_expired' } });
    t.setPcClock(-2 * 24 * HOUR);
    expect(await login()).toMatchObject({ ok: false, error: { code: 'temporary_password_expired' } });
  });
});
