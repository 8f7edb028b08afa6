import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core/core';
import { CoreOpenError, startCoreWorker, type CoreHost } from '../../../electron/core/host/worker-host';
import { migrate } from '../../../electron/core/db/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../electron/core/db/migrations';
import { openDatabase } from '../../../electron/core/db/open';
import { newTransaction } from '../../support/transactions';

const repoRoot = resolve(import.meta.dirname, '../../..');

// The bundle goes inside the repository (git-ignored .cache/) so that its `require('better-sqlite3')`
// resolves to the project's node_modules, exactly as dist/electron/core-worker.cjs does.
const buildDir = join(repoRoot, '.cache', 'test-build', `worker-host-${process.pid}`);
const workerFile = join(buildDir, 'core-worker.cjs');
const crashingWorkerFile = join(buildDir, 'crashing-worker.cjs');

// Stands in for a core that dies mid-call (a native crash, an uncaught bug): it answers calls
// named 'echo', never answers 'hang', and throws an uncaught error on 'crash'.
const CRASHING_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'ready', schemaVersion: 1 });
parentPort.on('message', (message) => {
  if (message.type !== 'call') return;
  if (message.name === 'crash') throw new Error('boom in the core');
  if (message.name === 'echo') parentPort.postMessage({ type: 'result', id: message.id, result: { ok: true, value: message.input } });
});
`;

const setupInput = {
  officeName: 'دفتر پیشخوان شماره ۱۲',
  officeCode: '۱۲۳۴',
  district: 3,
  terminalNumber: 1,
  manager: { username: 'Manager1', fullName: 'زهرا احمدی', password: 'correct horse battery' },
};

let dataDir = '';
const hosts: CoreHost[] = [];

async function start(options: { workerFile?: string; nativeBinding?: string } = {}): Promise<CoreHost> {
  const host = await startCoreWorker({
    workerFile: options.workerFile ?? workerFile,
    dataDir,
    nativeBinding: options.nativeBinding,
    appVersion: '1.2.3-test',
  });
  hosts.push(host);
  return host;
}

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
  writeFileSync(crashingWorkerFile, CRASHING_WORKER);
});

afterAll(() => {
  rmSync(buildDir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function freshDataDir(): void {
  dataDir = mkdtempSync(join(tmpdir(), 'pishkhan-host-'));
}

describe('the core in a worker thread', () => {
  it('answers real calls against a real SQLite file', async () => {
    freshDataDir();
    const host = await start();

    const before = await host.call('window-1', 'app.info', {});
    expect(before).toEqual({
      ok: true,
      value: { setUp: false, office: null, appVersion: '1.2.3-test', schemaVersion: LATEST_SCHEMA_VERSION },
    });

    const created = await host.call('window-1', 'setup.createOffice', setupInput);
    expect(created).toMatchObject({
      ok: true,
      value: { user: { username: 'manager1', role: 'manager' }, locked: false },
    });

    const current = await host.call('window-1', 'session.current', {});
    expect(current).toMatchObject({
      ok: true,
      value: { user: { username: 'manager1', fullName: 'زهرا احمدی' } },
    });

    // Sessions belong to the window that logged in: another window is not logged in.
    expect(await host.call('window-2', 'session.current', {})).toEqual({ ok: true, value: null });
    expect(await host.call('window-2', 'settings.get', {})).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
  });

  it('tells the main process the update feed and what blocks an update restart', async () => {
    freshDataDir();
    const host = await start();
    // Nobody logged in: there is no manager to ask.
    expect(await host.updateState()).toEqual({ feedBaseUrl: null, blocker: 'manager_absent' });
    await host.call('window-1', 'setup.createOffice', setupInput);
    await host.call('window-1', 'settings.update', {
      idleLockMinutes: 5,
      updateFeedUrl: 'https://updates.karaj.ir/pishkhan',
    });
    expect(await host.updateState()).toEqual({
      feedBaseUrl: 'https://updates.karaj.ir/pishkhan',
      blocker: null,
    });
    await host.call('window-1', 'counter.draft', { open: true });
    expect(await host.updateState()).toMatchObject({ blocker: 'transaction_open' });
    await host.close();
    // A stopped core blocks nothing and offers no feed (the app is quitting anyway).
    expect(await host.updateState()).toEqual({ feedBaseUrl: null, blocker: null });
  });

  it('gives back the receipt copy of a print the main process says was cancelled, for that window only', async () => {
    freshDataDir();
    const host = await start();
    await host.call('window-1', 'setup.createOffice', setupInput);
    const saved = await host.call('window-1', 'transactions.create', newTransaction('citizen-request', []));
    if (!saved.ok) throw new Error(saved.error.code);
    const { id } = saved.value as { id: string };
    const print = { id, copyNumber: 1, layout: '80mm', target: 'printer' } as const;
    expect((await host.call('window-1', 'receipts.print', print)).ok).toBe(true);
    const copy = { id, copyNumber: 1, target: 'printer' } as const;
    expect(await host.receiptPrintCancelled('window-2', copy)).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
    expect(await host.receiptPrintCancelled('window-1', copy)).toEqual({ ok: true, value: null });
    expect(await host.call('window-1', 'transactions.get', { id })).toMatchObject({
      ok: true,
      value: { printCount: 0 },
    });
    // The next print is copy 1 again.
    expect((await host.call('window-1', 'receipts.print', print)).ok).toBe(true);
    await host.close();
    expect(await host.receiptPrintCancelled('window-1', copy)).toMatchObject({ ok: false });
  });

  it("passes the PC's suspend and resume on to the core, which answers calls on", async () => {
    freshDataDir();
    const host = await start();
    const exits: unknown[] = [];
    host.onUnexpectedExit((exit) => exits.push(exit));
    await host.call('window-1', 'setup.createOffice', setupInput);
    host.power('suspend');
    host.power('resume');
    // Messages are taken in order: this call runs after both, in a worker still alive.
    expect(await host.call('window-1', 'catalog.current', {})).toMatchObject({
      ok: true,
      value: { clockOffsetMs: 0 },
    });
    expect(exits).toEqual([]);
  });

  it('returns the clean contract errors for bad calls', async () => {
    freshDataDir();
    const host = await start();
    expect(await host.call('w', 'no.such.call', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_call' },
    });
    expect(await host.call('w', 'setup.createOffice', { officeName: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await host.call('w', 'app.info', { __proto__: { polluted: true } })).toMatchObject({ ok: true });
  });

  it('keeps the data after close and ends a window’s session with an audit entry', async () => {
    freshDataDir();
    const first = await start();
    await first.call('window-1', 'setup.createOffice', setupInput);
    first.endSession('window-1');
    expect(await first.call('window-1', 'session.current', {})).toEqual({ ok: true, value: null });
    await first.close();
    expect(await first.call('window-1', 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'internal', details: { reason: 'core_stopped' } },
    });

    const second = await start();
    expect(await second.call('window-1', 'app.info', {})).toMatchObject({
      ok: true,
      value: { setUp: true, office: { code: '1234', district: 3 } },
    });
    await second.close();

    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const logout = db.prepare("SELECT details FROM audit_log WHERE action = 'logout'").all() as {
      details: string;
    }[];
    db.close();
    expect(logout.map((row) => JSON.parse(row.details))).toEqual([{ reason: 'window_closed' }]);
  });

  it('lets a running call finish before close() closes the database', async () => {
    freshDataDir();
    const host = await start();
    // scrypt runs off-thread, so the call is still in flight when close() is asked for.
    const creating = host.call('window-1', 'setup.createOffice', setupInput);
    const closing = host.close();
    expect(await creating).toMatchObject({ ok: true });
    await closing;
  });

  it('closes the database only after the backup that follows a day close has ended', async () => {
    freshDataDir();
    const host = await start();
    expect(await host.call('window-1', 'setup.createOffice', setupInput)).toMatchObject({ ok: true });
    const overview = (await host.call('window-1', 'day.overview', {})) as {
      ok: true;
      value: { businessDate: string };
    };
    const opened = (await host.call('window-1', 'day.open', {
      businessDate: overview.value.businessDate,
      openingFloat: '0',
    })) as { ok: true; value: { id: string } };
    const detail = (await host.call('window-1', 'day.detail', { dayId: opened.value.id })) as {
      ok: true;
      value: { fingerprint: string };
    };
    const closed = await host.call('window-1', 'day.close', {
      dayId: opened.value.id,
      fingerprint: detail.value.fingerprint,
      countedCash: '0',
      cardSlipTotal: '0',
      cashNote: '',
      cardNote: '',
      password: setupInput.manager.password,
    });
    expect(closed).toMatchObject({ ok: true, value: { day: { state: 'closed' } } });
    // The app quits right after the close answered, with its backup still being taken.
    await host.close();

    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const backups = db
      .prepare("SELECT action, entity_id AS name, details FROM audit_log WHERE entity = 'backup'")
      .all() as { action: string; name: string; details: string }[];
    db.close();
    expect(backups.map((b) => [b.action, (JSON.parse(b.details) as { reason: string }).reason])).toEqual([
      ['backup_created', 'day_close'],
    ]);
    expect(readdirSync(join(dataDir, 'backups'))).toEqual([backups[0]?.name]);
  });

  it('tells the main process each slow step of the start before ready: the check, then each migration', async () => {
    freshDataDir();
    // A database two versions behind, as an upgrade finds it, never checked by a start.
    const db = openDatabase(join(dataDir, DATABASE_FILE));
    migrate(db, MIGRATIONS, () => 1, LATEST_SCHEMA_VERSION - 2);
    db.close();
    const seen: string[] = [];
    const host = await startCoreWorker({
      workerFile,
      dataDir,
      appVersion: '1.2.3-test',
      onStarting: (step) => seen.push(step.kind === 'migration' ? `${step.index}/${step.total}` : step.kind),
    });
    hosts.push(host);
    seen.push('ready');
    expect(seen).toEqual(['check', '1/2', '2/2', 'ready']);
    expect(await host.call('w', 'app.info', {})).toMatchObject({ ok: true, value: { setUp: false } });
  });

  it('reports a database written by a newer version instead of starting', async () => {
    freshDataDir();
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT',
    );
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(999, 'from_the_future', 0);
    db.close();

    const logged: string[] = [];
    const spy = vi
      .spyOn(console, 'error')
      .mockImplementation((line: unknown) => void logged.push(String(line)));
    const failure = await start()
      .then(
        () => null,
        (error: unknown) => error,
      )
      .finally(() => spy.mockRestore());
    // The core's own log line reaches this thread's console (the app's log file in Electron).
    expect(logged.some((line) => line.includes('core-worker: the core could not open'))).toBe(true);
    expect(failure).toBeInstanceOf(CoreOpenError);
    expect((failure as CoreOpenError).error).toMatchObject({
      code: 'database_newer_than_app',
      messageKey: 'errors.database_newer_than_app',
      details: { databaseVersion: 999, appVersion: LATEST_SCHEMA_VERSION },
    });
  });

  it('reports a native binding that cannot be loaded instead of starting', async () => {
    freshDataDir();
    const failure = await start({ nativeBinding: join(dataDir, 'missing', 'better_sqlite3.node') }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CoreOpenError);
    expect((failure as CoreOpenError).error.code).toBe('internal');
  });
});

describe('a core worker that dies', () => {
  it('settles every pending call with an internal error and refuses later calls', async () => {
    freshDataDir();
    const host = await start({ workerFile: crashingWorkerFile });
    const exits: { exitCode: number; message: string | undefined }[] = [];
    host.onUnexpectedExit((exit) => exits.push({ exitCode: exit.exitCode, message: exit.error?.message }));

    expect(await host.call('w', 'echo', { n: 1 })).toEqual({ ok: true, value: { n: 1 } });
    const hanging = host.call('w', 'hang', {});
    const crashing = host.call('w', 'crash', {});

    const stopped = { ok: false, error: { code: 'internal', details: { reason: 'core_stopped' } } };
    expect(await hanging).toMatchObject(stopped);
    expect(await crashing).toMatchObject(stopped);
    expect(exits).toEqual([{ exitCode: 1, message: 'boom in the core' }]);
    expect(await host.call('w', 'echo', {})).toMatchObject(stopped);
    await expect(host.close()).resolves.toBeUndefined();
  });
});
