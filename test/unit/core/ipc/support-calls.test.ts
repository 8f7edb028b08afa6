import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallOutput } from '../../../../shared/ipc/contract';
import type { Result } from '../../../../shared/result';
import { openCore } from '../../../../electron/core/core';
import { logDirOf } from '../../../../electron/core/diagnostics';
import { createDispatcher } from '../../../../electron/core/ipc/dispatch';
import { MANAGER } from '../../../support/core';
import { allFiles } from '../../../support/files';
import { useTempDirs } from '../../../support/tempdir';

const NATIONAL_ID = '0499370899';

describe('diagnostics.save', () => {
  const tempDir = useTempDirs();

  async function office() {
    const userData = tempDir();
    const dataDir = join(userData, 'data');
    const logDir = logDirOf(userData);
    mkdirSync(logDir, { recursive: true });
    writeFileSync(
      join(logDir, 'main.log'),
      `[2026-11-28 10:00:00.000] [warn] counter: lookup ${NATIONAL_ID} failed\n`,
    );
    const core = openCore({ dataDir, appVersion: '1.2.3', logDir, now: () => 1_764_300_000_000 });
    const dispatcher = createDispatcher(core);
    const call = <K extends CallName>(name: K, input: CallInput<K>, key = 'w1') =>
      dispatcher.call(key, name, input) as Promise<Result<CallOutput<K>>>;
    const setup = await call('setup.createOffice', {
      officeName: 'دفتر پیشخوان ۱۲',
      officeCode: '1234',
      district: 5,
      terminalNumber: 2,
      manager: MANAGER,
    });
    if (!setup.ok) throw new Error(setup.error.code);
    return { core, call, dataDir };
  }

  it('writes the bundle beside the data for a manager, masks the logs and records it in the audit trail', async () => {
    const { core, call, dataDir } = await office();
    const result = await call('diagnostics.save', {});
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.folder.startsWith(join(dataDir, 'diagnostics'))).toBe(true);
    expect([...result.value.files].sort()).toEqual(
      ['README.txt', 'doctor.json', join('logs', 'main.log'), 'versions.json'].sort(),
    );
    const versions = JSON.parse(readFileSync(join(result.value.folder, 'versions.json'), 'utf8')) as {
      app: string;
      schemaVersion: number;
    };
    expect(versions.app).toBe('1.2.3');
    expect(versions.schemaVersion).toBe(core.schemaVersion);
    const { password_hash: passwordHash } = core.db
      .prepare("SELECT password_hash FROM users WHERE username = 'manager'")
      .get() as { password_hash: string };
    for (const file of allFiles(result.value.folder)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(NATIONAL_ID);
      expect(text, file).not.toContain(MANAGER.password);
      expect(text, file).not.toContain(passwordHash);
    }
    const last = core.db
      .prepare('SELECT action, actor_username FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get();
    expect(last).toEqual({ action: 'diagnostics_saved', actor_username: 'manager' });
    core.close();
  });

  it('is refused to an operator and to a window nobody is logged in to', async () => {
    const { core, call } = await office();
    const created = await call('users.create', {
      username: 'op1',
      fullName: 'رضا کریمی',
      role: 'operator',
      password: 'first password 1',
    });
    if (!created.ok) throw new Error(created.error.code);
    expect(await call('diagnostics.save', {}, 'nobody')).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
    await call('session.login', { username: 'op1', password: 'first password 1' }, 'op');
    await call(
      'session.changePassword',
      { currentPassword: 'first password 1', newPassword: 'second password 2' },
      'op',
    );
    expect(await call('diagnostics.save', {}, 'op')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // The folder and file dialogs are for managers too (the main process shows them after the core's yes).
    expect(await call('files.choose', { kind: 'folder' }, 'op')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('files.choose', { kind: 'backup' })).toEqual({ ok: true, value: { path: null } });
    core.close();
  });
});
