import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openCore } from '../../../electron/core/core';
import { startCoreWorker } from '../../../electron/core/host/worker-host';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import { createSyncEngine, FileKeyStore } from '../../../electron/core/sync';
import { gregorianToJalali, tehranWallTime } from '../../../shared/jalali';
import { copyDb, type LargeDb } from '../large-db';
import { round, type Row } from '../stats';
import { PRICED_SERVICES, quote } from '../../integration/sync/fixture-pricing';
import { testSealer } from '../../support/sealer';
import { newTransaction } from '../../support/transactions';
import { startServerProcess, type ServerProcess } from '../sync-fixture';

type Caller = (name: string, input: unknown) => Promise<unknown>;

const DAY_MS = 86_400_000;

type Answer<T> = { ok: boolean; value?: T; error?: { code: string } };

/**
 * A sync run to the end: enrolled (the engine then starts by itself), and synced until nothing waits
 * (the saves made meanwhile included). Answers how many items were waiting when it began.
 */
async function syncRun(call: Caller, server: ServerProcess): Promise<number> {
  const before = (await call('sync.status', {})) as Answer<{ pendingCount: number }>;
  if (!before.ok || !before.value) throw new Error(`sync.status: ${before.error?.code}`);
  const enrolled = (await call('sync.enroll', {
    serverUrl: server.url,
    activationCode: await server.newActivationCode(),
  })) as Answer<unknown>;
  if (!enrolled.ok) throw new Error(`enroll: ${enrolled.error?.code}`);
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = (await call('sync.now', {})) as Answer<{ status: { pendingCount: number } }>;
    if (!r.ok || !r.value) throw new Error(`sync.now: ${r.error?.code}`);
    if (r.value.status.pendingCount === 0) return before.value.pendingCount;
  }
  throw new Error('the backlog did not drain');
}

/**
 * Heavy calls for the process that hosts IPC: a backup, a year's report, a sync run of the backlog,
 * full scans, lookups and saves, all at once.
 */
async function heavyCalls(call: Caller, db: LargeDb, server: ServerProcess): Promise<number> {
  const jobs: Promise<unknown>[] = [];
  const now = Date.now();
  const sync = syncRun(call, server);
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
  const [delivered, results] = await Promise.all([sync, Promise.all(jobs)]);
  const failed = (results as { ok: boolean; error?: { code: string } }[]).find((r) => !r.ok);
  if (failed) throw new Error(`a heavy call failed: ${failed.error?.code}`);
  return delivered;
}

/** The large database with a backlog of `count` transactions saved through the core, not yet enrolled. */
async function largeWithBacklog(db: LargeDb, dir: string, count: number): Promise<void> {
  copyDb(db.dataDir, dir);
  const core = openCore({ dataDir: dir, appVersion: 'bench' });
  const dispatcher = createDispatcher(core);
  const login = await dispatcher.call('bench', 'session.login', {
    username: 'manager',
    password: 'bench password',
  });
  if (!login.ok) throw new Error(login.error.code);
  for (let i = 0; i < count; i++) {
    const service = PRICED_SERVICES[i % PRICED_SERVICES.length] as string;
    const total = quote(core.now(), service);
    const saved = await dispatcher.call(
      'bench',
      'transactions.create',
      newTransaction(service, [
        { method: 'cash', amount: total, tendered: Math.ceil((total + 1) / 1_000_000) * 1_000_000 },
      ]),
    );
    if (!saved.ok) throw new Error(`save: ${saved.error.code}`);
  }
  core.close();
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
 * database, a one-year report, a sync run draining a backlog of `backlog` transactions (and full
 * scans, lookups and saves) run in the real core worker — against the same work with the core on
 * the main thread. The sync server runs in its own process.
 */
export async function stallScenario(db: LargeDb, bundle: string, backlog: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-stall-'));
  try {
    await largeWithBacklog(db, join(dir, 'worker'), backlog);
    copyDb(join(dir, 'worker'), join(dir, 'inline'));

    let delivered = 0;
    let noise = 0;
    const worker = await withServer(join(dir, 'server-worker'), async (server) => {
      const host = await startCoreWorker({
        workerFile: resolve('dist/electron/core-worker.cjs'),
        dataDir: join(dir, 'worker'),
        appVersion: 'bench',
        sealer: testSealer(),
      });
      const call: Caller = (name, input) => host.call('bench', name, input);
      await call('session.login', { username: 'manager', password: 'bench password' });
      const stopIdle = await idleLoop(bundle);
      try {
        return await longestStall(async () => {
          delivered = await heavyCalls(call, db, server);
        });
      } finally {
        noise = await stopIdle();
        await host.close();
      }
    });

    const inline = await withServer(join(dir, 'server-inline'), async (server) => {
      const core = openCore({ dataDir: join(dir, 'inline'), appVersion: 'bench' });
      const sync = createSyncEngine(core, { keyStore: new FileKeyStore(join(dir, 'inline', 'keys')) });
      const dispatcher = createDispatcher(core, { sync });
      const call: Caller = (name, input) => dispatcher.call('bench', name, input);
      await call('session.login', { username: 'manager', password: 'bench password' });
      try {
        return await longestStall(async () => {
          await heavyCalls(call, db, server);
        });
      } finally {
        await sync.stop();
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
        note: `a backup of the ${db.count.toLocaleString('en-US')}-transaction database, a one-year report, a sync run draining ${delivered.toLocaleString('en-US')} waiting items to the server (its own process), full scans, 500 lookups and 100 saves, all in the core worker; main thread busy ${round(worker.busy * 100, 1)}% of the time (${round(inline.busy * 100, 1)}% inline); baseline: all of it on the main thread`,
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
