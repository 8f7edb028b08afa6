import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { largeDb } from './large-db';
import {
  auditDocuments,
  bareEndpointChild,
  drainScenario,
  floorEndpointChild,
  outboxItems,
} from './scenarios/drain';
import { integrityScenario } from './scenarios/integrity';
import { lookupScenario, startOnceChild, startScenario } from './scenarios/lookup';
import { reportScenario } from './scenarios/reports';
import { memoryChild, memoryScenario } from './scenarios/memory';
import {
  peerDocuments,
  peerScenario,
  pouchServerChild,
  replicationRate,
  type PeerRun,
} from './scenarios/peer';
import { serverIndexScenario } from './scenarios/server-index';
import { saveOnLargeScenario, saveScenario } from './scenarios/save';
import { saveDiskChild, saveOnSlowerDisksScenario } from './scenarios/save-disk';
import { idleLoopChild, stallScenario } from './scenarios/stall';
import { uiScenario } from './scenarios/ui';
import { ENGINE_RUNS, round, type Row } from './stats';
import { terminalWithBacklog } from './sync-fixture';

/**
 * `npm run bench`: every scenario measured next to its baseline on the same machine in the same run,
 * written to bench-results/latest.json and latest.md, and printed. Environment:
 * BENCH_LARGE (default 1,000,000 transactions), BENCH_YEAR (default 365,000 transactions over 365
 * days), BENCH_BACKLOG (default 10,000 waiting transactions), BENCH_SAVES (default 2,000),
 * BENCH_SERVER_ITEMS (default 2,000,000 items the server holds before server-index), BENCH_ONLY
 * (comma list of scenario names: save, save-disk, save-large, drain, peer, server-index, start, lookup, stall,
 * memory, integrity, reports, ui), BENCH_UI_SLOWDOWN (the UI scenario with the renderer's CPU
 * throttled that many times, as on a slower PC; its results go to a file of their own).
 */
const OUT_DIR = resolve('bench-results');
const CACHE_DIR = resolve('.cache/bench');

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function table(rows: readonly Row[]): string {
  const lines = [
    '| scenario | metric | value | unit | baseline | ratio | note |',
    '| --- | --- | ---: | --- | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.scenario} | ${r.metric} | ${r.value ?? (r.metric === 'failed' ? 'failed' : 'skipped')} | ${r.unit} | ${r.baseline ?? ''} | ${r.ratio ?? ''} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The stall and lookup scenarios run in a fresh process: the thread they time stands for the app's
 * core, which does not carry the heap this benchmark built up in the scenarios before them. In one
 * full run the stall was 199 ms where runs of it alone gave 33–41 ms; the lookup's p99 was
 * 1.06–1.45 ms after the drain in the same process, 0.48–0.86 ms alone (a cold page cache included).
 */
const CHILD_SCENARIOS = {
  async stall(largeCount: number, backlog: number): Promise<Row[]> {
    const db = await largeDb(CACHE_DIR, largeCount, log);
    return stallScenario(db, process.argv[1] ?? '', backlog);
  },
  async lookup(largeCount: number): Promise<Row[]> {
    return lookupScenario(await largeDb(CACHE_DIR, largeCount, log), 2_000);
  },
};
type ChildScenario = keyof typeof CHILD_SCENARIOS;

async function scenarioChild(name: string, args: readonly string[]): Promise<void> {
  if (!(name in CHILD_SCENARIOS)) throw new Error(`no child scenario ${name}`);
  const [largeCount, backlog] = args.map(Number);
  const rows = await CHILD_SCENARIOS[name as ChildScenario](largeCount ?? 0, backlog ?? 0);
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}

function inChild(bundle: string, name: ChildScenario, ...args: number[]): Row[] {
  const child = spawnSync(process.execPath, [bundle, '--scenario-child', name, ...args.map(String)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith('['))
    throw new Error(`${name} child failed (exit ${child.status})`);
  return JSON.parse(last) as Row[];
}

/**
 * The drain on PostgreSQL over the peer (budget: at least 2). Taken run by run when each peer run
 * followed a drain run (the median of those ratios), else the ratio of the two medians.
 */
function vsPeerRow(
  postgresRate: number,
  peerRate: number,
  pairs: readonly { drain: number; peer: number }[],
): Row {
  const budget = 'drain on PostgreSQL over the PouchDB peer on the same documents (budget: at least 2)';
  if (pairs.length === 0)
    return {
      scenario: 'drain-postgres-vs-peer',
      metric: 'ratio',
      value: round(postgresRate / peerRate, 2),
      unit: '×',
      note: `${budget}: the median rates' ratio, the peer's runs taken after the drain's`,
    };
  const ratios = pairs.map((p) => p.drain / p.peer).sort((a, b) => a - b);
  const median = ratios[Math.floor((ratios.length - 1) / 2)] as number;
  const each = pairs
    .map(
      (p) =>
        `${Math.round(p.drain).toLocaleString('en-US')}/${Math.round(p.peer).toLocaleString('en-US')} = ${round(p.drain / p.peer, 2)}`,
    )
    .join(', ');
  return {
    scenario: 'drain-postgres-vs-peer',
    metric: 'ratio',
    value: round(median, 2),
    unit: '×',
    note: `${budget}: the median of ${pairs.length} runs' ratios, each peer run right after a drain run (${each}); the median rates' ratio is ${round(postgresRate / peerRate, 2)}`,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--memory-child') return memoryChild(args[1] ?? '', args[2] ?? '');
  if (args[0] === '--bare-endpoint') return bareEndpointChild();
  if (args[0] === '--floor-endpoint') return floorEndpointChild(args[1] ?? '');
  if (args[0] === '--idle-loop') return idleLoopChild();
  if (args[0] === '--pouchdb-server') return pouchServerChild(args[1] ?? '');
  if (args[0] === '--scenario-child') return scenarioChild(args[1] ?? '', args.slice(2));
  if (args[0] === '--start-once') return startOnceChild(args[1] ?? '');
  if (args[0] === '--save-disk-child') return saveDiskChild(Number(args[1]));
  const bundle = process.argv[1] ?? '';
  const only = new Set((process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean));
  const wanted = (name: string) => only.size === 0 || only.has(name);
  const largeCount = Number(process.env['BENCH_LARGE'] ?? 1_000_000);
  const saves = Number(process.env['BENCH_SAVES'] ?? 2_000);
  const uiSlowdown = Number(process.env['BENCH_UI_SLOWDOWN'] ?? 1);
  if (!Number.isFinite(uiSlowdown) || uiSlowdown < 1)
    throw new Error('BENCH_UI_SLOWDOWN: a number, 1 or more');
  const yearCount = Number(process.env['BENCH_YEAR'] ?? 365_000);
  const backlog = Number(process.env['BENCH_BACKLOG'] ?? 10_000);
  const serverItems = Number(process.env['BENCH_SERVER_ITEMS'] ?? 2_000_000);
  const rows: Row[] = [];
  // One scenario that cannot run (no Chromium, a full disk) is a row saying so, not the loss of
  // every figure measured before it; the run still exits non-zero.
  let failures = 0;
  const measure = async (scenario: string, run: () => Promise<Row[]> | Row[]) => {
    try {
      rows.push(...(await run()));
    } catch (error) {
      failures++;
      const message = error instanceof Error ? error.message : String(error);
      log(`${scenario} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
      rows.push({
        scenario,
        metric: 'failed',
        value: null,
        unit: '',
        note: `failed: ${message.split('\n')[0]?.slice(0, 300) ?? ''}`,
      });
    }
  };

  if (wanted('save')) {
    log(`save: ${saves} transactions through the core…`);
    await measure('save', () => saveScenario(saves));
  }
  if (wanted('save-disk')) {
    log('save-disk: the same saves on slower disks (a shim slows every flush)…');
    await measure('save-disk', () => saveOnSlowerDisksScenario(bundle));
  }
  // A terminal with a backlog waiting in its outbox, saved through the core once for this run.
  const work = mkdtempSync(join(tmpdir(), 'pishkhan-bench-'));
  let backlogTerminal: string | null = null;
  const withBacklog = async () => {
    if (backlogTerminal) return backlogTerminal;
    log(`saving a backlog of ${backlog.toLocaleString('en-US')} transactions through the core…`);
    backlogTerminal = await terminalWithBacklog(join(work, 'backlog'), backlog);
    return backlogTerminal;
  };

  // With both wanted, each of the peer's runs follows one of the drain's on PostgreSQL, and the
  // budget's ratio is taken run by run: this machine's speed drifts by a third over minutes.
  const pairs: { drain: number; peer: PeerRun }[] = [];
  let pairingFailed = false;
  if (wanted('drain')) {
    await measure('drain', async () => {
      const terminal = await withBacklog();
      const peerDocs = wanted('peer') ? peerDocuments(outboxItems(terminal)) : null;
      return drainScenario(
        bundle,
        terminal,
        log,
        peerDocs
          ? async (drain) => {
              if (pairingFailed) return;
              log('peer: PouchDB replicating the same documents, right after that run…');
              try {
                pairs.push({ drain, peer: await replicationRate(bundle, peerDocs) });
              } catch (error) {
                // The drain's own figures stand; the peer then runs on its own, and says why it fails.
                pairingFailed = true;
                log(
                  `peer: a run beside the drain failed: ${error instanceof Error ? error.message : String(error)}`,
                );
              }
            }
          : undefined,
      );
    });
    // Pairs from a drain cut short (or a peer run that failed) are dropped: the peer then runs on
    // its own, as without the drain, and the ratio is the two medians'.
    if (pairingFailed || pairs.length !== ENGINE_RUNS) pairs.length = 0;
  }
  if (wanted('peer')) {
    log(
      pairs.length > 0
        ? 'peer: PouchDB replicating the documents with the audit trail to express-pouchdb…'
        : 'peer: PouchDB replicating the same documents to express-pouchdb…',
    );
    await measure('peer', async () => {
      const terminal = await withBacklog();
      return peerScenario(
        bundle,
        outboxItems(terminal),
        auditDocuments(terminal),
        pairs.map((p) => p.peer),
      );
    });
  }
  if (wanted('server-index')) {
    log(
      `server-index: the server's insert into ${serverItems.toLocaleString('en-US')} items held, by id kind…`,
    );
    await measure('server-index', async () =>
      serverIndexScenario(outboxItems(await withBacklog()), serverItems),
    );
  }
  const rate = (scenario: string) => rows.find((r) => r.scenario === scenario)?.value ?? null;
  const postgresRate = rate('drain-postgres');
  const peerRate = rate('peer-pouchdb');
  if (postgresRate !== null && peerRate !== null)
    rows.push(
      vsPeerRow(
        postgresRate,
        peerRate,
        pairs.map((p) => ({ drain: p.drain, peer: p.peer.rate })),
      ),
    );
  // The same content both ways: the drain's pushes carry the audit trail too, the peer's do not.
  const peerWithAudit = rate('peer-pouchdb-with-audit');
  if (postgresRate !== null && peerWithAudit !== null && backlogTerminal) {
    const items = outboxItems(backlogTerminal).length;
    const audit = auditDocuments(backlogTerminal);
    const entries = audit.reduce((n, d) => n + d.entries, 0);
    // Time for the same content: the drain's items (its pushes carry the trail) against the
    // peer's documents (the same bodies, and the trail in stretches as the drain's items).
    const drainTime = items / postgresRate;
    const peerTime = (items + audit.length) / peerWithAudit;
    rows.push({
      scenario: 'drain-postgres-vs-peer-with-audit',
      metric: 'ratio',
      value: Math.round((peerTime / drainTime) * 100) / 100,
      unit: '×',
      note: `the peer's time for the ${items.toLocaleString('en-US')} documents and the audit trail's ${entries.toLocaleString('en-US')} entries in ${audit.length} stretches (peer-pouchdb-with-audit) over the drain's time on PostgreSQL for the same items, whose pushes carry the trail in audit_batch items (theirs also hold the entries of the drain's own enrollment and login). The budget's row is drain-postgres-vs-peer`,
    });
  }
  if (
    wanted('lookup') ||
    wanted('start') ||
    wanted('memory') ||
    wanted('stall') ||
    wanted('integrity') ||
    wanted('save-large')
  ) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const db = await largeDb(CACHE_DIR, largeCount, log);
    if (wanted('save-large')) {
      log(`save-large: ${saves} transactions into a copy of the large database…`);
      await measure('save-large', () => saveOnLargeScenario(db, saves));
    }
    if (wanted('start')) {
      log('start: opening the large database…');
      await measure('start', () => startScenario(bundle, db, 7));
    }
    if (wanted('lookup')) {
      log('lookup: tracking codes and national IDs, in a fresh process…');
      await measure('lookup', () => inChild(bundle, 'lookup', largeCount));
    }
    if (wanted('stall')) {
      log('stall: the main thread while the core works, in a fresh process…');
      await measure('stall', () => inChild(bundle, 'stall', largeCount, backlog));
    }
    if (wanted('memory')) {
      log('memory: the core in a fresh process…');
      await measure('memory', () => memoryScenario(bundle, db));
    }
    if (wanted('integrity')) {
      log('integrity: quick_check, integrity_check, backups and a restore preview…');
      await measure('integrity', () => integrityScenario(db));
    }
  }

  if (wanted('reports')) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const year = await largeDb(CACHE_DIR, yearCount, log, { spanDays: 365 });
    log('reports: a one-year report and day closes…');
    await measure('reports', () => reportScenario(year, 7, 7));
  }

  if (wanted('ui')) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const uiDb = await largeDb(CACHE_DIR, 100_000, log);
    log('ui: the transaction list in Chromium…');
    await measure('ui', () => uiScenario(uiDb, uiSlowdown));
  }

  rmSync(work, { recursive: true, force: true });

  const result = {
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1073741824),
      node: process.version,
      platform: process.platform,
    },
    when: new Date().toISOString(),
    rows,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  // A run of some scenarios (BENCH_ONLY) leaves the full run's latest.json as it was.
  // A throttled UI is not this machine's figure: it never replaces one.
  const name =
    (only.size > 0 ? `only-${[...only].sort().join('-')}` : 'latest') +
    (uiSlowdown > 1 && wanted('ui') ? `-ui-x${uiSlowdown}` : '');
  writeFileSync(join(OUT_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const md = `Machine: ${result.machine.cpus} × ${result.machine.cpu}, ${result.machine.memoryGb} GB, Node ${result.machine.node}\n\n${table(rows)}\n`;
  writeFileSync(join(OUT_DIR, `${name}.md`), md);
  process.stdout.write(md);
  if (failures > 0) {
    log(`${failures} scenario(s) failed: see the rows marked failed`);
    // Now, not when the loop empties: a browser that never started can leave a handle open.
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
