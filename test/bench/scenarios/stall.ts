import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCore } from '../../../electron/core/core';
import { startCoreWorker } from '../../../electron/core/host/worker-host';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import { copyDb, type LargeDb } from '../large-db';
import { round, type Row } from '../stats';

type Caller = (name: string, input: unknown) => Promise<unknown>;

/** Heavy work for the process that hosts IPC: full scans of the large database, lookups, saves. */
async function heavyWork(call: Caller, db: LargeDb): Promise<void> {
  await call('session.login', { username: 'manager', password: 'bench password' });
  const jobs: Promise<unknown>[] = [];
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
  await Promise.all(jobs);
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

/**
 * Scenario 7: the longest event-loop stall of the process hosting IPC while heavy work runs — the
 * app's design (the core in a worker thread) against the core run on the same thread.
 * (Year reports, backups and sync join this scenario as those features land.)
 */
export async function stallScenario(db: LargeDb): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-stall-'));
  try {
    copyDb(db.dataDir, join(dir, 'worker'));
    copyDb(db.dataDir, join(dir, 'inline'));
    const host = await startCoreWorker({
      workerFile: resolve('dist/electron/core-worker.cjs'),
      dataDir: join(dir, 'worker'),
      appVersion: 'bench',
    });
    const worker = await longestStall(() => heavyWork((name, input) => host.call('bench', name, input), db));
    await host.close();

    const core = openCore({ dataDir: join(dir, 'inline') });
    const dispatcher = createDispatcher(core);
    const inline = await longestStall(() =>
      heavyWork((name, input) => dispatcher.call('bench', name, input), db),
    );
    core.close();
    return [
      {
        scenario: 'stall',
        metric: 'max',
        value: round(worker, 1),
        unit: 'ms',
        baseline: round(inline, 1),
        ratio: round(worker / inline, 3),
        note: 'baseline: the same work with the core on the main thread',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
