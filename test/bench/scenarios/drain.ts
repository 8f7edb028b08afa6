import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openCore } from '../../../electron/core/core';
import { openDatabase as openTerminalDatabase } from '../../../electron/core/db/open';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import {
  createSyncEngine,
  FileKeyStore,
  PUSH_IN_FLIGHT,
  PUSH_MAX_BYTES,
  PUSH_MAX_ITEMS,
} from '../../../electron/core/sync';
import { entryJson, MAX_AUDIT_ITEM_BYTES, type AuditRow } from '../../../electron/core/sync/audit-outbox';
import { MAX_AUDIT_ENTRIES_PER_ITEM } from '../../../shared/sync/audit-batch';
import { migrate } from '../../../server/db/migrate';
import { openDatabase } from '../../../server/server';
import { canonicalJson } from '../../../shared/sync/canonical-json';
import { dropSchema, freshSchema } from '../../integration/server/harness';
import { counterWaitRow, whileCounterAsks, type CounterWaits } from '../counter-probe';
import { cpuPerItem, ENGINE_RUNS, medianRun, ms, processCpuMs, quiet, round, type Row } from '../stats';
import {
  BENCH_MANAGER,
  copyTerminal,
  findPostgres,
  startServerProcess,
  type ServerProcess,
} from '../sync-fixture';

interface Item {
  readonly id: string;
  readonly kind: string;
  readonly body: string;
}

/** An item's body as the server stores it: its canonical JSON, and that text's SHA-256. */
export function asStored(body: string): { json: string; sha256: string } {
  const json = canonicalJson(JSON.parse(body) as unknown);
  return { json, sha256: createHash('sha256').update(json).digest('hex') };
}

/** The backlog as the outbox holds it, in outbox order. */
export function outboxItems(dataDir: string): Item[] {
  const db = openTerminalDatabase(join(dataDir, 'pishkhan.sqlite'));
  try {
    return db
      .prepare("SELECT id, kind, body FROM outbox WHERE state = 'pending' ORDER BY seq")
      .all() as Item[];
  } finally {
    db.close();
  }
}

/**
 * The terminal's audit trail as the drain carries it: consecutive stretches of entries spelled as
 * pushed, each within the limits of an `audit_batch` item (entries and bytes; the app cuts its own
 * by an estimate of their size, so it makes a few more), one document per stretch: what the peer
 * is given to carry the same content.
 */
export function auditDocuments(dataDir: string): { id: string; body: string; entries: number }[] {
  const db = openTerminalDatabase(join(dataDir, 'pishkhan.sqlite'));
  let rows: AuditRow[];
  try {
    rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
  } finally {
    db.close();
  }
  const documents: { id: string; body: string; entries: number }[] = [];
  let stretch: string[] = [];
  let bytes = 0;
  let first = 0;
  const close = (last: number) => {
    if (stretch.length === 0) return;
    documents.push({
      id: `audit-${first}-${last}`,
      body: `{"entries":[${stretch.join(',')}]}`,
      entries: stretch.length,
    });
    stretch = [];
    bytes = 0;
  };
  let previous = 0;
  for (const row of rows) {
    const entry = entryJson(row);
    const size = Buffer.byteLength(entry) + 1;
    if (stretch.length === MAX_AUDIT_ENTRIES_PER_ITEM || bytes + size > MAX_AUDIT_ITEM_BYTES) close(previous);
    if (stretch.length === 0) first = row.seq;
    stretch.push(entry);
    bytes += size;
    previous = row.seq;
  }
  close(previous);
  return documents;
}

/** Batches as the engine makes them: at most PUSH_MAX_ITEMS items and PUSH_MAX_BYTES each. */
function batches(items: readonly Item[]): string[] {
  const out: string[] = [];
  let parts: string[] = [];
  let bytes = 0;
  for (const item of items) {
    const part = `{"id":${JSON.stringify(item.id)},"kind":${JSON.stringify(item.kind)},"body":${item.body}}`;
    const size = Buffer.byteLength(part) + 1;
    if (parts.length > 0 && (parts.length === PUSH_MAX_ITEMS || bytes + size > PUSH_MAX_BYTES)) {
      out.push(`{"items":[${parts.join(',')}]}`);
      parts = [];
      bytes = 0;
    }
    parts.push(part);
    bytes += size;
  }
  if (parts.length > 0) out.push(`{"items":[${parts.join(',')}]}`);
  return out;
}

/** Runs in a child process: a bare Node HTTP endpoint that parses each batch and acknowledges every item. */
export function bareEndpointChild(): void {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { items } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: { id: string }[] };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ results: items.map((i) => ({ id: i.id, outcome: 'accepted' })) }));
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
    );
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** The server's items table without its foreign keys (same columns, checks and indexes). */
const BENCH_ITEMS_TABLE =
  'CREATE TABLE bench_items (LIKE items INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)';

/**
 * Runs in a child process: the least a server must do with a batch, on the server's database
 * (`target` is a PostgreSQL URL or a PGlite folder): parse it, store every item in one statement
 * into a copy of the items table, acknowledge each stored id. No validation, no fee re-check, no
 * hashing, no canonical form, no conflicts, no history: a floor under the real server's work.
 */
export async function floorEndpointChild(target: string): Promise<void> {
  const db = await openDatabase(
    target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target },
  );
  await migrate(db);
  await db.exec(BENCH_ITEMS_TABLE);
  const terminalId = randomUUID();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const { items } = JSON.parse(text) as { items: { id: string }[] };
      db.query<{ id: string }>(
        `INSERT INTO bench_items (id, kind, office_id, terminal_id, body, body_sha256, tracking_code, transaction_id, status, received_at)
         SELECT (e->>'id')::uuid, e->>'kind', 1, $2, e->'body', '', e->'body'->>'trackingCode', (e->>'id')::uuid, 'received', $3
           FROM jsonb_array_elements($1::jsonb->'items') AS e
         ON CONFLICT DO NOTHING RETURNING id::text AS id`,
        [text, terminalId, Date.now()],
      )
        .then((stored) => {
          if (stored.length !== items.length) throw new Error(`stored ${stored.length} of ${items.length}`);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ results: stored.map((r) => ({ id: r.id, outcome: 'accepted' })) }));
        })
        .catch((error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
    );
  });
  process.on('SIGTERM', () => server.close(() => void db.close().then(() => process.exit(0))));
}

/**
 * Items per second an endpoint on `port` acknowledges the items at, in the engine's batches, posted
 * PUSH_IN_FLIGHT at a time as the engine posts them.
 */
async function postInLanes(port: number, items: readonly Item[], what: string): Promise<number> {
  const queue = batches(items);
  let acknowledged = 0;
  const t0 = process.hrtime.bigint();
  const lane = async () => {
    for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
      const answer = await fetch(`http://127.0.0.1:${port}/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (!answer.ok) throw new Error(`${what}: ${answer.status} ${await answer.text()}`);
      acknowledged += ((await answer.json()) as { results: unknown[] }).results.length;
    }
  };
  await Promise.all(Array.from({ length: PUSH_IN_FLIGHT }, lane));
  const elapsed = ms(t0);
  if (acknowledged !== items.length)
    throw new Error(`${what} acknowledged ${acknowledged} of ${items.length}`);
  return items.length / (elapsed / 1000);
}

/**
 * Items per second through the floor endpoint (floorEndpointChild) in its own process, the batches
 * posted PUSH_IN_FLIGHT at a time as the engine posts them: what this machine does for a push
 * when the terminal keeps no books and the server checks nothing.
 */
async function floorRate(bundle: string, items: readonly Item[], target: string): Promise<number> {
  const child = spawn(process.execPath, [bundle, '--floor-endpoint', target], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((done) =>
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', done),
    );
    const { port } = JSON.parse(line) as { port: number };
    return await postInLanes(port, items, 'floor endpoint');
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  }
}

/**
 * Items per second posting the backlog to the bare endpoint in its own process, PUSH_IN_FLIGHT
 * batches at a time as the engine posts them (one at a time, it measured half as many requests
 * in flight as the product gets).
 */
async function bareEndpointRate(bundle: string, items: readonly Item[]): Promise<number> {
  const child = spawn(process.execPath, [bundle, '--bare-endpoint'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((done) =>
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', done),
    );
    const { port } = JSON.parse(line) as { port: number };
    return await postInLanes(port, items, 'bare endpoint');
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Items per second the server's database takes the same rows at, as one bulk insert into a table
 * shaped like its items table (same columns, checks and indexes), on a fresh database of that kind.
 */
async function bulkInsertRate(items: readonly Item[], databaseUrl: string | undefined): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-bulk-'));
  const schemaUrl = databaseUrl ? await freshSchema(databaseUrl) : undefined;
  const db = await openDatabase(schemaUrl ? { databaseUrl: schemaUrl } : { dataDir: dir });
  try {
    await migrate(db);
    await db.exec(BENCH_ITEMS_TABLE);
    const terminalId = randomUUID();
    const rows = items.map((item, i) => {
      const stored = asStored(item.body);
      const parsed = JSON.parse(item.body) as { trackingCode?: string };
      return {
        id: item.id,
        kind: item.kind,
        office_id: 1,
        terminal_id: terminalId,
        body: stored.json,
        body_sha256: stored.sha256,
        tracking_code: parsed.trackingCode ?? `bench-${i}`,
        transaction_id: item.id,
        status: 'received',
        received_at: Date.now(),
      };
    });
    const json = JSON.stringify(rows);
    const t0 = process.hrtime.bigint();
    await db.query(
      `INSERT INTO bench_items (id, kind, office_id, terminal_id, body, body_sha256, tracking_code, transaction_id, status, received_at)
       SELECT id, kind, office_id, terminal_id, body::jsonb, body_sha256, tracking_code, transaction_id, status, received_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, kind text, office_id integer, terminal_id uuid, body text,
              body_sha256 text, tracking_code text, transaction_id uuid, status text, received_at bigint)`,
      [json],
    );
    return items.length / (ms(t0) / 1000);
  } finally {
    await db.close();
    if (databaseUrl && schemaUrl) await dropSchema(databaseUrl, schemaUrl);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU milliseconds all local PostgreSQL processes used so far (the postmaster counts its reaped backends). */
function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (!readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('postgres')) continue;
      } catch {
        continue;
      }
      const used = processCpuMs(Number(entry));
      if (used === null) continue;
      total += used;
      found = true;
    }
  } catch {
    return null;
  }
  return found ? total : null;
}

/** The real sync engine draining the backlog to the real server (in its own process) on loopback. */
async function engineRate(
  source: string,
  work: string,
  databaseUrl: string | undefined,
): Promise<{
  rate: number;
  batches: number;
  delivered: number;
  /** Audit entries the same pushes carried, in their `audit_batch` items. */
  auditEntries: number;
  terminalCpu: number;
  serverCpu: number | null;
  postgresCpu: number | null;
  /** How long the counter's lookups waited meanwhile (counter-probe.ts). */
  waits: CounterWaits;
}> {
  const dataDir = copyTerminal(source, join(work, 'terminal'));
  const core = openCore({ dataDir, appVersion: 'bench', checkpointThread: true }); // as the app's core runs
  const engine = createSyncEngine(core, {
    keyStore: new FileKeyStore(join(dataDir, 'keys')),
    timeoutMs: 120_000,
    intervalMs: 3_600_000,
  });
  const dispatcher = createDispatcher(core);
  let server: ServerProcess | null = null;
  try {
    server = await startServerProcess(join(work, 'server'), databaseUrl);
    const login = await dispatcher.call('bench', 'session.login', {
      username: BENCH_MANAGER.username,
      password: BENCH_MANAGER.password,
    });
    if (!login.ok) throw new Error(login.error.code);
    const codes = (
      core.db.prepare('SELECT tracking_code AS c FROM transactions').all() as { c: string }[]
    ).map((row) => row.c);
    const someCode = () => codes[Math.floor(Math.random() * codes.length)] as string;
    await engine.enroll({ serverUrl: server.url, activationCode: await server.newActivationCode() });
    await quiet();
    const serverPid = server.child.pid ?? 0;
    const serverBefore = processCpuMs(serverPid);
    const postgresBefore = databaseUrl ? postgresCpuMs() : null;
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const { value: report, waits } = await whileCounterAsks(dispatcher, someCode, () =>
      engine.syncNow('button'),
    );
    const elapsed = ms(t0);
    const used = process.cpuUsage(cpu);
    const serverAfter = processCpuMs(serverPid);
    const postgresAfter = databaseUrl ? postgresCpuMs() : null;
    if (!report.ok) throw new Error(`sync failed: ${JSON.stringify(report.error)}`);
    if (engine.status().queueDepth !== 0) throw new Error(`not drained: ${engine.status().queueDepth} left`);
    return {
      rate: (report.delivered / elapsed) * 1000,
      batches: report.batches,
      delivered: report.delivered,
      auditEntries: report.auditEntries,
      // The terminal's own share: CPU time of this process (engine, SQLite) over the wall time.
      terminalCpu: (used.user + used.system) / 1000 / elapsed,
      serverCpu:
        serverBefore !== null && serverAfter !== null ? (serverAfter - serverBefore) / elapsed : null,
      postgresCpu:
        postgresBefore !== null && postgresAfter !== null ? (postgresAfter - postgresBefore) / elapsed : null,
      waits,
    };
  } finally {
    await engine.stop();
    // The next run starts only once this one's checkpoint thread and server have stopped.
    await core.stopCheckpoints();
    core.close();
    await server?.stop();
  }
}

/**
 * CPU time per delivered item, by process: steadier than the rate on a shared machine, where the
 * wall time swings with the neighbours' load, and the measure of what a change to the work saves.
 */
function cpuPerItemRow(
  scenario: string,
  engine: { rate: number; terminalCpu: number; serverCpu: number | null; postgresCpu: number | null },
): Row {
  const { total, parts } = cpuPerItem(engine.rate, [
    ['terminal', engine.terminalCpu],
    ['server', engine.serverCpu],
    ['PostgreSQL', engine.postgresCpu],
  ]);
  // About what this machine's cores could deliver at this CPU per item with no idle time at all.
  // Only about: the CPU measured includes what grows with the run's time rather than its items
  // (the counter's lookups, the checkpoint thread, PostgreSQL's background work).
  const cores = availableParallelism();
  const most = Math.round((cores * 1_000_000) / total).toLocaleString('en-US');
  return {
    scenario: `${scenario}-cpu`,
    metric: 'per item',
    value: round(total, 1),
    unit: 'µs',
    note: `CPU time per delivered item: ${parts}; at this CPU per item, on these ${cores} shared cores never idle, about ${most}/s`,
  };
}

function percent(share: number | null): string {
  return share === null ? 'n/a' : `${Math.round(share * 100)}%`;
}

/**
 * Scenario 2: a terminal's backlog of `count` transactions drained by the real sync engine to the
 * reference server on loopback, on PGlite and on PostgreSQL, next to the same batches posted to a
 * bare endpoint and the same rows taken by the server's database in one bulk insert.
 * `afterPostgresRun` is called after each run on PostgreSQL with its rate: the peer's run taken
 * there meets the same state of the machine (whose speed drifts over minutes here).
 */
export async function drainScenario(
  bundle: string,
  source: string,
  log: (m: string) => void,
  afterPostgresRun?: (rate: number) => Promise<void>,
): Promise<Row[]> {
  const work = mkdtempSync(join(tmpdir(), 'pishkhan-bench-drain-'));
  try {
    const items = outboxItems(source);
    const bare = await bareEndpointRate(bundle, items);
    const rows: Row[] = [
      {
        scenario: 'drain-bare-endpoint',
        metric: 'throughput',
        value: round(bare, 1),
        unit: 'items/s',
        note: `the same ${batches(items).length} batches, ${PUSH_IN_FLIGHT} at a time, posted to a Node endpoint that only parses and acknowledges`,
      },
    ];
    const postgres = await findPostgres();
    for (const backend of ['pglite', 'postgres'] as const) {
      const scenario = `drain-${backend}`;
      if (backend === 'postgres' && 'skipped' in postgres) {
        rows.push({
          scenario,
          metric: 'throughput',
          value: null,
          unit: 'items/s',
          note: `skipped: ${postgres.skipped}`,
        });
        continue;
      }
      const url = backend === 'postgres' && 'url' in postgres ? postgres.url : undefined;
      log(`drain: the sync engine to the server on ${backend}, ${ENGINE_RUNS} runs…`);
      const runs: Awaited<ReturnType<typeof engineRate>>[] = [];
      for (let run = 1; run <= ENGINE_RUNS; run++) {
        const runDir = join(work, backend, String(run));
        const measured = await engineRate(source, runDir, url);
        runs.push(measured);
        rmSync(runDir, { recursive: true, force: true });
        if (backend === 'postgres') await afterPostgresRun?.(measured.rate);
      }
      const { median: engine, note: medianNote } = medianRun(runs);
      // What the counter felt is the worst of the runs, not the median run's.
      const longestWait = (run: (typeof runs)[number]) => Math.max(...run.waits.waits);
      const waited = runs.reduce((worst, run) => (longestWait(run) > longestWait(worst) ? run : worst));
      const bulk = await bulkInsertRate(items, url);
      const floorTarget = url ? await freshSchema(url) : join(work, `${backend}-floor`);
      const floor = await floorRate(bundle, items, floorTarget).finally(() =>
        url ? dropSchema(url, floorTarget) : undefined,
      );
      rows.push(
        {
          scenario,
          metric: 'throughput',
          value: round(engine.rate, 1),
          unit: 'items/s',
          baseline: round(bare, 1),
          ratio: round(engine.rate / bare, 3),
          note: `${medianNote}; ${engine.delivered.toLocaleString('en-US')} delivered in ${engine.batches} batches with ${engine.auditEntries.toLocaleString('en-US')} audit entries, server in its own process, ${PUSH_IN_FLIGHT} pushes in flight; CPU busy over the run: terminal ${percent(engine.terminalCpu)}, server ${percent(engine.serverCpu)}${engine.postgresCpu === null ? '' : `, PostgreSQL ${percent(engine.postgresCpu)}`} (of 100% per core); baseline: bare endpoint`,
        },
        cpuPerItemRow(scenario, engine),
        counterWaitRow(
          `lookup-during-${scenario}`,
          waited.waits,
          `the engine drained the backlog to the server on ${backend} (of its ${ENGINE_RUNS} runs, the one with the longest wait)`,
        ),
        {
          scenario: `${scenario}-bulk-insert`,
          metric: 'throughput',
          value: round(bulk, 1),
          unit: 'items/s',
          note: `the same rows in one INSERT … SELECT into a copy of the items table`,
        },
        {
          scenario: `${scenario}-floor`,
          metric: 'throughput',
          value: round(floor, 1),
          unit: 'items/s',
          note: `the same batches, ${PUSH_IN_FLIGHT} in flight, to an endpoint that only parses each, stores its items in one INSERT into a copy of the items table and acknowledges them: no bookkeeping on the terminal, no checks on the server; the engine's rate is ${round(engine.rate / floor, 3)} of it`,
        },
      );
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
