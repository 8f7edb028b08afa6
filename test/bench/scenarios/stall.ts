import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openCore } from '../../../electron/core/core';
import { startCoreWorker } from '../../../electron/core/host/worker-host';
import { openDatabase } from '../../../electron/core/db/open';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import { createSyncEngine, FileKeyStore } from '../../../electron/core/sync';
import { gregorianToJalali, tehranWallTime } from '../../../shared/jalali';
import { copyDb, type LargeDb } from '../large-db';
import { round, type Row } from '../stats';
import { copyTerminal, startServerProcess, type ServerProcess } from '../sync-fixture';

type Caller = (name: string, input: unknown) => Promise<unknown>;

const DAY_MS = 86_400_000;

/** What the side jobs need: the database to back up, and a terminal to drain to a server. */
export interface SideJobs {
  readonly role: 'stall-side-jobs';
  readonly databaseFile: string;
  readonly backupFile: string;
  readonly terminalDir: string;
  readonly serverUrl: string;
  readonly activationCode: string;
}

/**
 * A backup of the large database (better-sqlite3's online backup) and a sync run draining the
 * terminal's backlog to the server, side by side. Run in a worker thread for the app's design (the
 * core worker does not host backups or sync calls yet), or on the main thread for the baseline.
 */
export async function runSideJobs(jobs: SideJobs): Promise<{ delivered: number }> {
  const large = openDatabase(jobs.databaseFile);
  const terminal = openCore({ dataDir: jobs.terminalDir, appVersion: 'bench' });
  const engine = createSyncEngine(terminal, {
    keyStore: new FileKeyStore(join(jobs.terminalDir, 'keys')),
    timeoutMs: 120_000,
    intervalMs: 3_600_000,
  });
  try {
    const backup = large.backup(jobs.backupFile);
    const sync = (async () => {
      await engine.enroll({ serverUrl: jobs.serverUrl, activationCode: jobs.activationCode });
      const report = await engine.syncNow('button');
      if (!report.ok) throw new Error(`sync failed: ${JSON.stringify(report.error)}`);
      return report.delivered;
    })();
    const [, delivered] = await Promise.all([backup, sync]);
    return { delivered };
  } finally {
    await engine.stop();
    terminal.close();
    large.close();
    rmSync(jobs.backupFile, { force: true });
  }
}

/** Runs in the side-jobs worker thread: the jobs, then their outcome to the parent. */
export async function sideJobsWorker(jobs: SideJobs, post: (message: unknown) => void): Promise<void> {
  try {
    post({ ok: true, ...(await runSideJobs(jobs)) });
  } catch (error) {
    post({ ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

function inWorker(bundle: string, jobs: SideJobs): Promise<{ delivered: number }> {
  return new Promise((done, fail) => {
    const worker = new Worker(bundle, { workerData: jobs });
    worker.once('message', (m: { ok: boolean; delivered?: number; message?: string }) => {
      if (m.ok) done({ delivered: m.delivered ?? 0 });
      else fail(new Error(m.message));
    });
    worker.once('error', fail);
  });
}

/** Heavy calls for the process that hosts IPC: a year's report, full scans, lookups, saves. */
async function heavyCalls(call: Caller, db: LargeDb): Promise<void> {
  await call('session.login', { username: 'manager', password: 'bench password' });
  const jobs: Promise<unknown>[] = [];
  const now = Date.now();
  jobs.push(
    call('reports.range', {
      from: gregorianToJalali(tehranWallTime(now - 364 * DAY_MS).isoDate),
      to: gregorianToJalali(tehranWallTime(now).isoDate),
    }),
  );
  // A word that matches nobody: the filter reads every row (the worst a keystroke can ask).
  for (let i = 0; i < 3; i++)
    jobs.push(call('transactions.list', { offset: 0, limit: 100, filter: `نیست${i}` }));
  for (let i = 0; i < 500; i++)
    jobs.push(
      call('transactions.search', { query: db.trackingCodeOf(1 + Math.floor(Math.random() * db.count)) }),
    );
  for (let i = 0; i < 100; i++) {
    jobs.push(
      call('transactions.create', {
        id: randomUUID(),
        serviceCode: 'citizen-request',
        citizen: { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی', mobile: null },
        fields: { subject: 'question', description: 'پرسش' },
        payments: [],
      }),
    );
  }
  const results = (await Promise.all(jobs)) as unknown[];
  if (results.length !== jobs.length) throw new Error('a call was lost');
}

async function longestStall(work: () => Promise<void>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await work();
  // A stall is recorded when the monitor's next timer fires: give it the chance before stopping.
  await new Promise((done) => setTimeout(done, 50));
  histogram.disable();
  return histogram.max / 1e6;
}

async function withServer<T>(dir: string, work: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await startServerProcess(dir);
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/**
 * Scenario 7: the longest event-loop stall of the process hosting IPC while a one-year report (and
 * full scans, lookups and saves) runs in the real core worker, and a backup of the large database
 * and a sync run draining a backlog run in a worker thread — against the same work with the core,
 * the backup and the sync on the main thread. The sync server runs in its own process.
 */
export async function stallScenario(db: LargeDb, bundle: string, backlog: string): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-stall-'));
  try {
    copyDb(db.dataDir, join(dir, 'worker'));
    copyDb(db.dataDir, join(dir, 'inline'));
    const jobsFor = async (name: string, server: ServerProcess): Promise<SideJobs> => ({
      role: 'stall-side-jobs',
      databaseFile: join(dir, name, 'pishkhan.sqlite'),
      backupFile: join(dir, `${name}-backup.sqlite`),
      terminalDir: copyTerminal(backlog, join(dir, `${name}-terminal`)),
      serverUrl: server.url,
      activationCode: await server.newActivationCode(),
    });

    let delivered = 0;
    const worker = await withServer(join(dir, 'server-worker'), async (server) => {
      const jobs = await jobsFor('worker', server);
      const host = await startCoreWorker({
        workerFile: resolve('dist/electron/core-worker.cjs'),
        dataDir: join(dir, 'worker'),
        appVersion: 'bench',
      });
      try {
        return await longestStall(async () => {
          const [side] = await Promise.all([
            inWorker(bundle, jobs),
            heavyCalls((name, input) => host.call('bench', name, input), db),
          ]);
          delivered = side.delivered;
        });
      } finally {
        await host.close();
      }
    });

    const inline = await withServer(join(dir, 'server-inline'), async (server) => {
      const jobs = await jobsFor('inline', server);
      const core = openCore({ dataDir: join(dir, 'inline') });
      const dispatcher = createDispatcher(core);
      try {
        return await longestStall(async () => {
          await Promise.all([
            runSideJobs(jobs),
            heavyCalls((name, input) => dispatcher.call('bench', name, input), db),
          ]);
        });
      } finally {
        core.close();
      }
    });
    return [
      {
        scenario: 'stall',
        metric: 'max',
        value: round(worker, 1),
        unit: 'ms',
        baseline: round(inline, 1),
        ratio: round(worker / inline, 3),
        note: `a one-year report, full scans, 500 lookups and 100 saves in the core worker; a backup of the ${db.count.toLocaleString('en-US')}-transaction database and a ${delivered.toLocaleString('en-US')}-item sync run in a worker thread; baseline: all of it on the main thread`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
