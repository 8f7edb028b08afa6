import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../../../electron/core/backup/backup';
import { inspectDatabaseFile, inspectDatabaseFileOffThread } from '../../../../electron/core/backup/inspect';
import { openCoreFromBackup } from '../../../../electron/core/backup/start-recovery';
import { DATABASE_FILE } from '../../../../electron/core/core';
import { useTempDirs } from '../../../support/tempdir';
import { sell } from '../day/support';
import { MANAGER, officeWithSales, transactionIds } from './support';

/**
 * A folder nested as a manager's USB drive can be, with Persian names (two bytes a letter): its
 * path runs past the 512 bytes SQLite opens on Linux, though the file system takes it.
 */
function deepFolder(root: string): string {
  let folder = root;
  for (const part of ['پشتیبان‌های دفتر پیشخوان', 'بایگانی سال ۱۴۰۴', 'نسخه‌های روزانهٔ باجهٔ شمارهٔ دو']) {
    folder = join(folder, `${part} ${'ـ'.repeat(70)}`);
  }
  mkdirSync(folder, { recursive: true });
  return folder;
}

describe('a backup under a path longer than SQLite opens', () => {
  const tempDir = useTempDirs();

  it('is previewed and restored like any other, and leaves no copy behind', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 2);
    const made = (await createBackup(t.core, { reason: 'manual', actor: null })).file;
    const backupIds = transactionIds(made);
    const file = join(deepFolder(tempDir()), 'pishkhan-backup-1234-t02-1404-09-07-20251128T102600Z.sqlite');
    copyFileSync(made, file);
    expect(Buffer.byteLength(file)).toBeGreaterThan(600);
    const later = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const dataFiles = readdirSync(dataDir).sort();

    expect(await t.call('backups.preview', { file })).toMatchObject({
      ok: true,
      value: { file, backup: { transactions: 2 }, newerTransactions: 1, unsyncedNewerTransactions: 1 },
    });
    expect(readdirSync(dataDir).sort()).toEqual(dataFiles);

    const restored = await t.call('backups.restore', {
      file,
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
    });
    expect(restored).toMatchObject({ ok: true, value: { file, newerTransactions: 1 } });
    expect(transactionIds(t.core.databaseFile)).toEqual(backupIds);
    expect(transactionIds(t.core.databaseFile)).not.toContain(later.id);
    // Beside the database only what any restore leaves: the replaced database, kept aside.
    expect(
      readdirSync(dataDir)
        .filter((name) => !dataFiles.includes(name))
        .map((name) => name.replace(/\d{8}T\d{6}Z/, '<time>')),
    ).toEqual(['pishkhan.sqlite.replaced-<time>']);
    await t.close();
  });

  it('is said to be a file that could not be opened, not a damaged one, where it is read in place', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const made = (await createBackup(t.core, { reason: 'manual', actor: null })).file;
    const file = join(deepFolder(tempDir()), 'backup.sqlite');
    copyFileSync(made, file);
    const expected = { ok: false, problem: 'backup_unreadable' };
    expect(inspectDatabaseFile(file, { full: true })).toMatchObject(expected);
    expect(await inspectDatabaseFileOffThread(file, { full: false })).toMatchObject(expected);
    // The same file, moved to a short folder, is sound.
    const near = join(tempDir(), 'backup.sqlite');
    copyFileSync(file, near);
    expect(inspectDatabaseFile(near, { full: true })).toMatchObject({ ok: true, transactions: 1 });
    await t.close();
  });

  it('is what a damaged database starts over from (the start screen, pishkhan restore --force)', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 2);
    const made = (await createBackup(t.core, { reason: 'manual', actor: null })).file;
    await t.close();
    const file = join(deepFolder(tempDir()), 'backup.sqlite');
    copyFileSync(made, file);
    writeFileSync(join(dataDir, DATABASE_FILE), 'garbage where the database was');
    const dataFiles = readdirSync(dataDir);
    const { core, keptAside } = openCoreFromBackup(
      { dataDir, appVersion: 'test' },
      file,
      { userId: null, username: null },
      'cli',
    );
    try {
      expect(transactionIds(core.databaseFile)).toEqual(transactionIds(made));
      expect(
        readdirSync(dataDir).filter(
          (name) => !dataFiles.includes(name) && !name.startsWith('pishkhan.sqlite-'),
        ),
      ).toEqual([basename(keptAside ?? '')]);
    } finally {
      core.close();
    }
  });
});
