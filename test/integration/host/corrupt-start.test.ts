import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../../electron/core/backup/backup';
import { DATABASE_FILE } from '../../../electron/core/core';
import { CoreOpenError, startCoreWorker } from '../../../electron/core/host/worker-host';
import { recoveryOffer } from '../../../electron/startup-recovery';
import { setUpOffice, startCore } from '../../support/core';
import { useTempDirs } from '../../support/tempdir';
import { overwriteBytes } from '../../unit/core/backup/support';

const repoRoot = resolve(import.meta.dirname, '../../..');
const buildDir = join(repoRoot, '.cache', 'test-build', `corrupt-start-${process.pid}`);
const workerFile = join(buildDir, 'core-worker.cjs');

beforeAll(async () => {
  mkdirSync(buildDir, { recursive: true });
  await build({
    entryPoints: [join(repoRoot, 'electron/core/host/core-worker.ts')],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    logLevel: 'silent',
  });
});

afterAll(() => {
  rmSync(buildDir, { recursive: true, force: true });
});

describe('a damaged database at start', () => {
  const tempDir = useTempDirs();

  it('is reported by the core worker with the latest good backup, and the app starts from that backup when chosen', async () => {
    const dataDir = tempDir();
    const t = startCore(dataDir);
    await setUpOffice(t);
    const backup = await createBackup(t.core, { reason: 'daily', actor: null });
    t.core.close();
    overwriteBytes(join(dataDir, DATABASE_FILE), 0, 512);

    const failure = await startCoreWorker({ workerFile, dataDir, appVersion: 'test' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CoreOpenError);
    const shape = (failure as CoreOpenError).error;
    expect(shape).toMatchObject({
      code: 'database_corrupt',
      details: { reason: 'not_a_database', latestBackup: backup.file },
    });

    // What main.ts shows: the backup offered in both languages, restore first.
    const offer = recoveryOffer(shape, dataDir);
    expect(offer?.backupFile).toBe(backup.file);
    expect(offer?.buttons[0]).toMatch(/بازگردانی.*Restore/);
    expect(offer?.message).toContain('کنار گذاشته');
    expect(offer?.message).toContain('damaged file aside (never deleted)');
    // The damaged file's accounts cannot be read: they come back as the backup has them.
    expect(offer?.message).toContain('User accounts come back as they were in this backup');
    expect(offer?.message).toContain('حساب‌های کاربری همان‌طور که در این پشتیبان بودند');

    const steps: string[] = [];
    const host = await startCoreWorker({
      workerFile,
      dataDir,
      appVersion: 'test',
      restoreFrom: offer?.backupFile ?? undefined,
      onStarting: (step) => steps.push(step.kind),
    });
    try {
      // The starting window can say what the wait is for: the backup's full check comes first.
      expect(steps[0]).toBe('restore');
      expect(await host.call('w', 'app.info', {})).toMatchObject({
        ok: true,
        value: { setUp: true, office: { code: '1234' } },
      });
      expect(
        readdirSync(dataDir).filter((name) => name.startsWith(`${DATABASE_FILE}.corrupt-`)),
      ).toHaveLength(1);
    } finally {
      await host.close();
    }
  });

  it('offers no restore when there is no good backup, and says nothing is deleted', () => {
    const offer = recoveryOffer(
      { code: 'database_corrupt', messageKey: 'errors.database_corrupt', details: { latestBackup: null } },
      '/data',
    );
    expect(offer).toMatchObject({ backupFile: null, buttons: ['بستن — Close'] });
    expect(offer?.message).toContain('Nothing has been deleted');
    expect(
      recoveryOffer(
        { code: 'database_newer_than_app', messageKey: 'errors.database_newer_than_app', details: {} },
        '/d',
      ),
    ).toBeNull();
  });
});
