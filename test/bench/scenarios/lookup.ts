import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, openCore } from '../../../electron/core/core';
import { openDatabase } from '../../../electron/core/db/open';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import { CITIZEN_POOL, nationalId, type LargeDb } from '../large-db';
import { ms, round, summarize, type Row } from '../stats';

async function loggedIn(dataDir: string) {
  const core = openCore({ dataDir });
  const dispatcher = createDispatcher(core);
  const login = await dispatcher.call('bench', 'session.login', {
    username: 'manager',
    password: 'bench password',
  });
  if (!login.ok) throw new Error(login.error.code);
  return { core, dispatcher };
}

/** Scenario 4: the Tracking box on a large database, through the real search call. */
export async function lookupScenario(db: LargeDb, lookups: number): Promise<Row[]> {
  const { core, dispatcher } = await loggedIn(db.dataDir);
  const byCode: number[] = [];
  const byId: number[] = [];
  const plain = core.db.prepare('SELECT id FROM transactions WHERE tracking_code = ?');
  const plainById = core.db.prepare(
    'SELECT id FROM transactions WHERE citizen_national_id = ? ORDER BY created_at DESC LIMIT 50',
  );
  const plainSamples: number[] = [];
  const plainByIdSamples: number[] = [];
  for (let i = 0; i < lookups; i++) {
    const seq = 1 + Math.floor(Math.random() * db.count);
    const code = db.trackingCodeOf(seq);
    let t0 = process.hrtime.bigint();
    const r = await dispatcher.call('bench', 'transactions.search', { query: code });
    byCode.push(ms(t0));
    if (!r.ok || (r.value as unknown[]).length !== 1) throw new Error('tracking code not found');
    t0 = process.hrtime.bigint();
    const n = await dispatcher.call('bench', 'transactions.search', {
      // Citizen 0's generated ID (1000000001) has six zero middle digits, which the validator refuses.
      query: nationalId(1 + Math.floor(Math.random() * (CITIZEN_POOL - 1))),
    });
    byId.push(ms(t0));
    if (!n.ok) throw new Error(n.error.code);
    // The baseline looks up a code of its own: the one just searched for is already in the page
    // cache, which would make the plain query look faster than it is.
    const other = db.trackingCodeOf(1 + Math.floor(Math.random() * db.count));
    t0 = process.hrtime.bigint();
    if (!plain.get(other)) throw new Error('tracking code not found');
    plainSamples.push(ms(t0));
    // The same for a national ID: the newest 50 of another citizen's, by the same index.
    const otherId = nationalId(1 + Math.floor(Math.random() * (CITIZEN_POOL - 1)));
    t0 = process.hrtime.bigint();
    plainById.all(otherId);
    plainByIdSamples.push(ms(t0));
  }
  core.close();
  const c = summarize(byCode);
  const n = summarize(byId);
  const p = summarize(plainSamples);
  const pn = summarize(plainByIdSamples);
  const worst = Math.max(c.p99, n.p99);
  const worstPlain = Math.max(p.p99, pn.p99);
  return [
    {
      scenario: 'lookup',
      metric: 'p99',
      value: round(worst),
      unit: 'ms',
      baseline: round(worstPlain),
      ratio: round(worst / worstPlain, 2),
      note: `${db.count.toLocaleString('en-US')} transactions; worst of the two kinds, against the worse of their plain indexed queries`,
    },
    {
      scenario: 'lookup-tracking-code',
      metric: 'median',
      value: round(c.median),
      unit: 'ms',
      baseline: round(p.median),
    },
    {
      scenario: 'lookup-tracking-code',
      metric: 'p99',
      value: round(c.p99),
      unit: 'ms',
      baseline: round(p.p99),
    },
    {
      scenario: 'lookup-national-id',
      metric: 'median',
      value: round(n.median),
      unit: 'ms',
      baseline: round(pn.median),
    },
    {
      scenario: 'lookup-national-id',
      metric: 'p99',
      value: round(n.p99),
      unit: 'ms',
      baseline: round(pn.p99),
      note: 'up to 50 newest of ~20 per citizen',
    },
  ];
}

/** One start in this (fresh) process: open the core and answer a first call; prints the ms. */
export async function startOnceChild(dataDir: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  const core = openCore({ dataDir });
  const r = await createDispatcher(core).call('bench', 'app.info', {});
  const elapsed = ms(t0);
  if (!r.ok) throw new Error(r.error.code);
  core.close();
  process.stdout.write(`${elapsed}\n`);
}

/**
 * Empties the operating system's file cache (written pages synced first), as after the office PC is
 * switched on in the morning. Linux only, and only as root; otherwise why not.
 */
function dropFileCache(): string | null {
  const synced = spawnSync('sync');
  if (synced.status !== 0) return `sync failed (${synced.error?.message ?? `exit ${synced.status}`})`;
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '1');
    return null;
  } catch (error) {
    return `the file cache cannot be dropped here (${(error as NodeJS.ErrnoException).code ?? String(error)}): it needs Linux and root`;
  }
}

/** Reads `file` from start to end, so its pages are in the file cache again. */
function readWhole(file: string): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(8 * 1_048_576);
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * One start in a fresh process: the core's open to its first answer, timed in the process. Loading
 * Node and the code is not in it: this bundle carries the benchmark's own tools (Playwright, the
 * servers), which the app does not load.
 */
function startOnce(bundle: string, db: LargeDb): number {
  const child = spawnSync(process.execPath, [bundle, '--start-once', db.dataDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const answered = Number(child.stdout.trim().split('\n').at(-1));
  if (child.status !== 0 || !Number.isFinite(answered))
    throw new Error(`start child failed (exit ${child.status})`);
  return answered;
}

/** Megabytes of `file` in the file cache now, by util-linux's fincore; null when it cannot say. */
function cachedMegabytes(file: string): number | null {
  const out = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file], {
    encoding: 'utf8',
  });
  const bytes = Number(out.stdout?.trim());
  return out.status === 0 && Number.isFinite(bytes) ? bytes / 1_048_576 : null;
}

/**
 * The same start with nothing in the file cache: the pages of the database the core needs are read
 * from the disk. Timed as the warm start is, from the core's open to its first answer. The file is
 * read back into the cache after, whatever happened: the scenarios after this one (lookups,
 * memory…) time a warm database, as before.
 */
function coldStarts(bundle: string, db: LargeDb, runs: number): Row {
  const file = join(db.dataDir, DATABASE_FILE);
  const samples: number[] = [];
  const cachedBefore: (number | null)[] = [];
  const row = (note: string): Row => ({
    scenario: 'start-cold',
    metric: 'median',
    value: null,
    unit: 'ms',
    note,
  });
  try {
    for (let i = 0; i < runs; i++) {
      const why = dropFileCache();
      if (why) return row(i === 0 ? `skipped: ${why}` : `failed after ${i} starts: ${why}`);
      cachedBefore.push(cachedMegabytes(file));
      samples.push(startOnce(bundle, db));
    }
  } catch (error) {
    return row(`failed: ${String(error instanceof Error ? error.message : error).slice(0, 300)}`);
  } finally {
    try {
      readWhole(file);
    } catch (error) {
      console.error(`start-cold: reading the database back into the cache failed: ${String(error)}`);
    }
  }
  const s = summarize(samples);
  const known = cachedBefore.filter((mb): mb is number => mb !== null);
  const most = known.length > 0 ? Math.max(...known) : null;
  const cached =
    known.length < cachedBefore.length
      ? 'fincore could not say how much of the file was cached'
      : most === 0
        ? 'none of the database file in the cache before each (fincore)'
        : `NOT all dropped: up to ${round(most ?? 0, 1)} MB of the database file still in the cache (fincore)`;
  return {
    scenario: 'start-cold',
    metric: 'median',
    value: round(s.median, 1),
    unit: 'ms',
    note: `max ${round(s.max, 1)} ms over ${runs} starts, each after the operating system's file cache was dropped (sync, then drop_caches); ${cached}. Timed as the warm start: loading Node and the code is not in it, and on a virtual machine the host's own cache is not dropped`,
  };
}

/**
 * Scenario 6 (core part): open the large database — migrations check, catalog load — until the
 * first call is answered, each start in a fresh process as the app's core starts (its code not yet
 * compiled, nothing of it cached but the file's pages).
 */
export async function startScenario(bundle: string, db: LargeDb, runs: number): Promise<Row[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(startOnce(bundle, db));
  }
  const s = summarize(samples);
  const cold = coldStarts(bundle, db, 3);

  // What an integrity check at start would add: SQLite's quick_check over the whole file.
  const checks: number[] = [];
  const file = join(db.dataDir, DATABASE_FILE);
  for (let i = 0; i < 3; i++) {
    const raw = openDatabase(file);
    const t0 = process.hrtime.bigint();
    const answer = raw.pragma('quick_check') as { quick_check: string }[];
    checks.push(ms(t0));
    raw.close();
    if (answer[0]?.quick_check !== 'ok') throw new Error(`quick_check: ${JSON.stringify(answer)}`);
  }
  const q = summarize(checks);
  return [
    {
      scenario: 'start',
      metric: 'median',
      value: round(s.median, 1),
      unit: 'ms',
      note: `max ${round(s.max, 1)} ms over ${runs} starts, each in a fresh process`,
    },
    cold,
    {
      scenario: 'start-quick-check',
      metric: 'median',
      value: round(q.median, 1),
      unit: 'ms',
      note: `PRAGMA quick_check alone on the ${db.count.toLocaleString('en-US')}-transaction database (max ${round(q.max, 1)} ms over 3)`,
    },
  ];
}
