import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startCheckpointThread } from '../../../../electron/core/db/checkpoint-thread';
import { openDatabase } from '../../../../electron/core/db/open';
import { setUpOffice, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

async function sell(t: TestCore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const r = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!r.ok) throw new Error(r.error.code);
  }
}

/**
 * The transactions in the database file alone, as if its WAL were lost: what was checkpointed.
 * Null when the copy caught a checkpoint halfway through writing its pages (a copy of the file
 * without its WAL is only whole between checkpoints): the caller looks again.
 */
function inMainFile(databaseFile: string, scratch: string): number | null {
  const copy = join(scratch, `main-only-${Date.now()}-${Math.random()}.sqlite`);
  copyFileSync(databaseFile, copy);
  const db = new Database(copy, { readonly: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'transactions'").get()) return 0;
    return (db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
  } catch (error) {
    if (
      error instanceof Database.SqliteError &&
      (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB')
    )
      return null;
    throw error;
  } finally {
    db.close();
  }
}

/** PRAGMA integrity_check of the database file alone, copied while nothing writes it. */
function mainFileIntegrity(databaseFile: string, scratch: string): string {
  const copy = join(scratch, `at-rest-${Date.now()}-${Math.random()}.sqlite`);
  copyFileSync(databaseFile, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

describe('the checkpoint thread', () => {
  const tempDir = useTempDirs();

  it('moves the saves into the database file while no save runs a checkpoint, and again after a reopen', async () => {
    const scratch = tempDir();
    const t = startCore(tempDir(), { checkpointThread: true });
    await setUpOffice(t);
    // SQLite's own checkpoint waits for 10,000 WAL pages; 20 saves write about 640.
    await eventually(() => t.core.db.pragma('wal_autocheckpoint', { simple: true }) === 10_000, 'safety net');
    await sell(t, 20);
    await eventually(() => inMainFile(t.core.databaseFile, scratch) === 20, '20 saves in the file');

    // A restore stops the thread before it moves the file; the reopen starts it again.
    await t.core.stopCheckpoints();
    expect(t.core.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    // What the thread wrote is whole once it has stopped (a copy taken meanwhile may not be).
    expect(mainFileIntegrity(t.core.databaseFile, scratch)).toBe('ok');
    t.core.reopen(() => {});
    await eventually(() => t.core.db.pragma('wal_autocheckpoint', { simple: true }) === 10_000, 'restarted');
    await sell(t, 5);
    await eventually(() => inMainFile(t.core.databaseFile, scratch) === 25, '25 saves in the file');
    t.core.close();
  });

  it('checkpoints once a batch of pages waits, or once the WAL stops growing, not on every look', async () => {
    const scratch = tempDir();
    // The thread sets SQLite's own checkpoint to 10,000 pages while it runs, 1,000 once stopped:
    // this test's few hundred pages start neither.
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    db.exec('CREATE TABLE t (x BLOB NOT NULL) STRICT');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const insert = db.prepare('INSERT INTO t (x) VALUES (zeroblob(3000))');
    const waiting = () => {
      const [state] = db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
      return (state?.log ?? 0) - (state?.checkpointed ?? 0);
    };
    const rows = () => {
      const copy = join(scratch, `main-only-${Date.now()}-${Math.random()}.sqlite`);
      copyFileSync(db.name, copy);
      const file = new Database(copy, { readonly: true });
      try {
        return (file.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
      } catch (error) {
        if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CORRUPT')) return null;
        throw error;
      } finally {
        file.close();
      }
    };

    // Quiet for a minute at the soonest: only the pages can start a checkpoint.
    const batch = startCheckpointThread(db, undefined, { intervalMs: 10, pages: 200, idleMs: 60_000 });
    await eventually(() => db.pragma('wal_autocheckpoint', { simple: true }) === 10_000, 'running');
    let written = 0;
    while (waiting() < 150) {
      insert.run();
      written++;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Thirty looks later nothing has moved: fewer pages wait than a batch.
    expect(waiting()).toBeGreaterThanOrEqual(150);
    expect(rows()).toBe(0);
    while (waiting() < 200) {
      insert.run();
      written++;
    }
    await eventually(() => waiting() === 0 && rows() === written, 'a batch of pages in the file');
    await batch.stop();

    // A batch bigger than any write: the WAL's quiet starts it.
    const quiet = startCheckpointThread(db, undefined, { intervalMs: 10, pages: 1_000_000, idleMs: 200 });
    await eventually(() => db.pragma('wal_autocheckpoint', { simple: true }) === 10_000, 'running');
    for (let i = 0; i < 5; i++) insert.run();
    written += 5;
    await eventually(() => waiting() === 0 && rows() === written, 'the quiet WAL in the file');
    await quiet.stop();
    db.close();
  });

  it('without the thread, SQLite checkpoints as before (and the saves stay in the WAL until then)', async () => {
    const scratch = tempDir();
    const t = startCore(tempDir());
    await setUpOffice(t);
    await sell(t, 20);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.core.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    // No checkpoint runs now (without the thread they run inside a save): the copy is whole.
    const inFile = inMainFile(t.core.databaseFile, scratch);
    expect(inFile).not.toBeNull();
    expect(inFile ?? 20).toBeLessThan(20);
    t.core.close();
  });

  it("hands checkpoints back to SQLite when the thread cannot run, and keeps the core's connection", async () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    db.pragma('wal_autocheckpoint = 10000');
    const thread = startCheckpointThread(db, join(tempDir(), 'no-such-binding.node'));
    await eventually(() => db.pragma('wal_autocheckpoint', { simple: true }) === 1_000, 'handed back');
    await thread.stop();
    db.exec('CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1)');
    expect(db.prepare('SELECT x FROM t').get()).toEqual({ x: 1 });
    db.close();
  });

  it('keeps the process alive while a stop is awaited, and not before', async () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    const alive = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const before = alive();
    const thread = startCheckpointThread(db, undefined);
    await eventually(() => db.pragma('wal_autocheckpoint', { simple: true }) === 10_000, 'running');
    // Running, the thread never keeps a process alive…
    expect(alive()).toBe(before);
    const stopped = thread.stop();
    // …but a process that has nothing left to do except await the stop must not end first (a
    // restore awaits it before it moves the database file).
    expect(alive()).toBe(before + 1);
    await stopped;
    expect(alive()).toBe(before);
    db.close();
  });
});
