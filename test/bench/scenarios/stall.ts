import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openCore } from '../../../electron/core/core';
import { startCoreWorker } from '../../../electron/core/host/worker-host';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import { createSyncEngine, FileKeyStore } from '../../../electron/core/sync';
import { gregorianToJalali, tehranWallTime } from '../../../shared/jalali';
import { copyDb, type LargeDb } from '../large-db';
import { round, type Row } from '../stats';
import { copyTerminal, startServerProcess, type ServerProcess } from '../sync-fixture';

type Caller = (name: string, input: unknown) => Promise<unknown>;

const DAY_MS = 86_400_000;

/** What the sync run needs: a terminal with a backlog, and a server to drain it to. */
export interface SideJobs {
  readonly role: 'stall-side-jobs';
  readonly terminalDir: string;
  readonly serverUrl: string;
  readonly activationCode: string;
}

/**
 * A sync run draining the terminal's backlog to the server. Run in a worker thread for the app's
 * design (the core worker has no sync calls yet), or on the main thread for the baseline.
 */
export async function runSideJobs(jobs: SideJobs): Promise<{ delivered: number }> {
  const terminal = openCore({ dataDir: jobs.terminalDir, appVersion: 'bench' });
  const engine = createSyncEngine(terminal, {
    keyStore: new FileKeyStore(join(jobs.terminalDir, 'keys')),
    timeoutMs: 120_000,
    intervalMs: 3_600_000,
  });
  try {
    await engine.enroll({ serverUrl: jobs.serverUrl, activationCode: jobs.activationCode });
    const report = await engine.syncNow('button');
    if (!report.ok) throw new Error(`sync failed: ${JSON.stringify(report.error)}`);
    return { delivered: report.delivered };
  } finally {
    await engine.stop();
    terminal.close();
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

/** Heavy calls for the process that hosts IPC: a backup, a year's report, full scans, lookups, saves. */
async function heavyCalls(call: Caller, db: LargeDb): Promise<void> {
  await call('session.login', { username: 'manager', password: 'bench password' });
  const jobs: Promise<unknown>[] = [];
  const now = Date.now();
  // The backups module's own backup: online copy, integrity_check of the copy, rotation.
  jobs.push(call('backups.create', {}));
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
  const results = (await Promise.all(jobs)) as { ok: boolean; error?: { code: string } }[];
  const failed = results.find((r) => !r.ok);
  if (failed) throw new Error(`a heavy call failed: ${failed.error?.code}`);
}

/**
 * Runs in a child process that does nothing: its longest event-loop delay is how long this busy
 * 2-core machine keeps a runnable thread waiting (the noise floor of the stall figures).
 */
export function idleLoopChild(): void {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    histogram.disable();
    process.stdout.write(`${JSON.stringify({ max: histogram.max / 1e6 })}\n`, () => process.exit(0));
  });
  setInterval(() => undefined, 1_000);
}

async function idleLoop(bundle: string): Promise<() => Promise<number>> {
  const child = spawn(process.execPath, [bundle, '--idle-loop'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const next = () => new Promise<string>((done) => lines.once('line', done));
  await next();
  return async () => {
    const answer = next();
    child.kill('SIGTERM');
    return (JSON.parse(await answer) as { max: number }).max;
  };
}

/** The longest event-loop delay while `work` runs, and how busy the loop was (0–1) meanwhile. */
async function longestStall(work: () => Promise<void>): Promise<{ max: number; busy: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const before = performance.eventLoopUtilization();
  histogram.enable();
  await work();
  // A stall is recorded when the monitor's next timer fires: give it the chance before stopping.
  await new Promise((done) => setTimeout(done, 50));
  histogram.disable();
  return { max: histogram.max / 1e6, busy: performance.eventLoopUtilization(before).utilization };
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
 * Scenario 7: the longest event-loop stall of the process hosting IPC while a backup of the large
 * database and a one-year report (and full scans, lookups and saves) run in the real core worker,
 * and a sync run drains a backlog in a worker thread — against the same work with the core and the
 * sync on the main thread. The sync server runs in its own process.
 */
export async function stallScenario(db: LargeDb, bundle: string, backlog: string): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-stall-'));
  try {
    copyDb(db.dataDir, join(dir, 'worker'));
    copyDb(db.dataDir, join(dir, 'inline'));
    const jobsFor = async (name: string, server: ServerProcess): Promise<SideJobs> => ({
      role: 'stall-side-jobs',
      terminalDir: copyTerminal(backlog, join(dir, `${name}-terminal`)),
      serverUrl: server.url,
      activationCode: await server.newActivationCode(),
    });

    let delivered = 0;
    let noise = 0;
    const worker = await withServer(join(dir, 'server-worker'), async (server) => {
      const jobs = await jobsFor('worker', server);
      const host = await startCoreWorker({
        workerFile: resolve('dist/electron/core-worker.cjs'),
        dataDir: join(dir, 'worker'),
        appVersion: 'bench',
      });
      const stopIdle = await idleLoop(bundle);
      try {
        return await longestStall(async () => {
          const [side] = await Promise.all([
            inWorker(bundle, jobs),
            heavyCalls((name, input) => host.call('bench', name, input), db),
          ]);
          delivered = side.delivered;
        });
      } finally {
        noise = await stopIdle();
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
        value: round(worker.max, 1),
        unit: 'ms',
        baseline: round(inline.max, 1),
        ratio: round(worker.max / inline.max, 3),
        note: `a backup of the ${db.count.toLocaleString('en-US')}-transaction database, a one-year report, full scans, 500 lookups and 100 saves in the core worker; a ${delivered.toLocaleString('en-US')}-item sync run in a worker thread (the core worker has no sync calls yet); main thread busy ${round(worker.busy * 100, 1)}% of the time (${round(inline.busy * 100, 1)}% inline); baseline: all of it on the main thread`,
      },
      {
        scenario: 'stall-noise-floor',
        metric: 'max',
        value: round(noise, 1),
        unit: 'ms',
        note: 'the longest delay of an idle Node process during the same run: how long the machine kept a ready thread waiting',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
