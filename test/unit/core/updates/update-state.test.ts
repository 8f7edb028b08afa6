import { describe, expect, it } from 'vitest';
import { MANAGER, setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { performance } from 'node:perf_hooks';
import { BACKUP_HUNG_MS, backupsRunning, exclusive } from '../../../../electron/core/backup/exclusive';

const OPERATOR = {
  username: 'op1',
  fullName: 'رضا کریمی',
  role: 'operator' as const,
  password: 'first password 1',
};

describe('what the core tells the updater', () => {
  const tempDir = useTempDirs();

  async function office(): Promise<TestCore> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    return t;
  }

  async function operatorLoggedIn(t: TestCore, key = 'op'): Promise<void> {
    const created = await t.call('users.create', OPERATOR);
    if (!created.ok) throw new Error(created.error.code);
    await t.call('session.login', { username: OPERATOR.username, password: OPERATOR.password }, key);
    const changed = await t.call(
      'session.changePassword',
      { currentPassword: OPERATOR.password, newPassword: 'second password 2' },
      key,
    );
    if (!changed.ok) throw new Error(changed.error.code);
  }

  it('keeps the update address a manager saves, and turns updates off when it is emptied', async () => {
    const t = await office();
    expect(t.dispatcher.updateState().feedBaseUrl).toBeNull();
    const saved = await t.call('settings.update', {
      idleLockMinutes: 5,
      updateFeedUrl: '  https://updates.karaj.ir/pishkhan/ ',
    });
    expect(saved).toEqual({
      ok: true,
      value: {
        idleLockMinutes: 5,
        updateFeedUrl: 'https://updates.karaj.ir/pishkhan/',
        receiptLayout: '80mm',
      },
    });
    expect(t.dispatcher.updateState().feedBaseUrl).toBe('https://updates.karaj.ir/pishkhan/');
    // Leaving the field out keeps it; an empty one turns updates off.
    await t.call('settings.update', { idleLockMinutes: 10 });
    expect(t.dispatcher.updateState().feedBaseUrl).toBe('https://updates.karaj.ir/pishkhan/');
    await t.call('settings.update', { idleLockMinutes: 10, updateFeedUrl: '' });
    expect(t.dispatcher.updateState().feedBaseUrl).toBeNull();
    const audit = t.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'settings_changed' ORDER BY seq")
      .all() as { details: string }[];
    expect(audit.map((row) => JSON.parse(row.details) as Record<string, unknown>)).toEqual([
      { idleLockMinutes: [5, 5], updateFeedUrl: [null, 'https://updates.karaj.ir/pishkhan/'] },
      { idleLockMinutes: [5, 10] },
      { idleLockMinutes: [10, 10], updateFeedUrl: ['https://updates.karaj.ir/pishkhan/', null] },
    ]);
    t.core.close();
  });

  it('refuses an update address that is not https, carries credentials or a query, and changes nothing', async () => {
    const t = await office();
    const before = snapshot(t.core);
    for (const bad of [
      'http://updates.karaj.ir/',
      'ftp://updates.karaj.ir/',
      'https://admin:secret@updates.karaj.ir/',
      'https://updates.karaj.ir/?token=1',
      'updates.karaj.ir',
    ]) {
      expect(await t.call('settings.update', { idleLockMinutes: 30, updateFeedUrl: bad }), bad).toMatchObject(
        {
          ok: false,
          error: { code: 'update_feed_invalid' },
        },
      );
    }
    expect(snapshot(t.core)).toBe(before);
    // The reference server on this machine may serve the feed in development.
    expect(
      await t.call('settings.update', { idleLockMinutes: 5, updateFeedUrl: 'http://127.0.0.1:8787/updates' }),
    ).toMatchObject({ ok: true });
    t.core.close();
  });

  it('blocks the restart while a transaction is on screen, and while no manager is there to be asked', async () => {
    const t = await office();
    await operatorLoggedIn(t);
    expect(t.dispatcher.updateState().blocker).toBeNull();

    expect(await t.call('counter.draft', { open: true }, 'op')).toEqual({ ok: true, value: null });
    expect(t.dispatcher.updateState().blocker).toBe('transaction_open');
    await t.call('counter.draft', { open: false }, 'op');
    expect(t.dispatcher.updateState().blocker).toBeNull();

    // The window closes with a form open: its draft goes with its session.
    await t.call('counter.draft', { open: true }, 'op');
    t.dispatcher.endSession('op');
    expect(t.dispatcher.updateState().blocker).toBeNull();

    await t.call('session.logout', {});
    expect(t.dispatcher.updateState().blocker).toBe('manager_absent');
    await t.call('session.login', { username: MANAGER.username, password: MANAGER.password });
    expect(t.dispatcher.updateState().blocker).toBeNull();
    t.core.close();
  });

  it('blocks the restart while a backup is being taken, as the one after a day close is after its call answered', async () => {
    const t = await office();
    expect(t.dispatcher.updateState().blocker).toBeNull();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = exclusive(t.core, () => gate);
    // One more waiting its turn behind it.
    const next = t.call('backups.create', {});
    expect(t.dispatcher.updateState().blocker).toBe('backup_running');
    // Until the one running has run for half an hour: then it is hung, and the restart goes on.
    await new Promise((started) => setImmediate(started));
    expect(backupsRunning(t.core, performance.now() + BACKUP_HUNG_MS - 60_000)).toBe(true);
    expect(backupsRunning(t.core, performance.now() + BACKUP_HUNG_MS + 1)).toBe(false);
    release();
    await running;
    expect(t.dispatcher.updateState().blocker).toBe('backup_running');
    expect((await next).ok).toBe(true);
    expect(t.dispatcher.updateState().blocker).toBeNull();
    await t.close();
  });

  it('takes a draft report only from a logged-in window', async () => {
    const t = await office();
    expect(await t.call('counter.draft', { open: true }, 'stranger')).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
    expect(t.dispatcher.updateState().blocker).toBeNull();
    t.core.close();
  });
});
