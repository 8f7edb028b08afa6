import { spawnSync } from 'node:child_process';
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
 * Scenario 6 (core part): open the large database — migrations check, catalog load — until the
 * first call is answered, each start in a fresh process as the app's core starts (its code not yet
 * compiled, nothing of it cached but the file's pages).
 */
export async function startScenario(bundle: string, db: LargeDb, runs: number): Promise<Row[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, [bundle, '--start-once', db.dataDir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const last = Number(child.stdout.trim().split('\n').at(-1));
    if (child.status !== 0 || !Number.isFinite(last))
      throw new Error(`start child failed (exit ${child.status})`);
    samples.push(last);
  }
  const s = summarize(samples);

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
    {
      scenario: 'start-quick-check',
      metric: 'median',
      value: round(q.median, 1),
      unit: 'ms',
      note: `PRAGMA quick_check alone on the ${db.count.toLocaleString('en-US')}-transaction database (max ${round(q.max, 1)} ms over 3)`,
    },
  ];
}
