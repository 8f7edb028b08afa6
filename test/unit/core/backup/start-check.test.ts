import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../../../electron/core/backup/backup';
import { readHealth, updateHealth } from '../../../../electron/core/backup/health';
import { CHECK_MAX_AGE_MS, startCheckPlan } from '../../../../electron/core/backup/start-check';
import { openCoreFromBackup } from '../../../../electron/core/backup/start-recovery';
import { DATABASE_FILE, openCore } from '../../../../electron/core/core';
import {
  BLIND_RESTORE_MIN_MARGIN,
  lastIssuedSequence,
} from '../../../../electron/core/transactions/sequence';
import { AppError } from '../../../../shared/result';
import { useTempDirs } from '../../../support/tempdir';
import { sell } from '../day/support';
import { officeWithSales, overwriteBytes, rootPageOffset, transactionIds } from './support';

const NOW = 1_764_300_000_000;
const clean = { open: false, lastCheckAt: NOW - 1000, backupFolder: null, lastBackup: null };

function openError(dataDir: string): AppError {
  try {
    openCore({ dataDir, appVersion: 'test', now: () => NOW }).close();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the damaged database opened');
}

/** An office with sales and a backup, closed as the app closes; returns the folder. */
async function officeWithBackup(dataDir: string) {
  const t = await officeWithSales(dataDir, 40);
  const backup = await createBackup(t.core, { reason: 'daily', actor: null });
  t.core.close();
  return backup;
}

/**
 * Damages the folder's database where its transactions table starts (the index of their codes
 * still reads), starts from `backupFile` as the start screen does, and returns what the restore
 * recorded and the floor the next code goes above.
 */
function startOverDamage(dataDir: string, backupFile: string): { details: unknown; floor: number } {
  const file = join(dataDir, DATABASE_FILE);
  overwriteBytes(file, rootPageOffset(file, 'transactions'), 4096);
  const { core } = openCoreFromBackup(
    { dataDir, appVersion: 'test', now: () => NOW },
    backupFile,
    { userId: null, username: null },
    'corrupt_on_start',
  );
  try {
    const entry = core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'database_restored'")
      .get() as { details: string };
    return { details: JSON.parse(entry.details), floor: lastIssuedSequence(core.db) };
  } finally {
    core.close();
  }
}

describe('the database check at start', () => {
  const tempDir = useTempDirs();

  it('decides when quick_check runs: after an unclean shutdown, when never or long ago checked', () => {
    expect(startCheckPlan(clean, NOW, false)).toEqual({ quickCheck: false, reason: null });
    expect(startCheckPlan(clean, NOW, true)).toEqual({ quickCheck: false, reason: null });
    expect(startCheckPlan({ ...clean, open: true }, NOW, true)).toEqual({
      quickCheck: true,
      reason: 'unclean_shutdown',
    });
    expect(startCheckPlan({ ...clean, lastCheckAt: null }, NOW, true)).toEqual({
      quickCheck: true,
      reason: 'never_checked',
    });
    expect(startCheckPlan({ ...clean, lastCheckAt: NOW - CHECK_MAX_AGE_MS - 1 }, NOW, true)).toEqual({
      quickCheck: true,
      reason: 'check_due',
    });
    // A clock set far back does not postpone the check forever.
    expect(startCheckPlan({ ...clean, lastCheckAt: NOW + CHECK_MAX_AGE_MS + 1 }, NOW, true).quickCheck).toBe(
      true,
    );
  });

  it('opens an empty file (a first start killed before its first write) as a new database', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DATABASE_FILE), '');
    const core = openCore({ dataDir, appVersion: 'test', now: () => NOW });
    expect(core.office()).toBeNull();
    core.close();
  });

  it('records a clean close, and an open database as unclean until it closes', async () => {
    const dataDir = tempDir();
    const core = openCore({ dataDir, appVersion: 'test', now: () => NOW });
    expect(readHealth(dataDir)).toMatchObject({ open: true, lastCheckAt: NOW });
    core.close();
    expect(readHealth(dataDir)).toMatchObject({ open: false });
  });

  it('keeps the app’s unclean-shutdown flag when the command-line tool opens and closes the folder beside it', () => {
    const dataDir = tempDir();
    const app = openCore({ dataDir, appVersion: 'test', now: () => NOW });
    const cli = openCore({ dataDir, appVersion: 'cli', now: () => NOW, marksOpen: false });
    cli.close();
    // The app is still running: if it dies now, its next start must still check the database.
    expect(readHealth(dataDir)).toMatchObject({ open: true });
    app.close();
    expect(readHealth(dataDir)).toMatchObject({ open: false });
  });

  it('finds a file that is not a database and offers the latest good backup instead of crashing', async () => {
    const dataDir = tempDir();
    const backup = await officeWithBackup(dataDir);
    overwriteBytes(join(dataDir, DATABASE_FILE), 0, 100);
    const error = openError(dataDir);
    expect(error.code).toBe('database_corrupt');
    expect(error.details).toMatchObject({
      reason: 'not_a_database',
      latestBackup: backup.file,
      latestBackupAt: backup.takenAt,
    });
  });

  it('finds damaged pages with quick_check after an unclean shutdown', async () => {
    const dataDir = tempDir();
    const backup = await officeWithBackup(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    overwriteBytes(file, rootPageOffset(file, 'transactions'), 4096);
    updateHealth(dataDir, { open: true });
    const error = openError(dataDir);
    expect(error.code).toBe('database_corrupt');
    expect(error.details).toMatchObject({ reason: 'check_failed', latestBackup: backup.file });
  });

  it('skips quick_check after a clean close and a recent check (the start stays fast)', async () => {
    const dataDir = tempDir();
    await officeWithBackup(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    overwriteBytes(file, rootPageOffset(file, 'transactions'), 4096);
    expect(readHealth(dataDir).open).toBe(false);
    // Pages start-up does not read are not checked; the weekly check or the next backup finds them.
    const core = openCore({ dataDir, appVersion: 'test', now: () => NOW });
    core.close();
    updateHealth(dataDir, { lastCheckAt: NOW - CHECK_MAX_AGE_MS - 1 });
    expect(openError(dataDir).details).toMatchObject({ reason: 'check_failed' });
  });

  it('offers nothing when no backup is sound, and picks an older sound one over a damaged newer one', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 10);
    const older = await createBackup(t.core, { reason: 'daily', actor: null });
    t.advance(60_000);
    const newer = await createBackup(t.core, { reason: 'daily', actor: null });
    t.core.close();
    overwriteBytes(newer.file, rootPageOffset(newer.file, 'transactions'), 4096);
    overwriteBytes(join(dataDir, DATABASE_FILE), 0, 100);
    expect(openError(dataDir).details['latestBackup']).toBe(older.file);
    overwriteBytes(older.file, rootPageOffset(older.file, 'transactions'), 4096);
    expect(openError(dataDir).details['latestBackup']).toBeNull();
  });

  it('after a restore from a damaged file it could still read, continues above the codes it shows', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 40);
    const backup = await createBackup(t.core, { reason: 'daily', actor: null });
    for (let i = 0; i < 5; i += 1) await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    await t.close();
    const restored = startOverDamage(dataDir, backup.file);
    expect(restored.details).toMatchObject({
      highestSequenceBefore: 45,
      backupHighestSequence: 40,
      sequenceMargin: null,
      sequenceFloor: 45,
    });
    expect(restored.floor).toBe(45);
  });

  it('after a restore over a damaged file that shows fewer codes than the backup (not its continuation), steps over the codes sold since', async () => {
    const t = await officeWithSales(tempDir(), 40);
    const backup = await createBackup(t.core, { reason: 'daily', actor: null });
    await t.close();
    // This folder's own database, begun anew with 2 sales, then damaged.
    const dataDir = tempDir();
    await (await officeWithSales(dataDir, 2)).close();
    const restored = startOverDamage(dataDir, backup.file);
    expect(restored.details).toMatchObject({
      highestSequenceBefore: 2,
      backupHighestSequence: 40,
      sequenceMargin: BLIND_RESTORE_MIN_MARGIN,
    });
    expect(restored.floor).toBe(40 + BLIND_RESTORE_MIN_MARGIN);
  });

  it('starts from the chosen backup, keeping the damaged file aside, and records it', async () => {
    const dataDir = tempDir();
    const backup = await officeWithBackup(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    writeFileSync(file, 'garbage where the database was');
    const { core, keptAside } = openCoreFromBackup(
      { dataDir, appVersion: 'test', now: () => NOW },
      backup.file,
      { userId: null, username: null },
      'corrupt_on_start',
    );
    try {
      expect(keptAside).toMatch(/pishkhan\.sqlite\.corrupt-\d{8}T\d{6}Z$/);
      expect(existsSync(keptAside ?? '')).toBe(true);
      expect(readdirSync(dataDir).filter((n) => n.includes('.corrupt-'))).toHaveLength(1);
      expect(transactionIds(file)).toEqual(transactionIds(backup.file));
      const last = core.db
        .prepare('SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1')
        .get() as {
        action: string;
        details: string;
      };
      expect(last.action).toBe('database_restored');
      // Nothing could be read from the broken file: the codes of any sales made after the backup
      // are unknown, and the next save steps over as many as the counter could have issued since.
      // The backup's 40 sales were made today, on its one day: the least margin.
      expect(JSON.parse(last.details)).toMatchObject({
        reason: 'corrupt_on_start',
        highestSequenceBefore: null,
        backupHighestSequence: 40,
        sequenceMargin: BLIND_RESTORE_MIN_MARGIN,
        sequenceFloor: 40 + BLIND_RESTORE_MIN_MARGIN,
      });
      expect(lastIssuedSequence(core.db)).toBe(40 + BLIND_RESTORE_MIN_MARGIN);
    } finally {
      core.close();
    }
  });
});
