import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';
import { PUSH_MAX_ITEMS } from '../../../electron/core/sync';
import { MAX_AUDIT_ENTRIES_PER_ITEM } from '../../../shared/sync/audit-batch';
import { cpuPerItem, ENGINE_RUNS, medianRun, ms, processCpuMs, quiet, round, type Row } from '../stats';

/** Runs in a child process: express-pouchdb over PouchDB's on-disk (leveldb) adapter in `dir`. */
export function pouchServerChild(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const OnDisk = PouchDB.defaults({ prefix: `${dir}/` });
  const app = expressPouchDB(OnDisk, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: join(dir, 'log.txt'),
  });
  const server = createServer(app);
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
    );
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** The peer's documents: each outbox body with its id as PouchDB's `_id`. */
export function peerDocuments(documents: readonly { id: string; body: string }[]): object[] {
  return documents.map((d) => ({ _id: d.id, ...(JSON.parse(d.body) as object) }));
}

function documentsNote(documents: readonly { id: string; body: string }[]): string {
  const bytes = documents.reduce((s, d) => s + Buffer.byteLength(d.body), 0) / documents.length;
  return `${documents.length.toLocaleString('en-US')} documents of ~${Math.round(bytes)} bytes (the drain's outbox bodies)`;
}

/**
 * Scenario 3: the same documents replicated by PouchDB (leveldb on disk) to express-pouchdb (leveldb
 * on disk, its own process) over loopback, in batches of the size our engine sends: the reference
 * point of a widely used offline-first sync engine. `measured`: the plain documents' runs already
 * taken (each right after one of the drain's runs on PostgreSQL, to compare them side by side), so
 * only the runs with the audit trail are taken here.
 */
export async function peerScenario(
  bundle: string,
  documents: readonly { id: string; body: string }[],
  audit: readonly { id: string; body: string; entries: number }[] = [],
  measured: readonly PeerRun[] = [],
): Promise<Row[]> {
  const docs = peerDocuments(documents);
  const runs = measured.length > 0 ? [...measured] : await peerRates(bundle, docs);
  const rows = peerRows(
    'peer-pouchdb',
    runs,
    `${documentsNote(documents)}${measured.length > 0 ? ", each run right after one of the drain's runs on PostgreSQL" : ''}`,
  );
  if (audit.length > 0) {
    const entries = audit.reduce((n, d) => n + d.entries, 0);
    rows.push(
      ...peerRows(
        'peer-pouchdb-with-audit',
        await peerRates(bundle, [...docs, ...peerDocuments(audit)]),
        `the same ${docs.length.toLocaleString('en-US')} documents and the terminal's audit trail (${entries.toLocaleString('en-US')} entries) in ${audit.length} documents, each a stretch cut to an audit_batch item's limits (at most ${MAX_AUDIT_ENTRIES_PER_ITEM} entries and 256 KB; the app cuts its own by an estimate of their size, so it sends a few more)`,
      ),
    );
  }
  return rows;
}

/** As many runs as the drain's, each as the drain's are: a fresh server process, fresh databases. */
async function peerRates(bundle: string, docs: readonly object[]): Promise<PeerRun[]> {
  const runs: PeerRun[] = [];
  for (let run = 1; run <= ENGINE_RUNS; run++) runs.push(await replicationRate(bundle, docs));
  return runs;
}

/** The median run's rate, and its CPU per document (as the drain's `-cpu` rows, to compare the work). */
function peerRows(scenario: string, runs: readonly PeerRun[], what: string): Row[] {
  const { median, note } = medianRun(runs);
  const { total, parts } = cpuPerItem(median.rate, [
    ['PouchDB', median.localCpu],
    ['express-pouchdb', median.serverCpu],
  ]);
  const busy = median.localCpu + (median.serverCpu ?? 0);
  return [
    {
      scenario,
      metric: 'throughput',
      value: round(median.rate, 1),
      unit: 'items/s',
      note: `${note}; pouchdb 9.0.0 → express-pouchdb 4.2.0, leveldb on disk both sides, ${what}, batches of ${PUSH_MAX_ITEMS}; CPU busy over the run: ${Math.round(busy * 100)}% (of 100% per core)`,
    },
    {
      scenario: `${scenario}-cpu`,
      metric: 'per item',
      value: round(total, 1),
      unit: 'µs',
      note: `CPU time per document replicated, the median run's: ${parts} (each process with its threads)`,
    },
  ];
}

/** One replication: documents per second, and the CPU each side kept busy over it (1: one core). */
export interface PeerRun {
  readonly rate: number;
  readonly localCpu: number;
  readonly serverCpu: number | null;
}

/** Documents replicated from a fresh local database to a fresh express-pouchdb process. */
export async function replicationRate(bundle: string, docs: readonly object[]): Promise<PeerRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-peer-'));
  const child = spawn(process.execPath, [bundle, '--pouchdb-server', join(dir, 'server')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const local = new PouchDB(join(dir, 'local'));
  try {
    const line = await new Promise<string>((done) =>
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', done),
    );
    const { port } = JSON.parse(line) as { port: number };
    for (let i = 0; i < docs.length; i += 1_000) await local.bulkDocs(docs.slice(i, i + 1_000));
    // The load's compaction, and whatever the run before left, done before the clock starts.
    await quiet();
    const serverBefore = child.pid === undefined ? null : processCpuMs(child.pid);
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const result = await local.replicate.to(`http://127.0.0.1:${port}/outbox`, {
      batch_size: PUSH_MAX_ITEMS,
    });
    const elapsed = ms(t0);
    const used = process.cpuUsage(cpu);
    const serverAfter = child.pid === undefined ? null : processCpuMs(child.pid);
    if (result.docs_written !== docs.length)
      throw new Error(`PouchDB wrote ${result.docs_written} of ${docs.length}`);
    return {
      rate: (docs.length / elapsed) * 1000,
      localCpu: (used.user + used.system) / 1000 / elapsed,
      serverCpu:
        serverBefore === null || serverAfter === null ? null : (serverAfter - serverBefore) / elapsed,
    };
  } finally {
    await local.close();
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
