import type Database from 'better-sqlite3';
import { newId } from '../../../shared/ids';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore, type Core } from '../../../electron/core/core';
import { openDatabase } from '../../../electron/core/db/open';
import { createDispatcher, type Dispatcher } from '../../../electron/core/ipc/dispatch';
import type { Catalog } from '../../../shared/catalog/schema';
import { tariffFor } from '../../../shared/catalog/tariff';
import { checkFieldValues } from '../../../shared/counter/field-values';
import { evaluateFee } from '../../../shared/fees';
import { tehranWallTime } from '../../../shared/jalali';
import { SUMMARY_COLUMNS } from '../../../electron/core/transactions/queries';
import { lastIssuedSequence, raiseSequenceFloor } from '../../../electron/core/transactions/sequence';
import { createBenchOffice, walkInCitizen, type LargeDb } from '../large-db';
import { ms, round, summarize, type Row } from '../stats';

/** The property renewal dues' details every benchmark save carries. */
export const SAVE_FIELDS = {
  fileCode: 'K-3-1402-0157',
  landArea: '200',
  builtArea: '150.5',
  use: 'residential',
  unpaidYears: '2',
};

/**
 * A new office's core in `dataDir`, as the app's core runs (checkpoints on a thread of their own),
 * with its manager logged in (the setup leaves the session open), and the fee of the benchmark's save, computed by the shared rules so
 * that every save pays exactly.
 */
export async function newOffice(
  dataDir: string,
): Promise<{ core: Core; dispatcher: Dispatcher; amount: number }> {
  const core = openCore({ dataDir, checkpointThread: true });
  const dispatcher = createDispatcher(core);
  await createBenchOffice(dispatcher);
  return { core, dispatcher, amount: await priceOf(dispatcher) };
}

/** The baseline's table: one row a commit, with the same durability settings as the app's. */
export function rawTable(file: string): {
  raw: ReturnType<typeof openDatabase>;
  insert: Database.Statement;
  body: string;
} {
  const raw = openDatabase(file);
  raw.exec(
    'CREATE TABLE t (id TEXT PRIMARY KEY, code TEXT NOT NULL, body TEXT NOT NULL, total INTEGER NOT NULL, at INTEGER NOT NULL) STRICT',
  );
  const insert = raw.prepare('INSERT INTO t (id, code, body, total, at) VALUES (?, ?, ?, ?, ?)');
  return { raw, insert, body: JSON.stringify(SAVE_FIELDS) };
}

/**
 * Scenario 1: transactions saved one by one through the real core — schema parsing, session and
 * role check, validation, fee from the tariff, tracking code, outbox, audit, durable commit —
 * against raw single-row inserts with the same durability settings on the same disk.
 */
export async function saveScenario(count: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-save-'));
  try {
    const { core, dispatcher, amount } = await newOffice(join(dir, 'core'));

    const { samples, elapsed, pagesPerSave } = await timeSaves(core, dispatcher, amount, count);
    const probes = WAL_PROBES;
    // Its own rows, failed on their own: the saves' figures stand whatever happens to them.
    const work = await timeSaveWork(core, dispatcher, amount, count).catch((error: unknown) =>
      String(error instanceof Error ? error.message : error).slice(0, 300),
    );
    core.close();

    const { raw, insert, body } = rawTable(join(dir, 'raw.sqlite'));
    const rawSamples: number[] = [];
    const rawStarted = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const t0 = process.hrtime.bigint();
      insert.run(newId(), String(i), body, amount, Date.now());
      rawSamples.push(ms(t0));
    }
    const rawElapsed = ms(rawStarted);
    // The same inserts with no sync at commit: what is left of the raw insert without its fsync.
    raw.pragma('synchronous = OFF');
    const unsyncedStarted = process.hrtime.bigint();
    for (let i = 0; i < count; i++) insert.run(newId(), `u${i}`, body, amount, Date.now());
    const unsyncedElapsed = ms(unsyncedStarted);
    raw.pragma('synchronous = FULL');
    raw.close();

    // The floor the data model sets: a commit that puts one small row into each of as many
    // tables as a save writes pages, same durability, same disk. No validation, fee or audit work.
    const tables = Math.max(1, Math.round(pagesPerSave));
    const floor = openDatabase(join(dir, 'floor.sqlite'));
    for (let t = 0; t < tables; t++)
      floor.exec(`CREATE TABLE t${t} (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT`);
    const inserts = Array.from({ length: tables }, (_, t) =>
      floor.prepare(`INSERT INTO t${t} (v) VALUES (?)`),
    );
    const commit = floor.transaction(() => {
      for (const insert of inserts) insert.run(body);
    });
    floor.pragma('wal_autocheckpoint = 0');
    for (let i = 0; i < probes; i++) commit();
    const floorPages = walFrames(floor) / probes;
    floor.pragma('wal_autocheckpoint = 1000');
    const floorStarted = process.hrtime.bigint();
    for (let i = 0; i < count; i++) commit();
    const floorRate = (count / ms(floorStarted)) * 1000;
    floor.close();

    const s = summarize(samples);
    const r = summarize(rawSamples);
    const rate = (count / elapsed) * 1000;
    const rawRate = (count / rawElapsed) * 1000;
    // The durable commit's own cost, from the raw insert: with its sync, less without.
    const syncPerCommit = Math.max(0, ((rawElapsed - unsyncedElapsed) / count) * 1000);
    const unsyncedPerInsert = (unsyncedElapsed / count) * 1000;
    return [
      {
        scenario: 'save',
        metric: 'median',
        value: round(s.median),
        unit: 'ms',
        baseline: round(r.median),
        ratio: round(s.median / r.median, 2),
      },
      {
        scenario: 'save',
        metric: 'p99',
        value: round(s.p99),
        unit: 'ms',
        baseline: round(r.p99),
        ratio: round(s.p99 / r.p99, 2),
      },
      { scenario: 'save', metric: 'max', value: round(s.max), unit: 'ms', baseline: round(r.max) },
      {
        scenario: 'save',
        metric: 'throughput',
        value: round(rate, 1),
        unit: 'per second',
        baseline: round(rawRate, 1),
        ratio: round(rate / rawRate, 3),
        note: `${round(pagesPerSave, 1)} WAL pages per save; baseline: one row into one table`,
      },
      {
        scenario: 'save-floor',
        metric: 'throughput',
        value: round(floorRate, 1),
        unit: 'per second',
        note: `one row into each of ${tables} tables per commit (${round(floorPages, 1)} WAL pages), same durability: what the pages a save writes cost by themselves; save throughput is ${round(rate / floorRate, 3)} of it`,
      },
      ...saveWorkRows(work, rawRate, syncPerCommit, unsyncedPerInsert),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WAL_PROBES = 50;

/** One benchmark save (property renewal dues, paid in cash) for the `n`th walk-in citizen. */
export async function saveOne(dispatcher: Dispatcher, amount: number, n: number): Promise<void> {
  const r = await dispatcher.call('bench', 'transactions.create', {
    id: newId(),
    serviceCode: 'property-renewal-dues',
    citizen: { firstName: 'علی', lastName: 'رضایی', ...walkInCitizen(n) },
    fields: SAVE_FIELDS,
    payments: [{ method: 'cash', amount, tendered: amount + 1_000_000 }],
  });
  if (!r.ok) throw new Error(`save failed: ${r.error.code}`);
}

/**
 * Saves `count` transactions one by one through the dispatcher, timing each, then counts the WAL
 * pages one save writes: with no checkpoint moving them meanwhile, the frames the WAL holds after
 * a few more saves. Stops the core's checkpoints.
 */
async function timeSaves(
  core: Core,
  dispatcher: Dispatcher,
  amount: number,
  count: number,
): Promise<{ samples: number[]; elapsed: number; pagesPerSave: number }> {
  let saved = 0;
  const save = () => saveOne(dispatcher, amount, ++saved);
  const samples: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await save();
    samples.push(ms(t0));
  }
  const elapsed = ms(started);
  await core.stopCheckpoints();
  core.db.pragma('wal_autocheckpoint = 0');
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < WAL_PROBES; i++) await save();
  return { samples, elapsed, pagesPerSave: walFrames(core.db) / WAL_PROBES };
}

const WORK_CHUNK = 100;

/**
 * The rows that say what a save's work leaves of the budget (at least 70% of the raw insert's
 * rate): the work itself, the fsync of the smallest durable commit, and the best ratio the two
 * allow, for today's store and for a journal that would write one row and build the rest later.
 */
function saveWorkRows(
  work: { work: number; statements: number } | string,
  rawRate: number,
  syncPerCommit: number,
  unsyncedPerInsert: number,
): Row[] {
  const sync: Row = {
    scenario: 'save-sync',
    metric: 'per commit',
    value: round(syncPerCommit, 1),
    unit: 'µs',
    note: `the raw insert with synchronous=FULL less the same with synchronous=OFF (${round(unsyncedPerInsert, 1)} µs an insert): the fsync of the smallest durable commit`,
  };
  if (typeof work === 'string')
    return [
      sync,
      { scenario: 'save-work', metric: 'failed', value: null, unit: 'µs', note: `failed: ${work}` },
    ];
  const budgetPerSave = 1e6 / (0.7 * rawRate);
  const outside = work.work - work.statements;
  const ceiling = 1e6 / (work.work + syncPerCommit) / rawRate;
  // A journal: the save's work outside SQLite, then one row like the raw insert's, synced.
  const journal = 1e6 / (outside + unsyncedPerInsert + syncPerCommit) / rawRate;
  const leftForWork = budgetPerSave - unsyncedPerInsert - syncPerCommit;
  return [
    {
      scenario: 'save-work',
      metric: 'per save',
      value: round(work.work, 1),
      unit: 'µs',
      note: `the same saves through the core, ${WORK_CHUNK} to a commit: a save's checks, fee, code, audit and writes without a durable commit of its own; ${round(work.statements, 1)} µs of it in SQLite's statements (every read and write, triggers and savepoints included; timed in a second run) and ${round(outside, 1)} µs outside them. 70% of the raw insert's rate leaves ${round(budgetPerSave, 1)} µs a save`,
    },
    sync,
    {
      scenario: 'save-ceiling',
      metric: 'ratio',
      value: round(ceiling, 3),
      unit: '×',
      note: `1 / (save-work + save-sync) over the raw insert's rate: the most a store reaches that writes what a save writes today, however few pages its commit takes. A journal that wrote one row like the raw insert's and built every index and total later would reach at most ${round(journal, 3)}, unless the save's work outside SQLite (${round(outside, 1)} µs: the call, checks, fee, hashes, JSON) also fell below ${round(leftForWork, 1)} µs (budget 0.7)`,
    },
  ];
}

/**
 * The save's work without its own durable commit: the same saves, `WORK_CHUNK` at a time inside
 * one transaction (each save's own becomes a savepoint), so the commit and its fsync are shared.
 * Microseconds per save. Run twice: plainly for the whole, then with the statements' calls wrapped
 * (for that run only) for the part spent in SQLite's statements, every read and write a save
 * makes, its triggers, its savepoints and the shared commit included. No checkpoint runs meanwhile
 * (the app checkpoints on a thread of its own); the WAL is emptied after each run.
 */
async function timeSaveWork(
  core: Core,
  dispatcher: Dispatcher,
  amount: number,
  count: number,
): Promise<{ work: number; statements: number }> {
  const begin = core.db.prepare('BEGIN IMMEDIATE');
  const commit = core.db.prepare('COMMIT');
  let saved = 1_000_000;
  const run = async (): Promise<number> => {
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const started = process.hrtime.bigint();
    for (let done = 0; done < count; done += WORK_CHUNK) {
      begin.run();
      try {
        const chunk = Math.min(WORK_CHUNK, count - done);
        for (let i = 0; i < chunk; i++) await saveOne(dispatcher, amount, ++saved);
        commit.run();
      } finally {
        if (core.db.inTransaction) core.db.exec('ROLLBACK');
      }
    }
    return (ms(started) / count) * 1000;
  };
  const work = await run();
  const proto = Object.getPrototypeOf(begin) as Record<
    'run' | 'get' | 'all',
    (...args: unknown[]) => unknown
  >;
  const originals = { run: proto.run, get: proto.get, all: proto.all };
  let inStatements = 0n;
  for (const name of ['run', 'get', 'all'] as const) {
    const original = originals[name];
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        inStatements += process.hrtime.bigint() - t0;
      }
    };
  }
  try {
    await run();
  } finally {
    Object.assign(proto, originals);
    core.db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return { work, statements: Number(inStatements) / 1000 / count };
}

/**
 * The same saves into a copy of the large database (years of transactions, closed days, voids),
 * as an office saves after years of work: deeper b-trees and a large trigram index. The copy keeps
 * the cached database as it was built.
 */
export async function saveOnLargeScenario(large: LargeDb, count: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-save-large-'));
  try {
    cpSync(large.dataDir, join(dir, 'core'), { recursive: true });
    const core = openCore({ dataDir: join(dir, 'core'), checkpointThread: true });
    const dispatcher = createDispatcher(core);
    const login = await dispatcher.call('bench', 'session.login', {
      username: 'manager',
      password: 'bench password',
    });
    if (!login.ok) throw new Error(login.error.code);
    const amount = await priceOf(dispatcher);
    const { samples, elapsed, pagesPerSave } = await timeSaves(core, dispatcher, amount, count);
    // Its own row, failed on its own: the saves' figures stand whatever happens to it.
    const list = await listAfterRestore(core, dispatcher, amount).catch((error: unknown): Row[] => [
      {
        scenario: 'list-after-restore',
        metric: 'failed',
        value: null,
        unit: 'ms',
        note: `failed: ${String(error instanceof Error ? error.message : error).slice(0, 300)}`,
      },
    ]);
    core.close();
    const s = summarize(samples);
    const note = `into a copy of the ${large.count.toLocaleString('en-US')}-transaction database`;
    return [
      { scenario: 'save-large', metric: 'median', value: round(s.median), unit: 'ms', note },
      { scenario: 'save-large', metric: 'p99', value: round(s.p99), unit: 'ms', note },
      {
        scenario: 'save-large',
        metric: 'throughput',
        value: round((count / elapsed) * 1000, 1),
        unit: 'per second',
        note: `${note}; ${round(pagesPerSave, 1)} WAL pages per save`,
      },
      ...list,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the list's pages are read, as fractions of its length: the top, five between, the end. */
const LIST_AT = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
const LIST_PAGE = 100;
const LIST_RUNS = 5;

/**
 * The whole transaction list after a restore, on the large database: a gap of 1,000 numbers, as a
 * restore's floor leaves, and 100 sales above it; then 100-row pages from the top to the end
 * through the core's list call (with its count of the rows), against the same pages read by
 * OFFSET alone, as every page was found where the numbers had a gap.
 */
async function listAfterRestore(core: Core, dispatcher: Dispatcher, amount: number): Promise<Row[]> {
  raiseSequenceFloor(core.db, lastIssuedSequence(core.db) + 1_000);
  for (let i = 1; i <= 100; i++) await saveOne(dispatcher, amount, 3_000_000 + i);
  // The saves' timing stopped the checkpoints: the pages go into the file, as the app's thread would.
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  const { n } = core.db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number };
  const byOffset = core.db.prepare(
    `SELECT ${SUMMARY_COLUMNS} FROM transactions ORDER BY sequence DESC LIMIT ${LIST_PAGE} OFFSET ?`,
  );
  const pages: number[] = [];
  const offsetPages: number[] = [];
  for (let run = 0; run < LIST_RUNS; run++)
    for (const at of LIST_AT) {
      const offset = Math.min(Math.floor(at * n), n - LIST_PAGE);
      let t0 = process.hrtime.bigint();
      const r = await dispatcher.call('bench', 'transactions.list', { offset, limit: LIST_PAGE, filter: '' });
      pages.push(ms(t0));
      if (!r.ok) throw new Error(`list failed: ${r.error.code}`);
      const rows = (r.value as { rows: { trackingCode: string }[] }).rows;
      t0 = process.hrtime.bigint();
      const expected = byOffset.all(offset) as { tracking_code: string }[];
      offsetPages.push(ms(t0));
      if (rows.map((row) => row.trackingCode).join() !== expected.map((row) => row.tracking_code).join())
        throw new Error(`the list's page at ${offset} is not the rows OFFSET reads`);
    }
  const p = summarize(pages);
  const o = summarize(offsetPages);
  return [
    {
      scenario: 'list-after-restore',
      metric: 'max',
      value: round(p.max),
      unit: 'ms',
      baseline: round(o.max),
      ratio: round(p.max / o.max, 3),
      note: `median ${round(p.median)} ms; ${LIST_PAGE}-row pages of the whole list at ${LIST_AT.length} places from the top to the end (${n.toLocaleString('en-US')} transactions, a restore's gap of 1,000 numbers below the 100 newest), ${LIST_RUNS} times, through the core's list call with its count; baseline: the same pages by OFFSET alone (median ${round(o.median)} ms)`,
    },
  ];
}

/** The frames the WAL holds now, as a PASSIVE checkpoint reports them (written since it was last reset). */
function walFrames(db: ReturnType<typeof openDatabase>): number {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  return result?.log ?? 0;
}

/** The fee of SAVE_FIELDS by the catalog the core holds, as the shared rules compute it (asked as `caller`, who is logged in). */
export async function priceOf(dispatcher: Dispatcher, caller = 'bench'): Promise<number> {
  const catalog = await dispatcher.call(caller, 'catalog.current', {});
  if (!catalog.ok) throw new Error(catalog.error.code);
  const value = catalog.value as { catalog: Catalog };
  const today = tehranWallTime(Date.now()).isoDate;
  const service = value.catalog.services.find((s) => s.code === 'property-renewal-dues');
  const tariff = tariffFor(value.catalog, 'property-renewal-dues', today);
  const fields = service && checkFieldValues(service, SAVE_FIELDS);
  if (!tariff || !fields?.ok) throw new Error('sample service missing');
  const fee = evaluateFee(tariff, fields.values, { today });
  if (!fee.ok) throw new Error(fee.error.code);
  return fee.value.total;
}
