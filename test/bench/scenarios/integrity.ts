import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackup } from '../../../electron/core/backup/backup';
import { restorePreview } from '../../../electron/core/backup/restore';
import { openCore } from '../../../electron/core/core';
import { createDispatcher, type Dispatcher } from '../../../electron/core/ipc/dispatch';
import type { LargeDb } from '../large-db';
import { ms, round, summarize, type Row } from '../stats';

/** How often the counter asks something while a backup runs. */
const PROBE_EVERY_MS = 100;

/**
 * Runs `work` while the counter looks up a tracking code every PROBE_EVERY_MS, as an operator
 * answering a citizen would. Each wait is counted from when the lookup was due, not from when the
 * timer got to run: a thread busy with a check delays the timer, and that delay is the operator's.
 */
async function whileCounterAsks<T>(
  dispatcher: Dispatcher,
  db: LargeDb,
  work: () => Promise<T>,
): Promise<{ value: T; waits: number[] }> {
  const waits: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const due = performance.now() + PROBE_EVERY_MS;
      await new Promise((wake) => setTimeout(wake, PROBE_EVERY_MS));
      const code = db.trackingCodeOf(1 + Math.floor(Math.random() * db.count));
      const found = await dispatcher.call('bench', 'transactions.search', { query: code });
      waits.push(performance.now() - due);
      if (!found.ok) throw new Error(`lookup during a backup: ${found.error.code}`);
    }
  })();
  try {
    return { value: await work(), waits };
  } finally {
    done = true;
    await probe;
  }
}

/**
 * What the database checks cost on a large terminal (issue 5 §6): quick_check (what a start after
 * an unclean shutdown or a week without a check runs, and the automatic backups on their copy),
 * integrity_check (what "back up now" and the CLI run on the copy), a whole backup of each kind,
 * and a restore's preview. Warm cache:
 * the first read of a cold disk is slower still (about 31 s for quick_check on a million
 * transactions, measured once on the build machine), which is why the start does not check every time.
 */
export async function integrityScenario(db: LargeDb): Promise<Row[]> {
  const core = openCore({ dataDir: db.dataDir });
  const dispatcher = createDispatcher(core);
  const login = await dispatcher.call('bench', 'session.login', {
    username: 'manager',
    password: 'bench password',
  });
  if (!login.ok) throw new Error(login.error.code);
  const folder = mkdtempSync(join(tmpdir(), 'pishkhan-bench-backups-'));
  try {
    const timed = <T>(run: () => T): [T, number] => {
      const t0 = process.hrtime.bigint();
      const value = run();
      return [value, ms(t0)];
    };
    core.db.pragma('quick_check');
    const [, quick] = timed(() => core.db.pragma('quick_check'));
    const [, full] = timed(() => core.db.pragma('integrity_check'));
    let t0 = process.hrtime.bigint();
    const { value: daily, waits: dailyWaits } = await whileCounterAsks(dispatcher, db, () =>
      createBackup(core, { reason: 'daily', actor: null, folder }),
    );
    const dailyMs = ms(t0);
    t0 = process.hrtime.bigint();
    const { waits: manualWaits } = await whileCounterAsks(dispatcher, db, () =>
      createBackup(core, { reason: 'manual', actor: null, folder }),
    );
    const manualMs = ms(t0);
    t0 = process.hrtime.bigint();
    await restorePreview(core, daily.file);
    const previewMs = ms(t0);
    const note = `${db.count.toLocaleString('en-US')} transactions, ${Math.round(daily.sizeBytes / 1048576)} MB, warm cache`;
    return [
      { scenario: 'check-quick', metric: 'time', value: round(quick, 1), unit: 'ms', note },
      { scenario: 'check-integrity', metric: 'time', value: round(full, 1), unit: 'ms', note },
      {
        scenario: 'backup-daily',
        metric: 'time',
        value: round(dailyMs, 1),
        unit: 'ms',
        note: 'online backup, verified with quick_check (daily and after a day close)',
      },
      {
        scenario: 'backup-manual',
        metric: 'time',
        value: round(manualMs, 1),
        unit: 'ms',
        note: 'online backup, verified with integrity_check (back up now, and the CLI)',
      },
      waitRow('lookup-during-daily-backup', dailyWaits),
      waitRow('lookup-during-manual-backup', manualWaits),
      {
        scenario: 'restore-preview',
        metric: 'time',
        value: round(previewMs, 1),
        unit: 'ms',
        note: 'integrity_check of the backup and the newer/unsynced counts',
      },
    ];
  } finally {
    core.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function waitRow(scenario: string, waits: number[]): Row {
  const w = summarize(waits);
  return {
    scenario,
    metric: 'max',
    value: round(w.max, 1),
    unit: 'ms',
    note: `${waits.length} tracking-code lookups, one due every ${PROBE_EVERY_MS} ms while the backup ran; the wait from when each was due (median ${round(w.median, 1)} ms)`,
  };
}
