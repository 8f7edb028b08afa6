import * as fs from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createBackup } from '../../../../electron/core/backup/backup';
import { openCoreFromBackup } from '../../../../electron/core/backup/start-recovery';
import { lastIssuedSequence } from '../../../../electron/core/transactions/sequence';
import { startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { OPERATOR, sell } from '../day/support';
import { MANAGER, officeWithSales, transactionIds } from './support';

/**
 * A power cut, as the file system sees it: from the rename `cutAt` picks on, nothing more is done
 * (no rename, no removal), as if the PC went dark there.
 */
const power = vi.hoisted(() => ({
  cutAt: null as ((from: string, to: string) => boolean) | null,
  dark: false,
}));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const dead = () => new Error('the power went off');
  return {
    ...real,
    renameSync(from: fs.PathLike, to: fs.PathLike) {
      if (power.dark) throw dead();
      if (power.cutAt?.(String(from), String(to))) {
        power.dark = true;
        throw dead();
      }
      real.renameSync(from, to);
    },
    rmSync(path: fs.PathLike, options?: fs.RmOptions) {
      if (power.dark) throw dead();
      real.rmSync(path, options);
    },
    writeFileSync(...args: Parameters<typeof real.writeFileSync>) {
      if (power.dark) throw dead();
      real.writeFileSync(...args);
    },
  };
});

function powerBack(): void {
  power.cutAt = null;
  power.dark = false;
}

/** Cut between the restore's two renames: the live file is aside, the copy not yet in its place. */
const betweenTheRenames = (from: string) => from.endsWith('.restoring');

async function loginOperator(t: TestCore): Promise<void> {
  const login = await t.call(
    'session.login',
    { username: OPERATOR.username, password: OPERATOR.password },
    'operator-window',
  );
  if (!login.ok) throw new Error(login.error.code);
}

function restoredEntries(t: TestCore): Record<string, unknown>[] {
  return (
    t.core.db.prepare("SELECT details FROM audit_log WHERE action = 'database_restored'").all() as {
      details: string;
    }[]
  ).map((r) => JSON.parse(r.details) as Record<string, unknown>);
}

describe('a restore cut off by a power cut', () => {
  const tempDir = useTempDirs();

  it('between its renames, is finished at the next start with its tracking-code floor and its entry in the trail', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = (await createBackup(t.core, { reason: 'manual', actor: null })).file;
    for (let i = 0; i < 3; i += 1) await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    t.core.db.prepare("UPDATE outbox SET state = 'delivered', delivered_at = 1").run();
    const highest = lastIssuedSequence(t.core.db);
    const issued = new Set(
      (t.core.db.prepare('SELECT tracking_code FROM transactions').all() as { tracking_code: string }[]).map(
        (r) => r.tracking_code,
      ),
    );

    power.cutAt = betweenTheRenames;
    const restore = await t.call('backups.restore', {
      file: backup,
      password: MANAGER.password,
      acceptUnsyncedLoss: false,
    });
    expect(restore.ok).toBe(false);
    powerBack();
    expect(readdirSync(dataDir).some((n) => n.endsWith('.restoring'))).toBe(true);
    expect(readdirSync(dataDir).includes('pishkhan.sqlite')).toBe(false);

    const next = startCore(dataDir);
    try {
      expect(transactionIds(next.core.databaseFile)).toEqual(transactionIds(backup));
      expect(restoredEntries(next)).toEqual([
        expect.objectContaining({
          reason: 'manager',
          highestSequenceBefore: highest,
          sequenceFloor: highest,
        }),
      ]);
      await loginOperator(next);
      const sale = await sell(next, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
      const row = next.core.db
        .prepare('SELECT sequence, tracking_code FROM transactions WHERE id = ?')
        .get(sale.id) as { sequence: number; tracking_code: string };
      expect(row.sequence).toBe(highest + 1);
      expect(issued.has(row.tracking_code)).toBe(false);
    } finally {
      await next.close();
    }
  });

  it('while the copy is prepared, leaves the live database in place', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = (await createBackup(t.core, { reason: 'manual', actor: null })).file;
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    t.core.db.prepare("UPDATE outbox SET state = 'delivered', delivered_at = 1").run();
    const before = transactionIds(t.core.databaseFile);
    // The first rename of the restore: the live file's WAL or the file itself going aside.
    power.cutAt = (from) => from.startsWith(join(dataDir, 'pishkhan.sqlite'));
    await t.call('backups.restore', { file: backup, password: MANAGER.password, acceptUnsyncedLoss: false });
    powerBack();
    const next = startCore(dataDir);
    try {
      expect(transactionIds(next.core.databaseFile)).toEqual(before);
      expect(restoredEntries(next)).toEqual([]);
      expect(readdirSync(dataDir).filter((n) => n.includes('.restoring'))).toEqual([]);
    } finally {
      await next.close();
    }
  });

  it('left by an earlier version without its floor (a raw copy under .restoring), is completed at start from the database it replaced', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = (await createBackup(t.core, { reason: 'manual', actor: null })).file;
    for (let i = 0; i < 3; i += 1) await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const highest = lastIssuedSequence(t.core.db);
    const live = t.core.databaseFile;
    await t.close();
    // What putBackupInPlace used to leave when the power went between its renames.
    fs.copyFileSync(backup, `${live}.restoring`);
    fs.renameSync(live, `${live}.replaced-20251128T040000Z`);

    const next = startCore(dataDir);
    try {
      expect(transactionIds(next.core.databaseFile)).toEqual(transactionIds(backup));
      expect(restoredEntries(next)).toEqual([
        expect.objectContaining({
          reason: 'interrupted',
          keptAside: 'pishkhan.sqlite.replaced-20251128T040000Z',
          sequenceFloor: highest,
        }),
      ]);
      await loginOperator(next);
      const sale = await sell(next, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
      expect(next.core.db.prepare('SELECT sequence FROM transactions WHERE id = ?').get(sale.id)).toEqual({
        sequence: highest + 1,
      });
    } finally {
      await next.close();
    }
  });

  it('at a damaged start, between its renames, is finished with the floor the damaged file showed and its entry', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = (await createBackup(t.core, { reason: 'manual', actor: null })).file;
    for (let i = 0; i < 2; i += 1) await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const highest = lastIssuedSequence(t.core.db);
    await t.close();

    power.cutAt = betweenTheRenames;
    expect(() =>
      openCoreFromBackup(
        { dataDir, appVersion: 'test', now: () => 1_764_300_000_000 },
        backup,
        { userId: null, username: null },
        'corrupt_on_start',
      ),
    ).toThrow();
    powerBack();
    const next = startCore(dataDir);
    try {
      expect(restoredEntries(next)).toEqual([
        expect.objectContaining({ reason: 'corrupt_on_start', sequenceFloor: highest }),
      ]);
      expect(lastIssuedSequence(next.core.db)).toBe(highest);
    } finally {
      await next.close();
    }
  });
});
