import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openCore } from '../../electron/core/core';
import { createDispatcher } from '../../electron/core/ipc/dispatch';
import { openDatabase } from '../../server/server';
import { PRICED_SERVICES, quote } from '../integration/sync/fixture-pricing';
import { dropSchema, freshSchema } from '../integration/server/harness';
import { CITIZEN, newTransaction } from '../support/transactions';
import { BENCH_MANAGER, copyDb, createBenchOffice, walkInCitizen } from './large-db';

/**
 * One sale in this many is voided a few sales later, as the large database's are (one in fifty):
 * a queue carries the voids made meanwhile, which the server checks against their transactions.
 */
const VOID_EVERY = 50;

export { BENCH_MANAGER } from './large-db';
export const SERVER_BUNDLE = resolve('dist/server/server.mjs');
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

/**
 * A terminal of office 1234 (the demo office the server seeds) with `count` transactions waiting
 * in its outbox, saved one by one through the real core as the counter does, and the voids of one
 * in VOID_EVERY of them. Built once per run.
 */
export async function terminalWithBacklog(dir: string, count: number): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  const core = openCore({ dataDir: dir, appVersion: 'bench' });
  const dispatcher = createDispatcher(core);
  await createBenchOffice(dispatcher);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const service = PRICED_SERVICES[i % PRICED_SERVICES.length] as string;
    const total = quote(core.now(), service);
    const tendered = Math.ceil((total + 1) / 1_000_000) * 1_000_000;
    const citizen = { ...CITIZEN, ...walkInCitizen(i) };
    const saved = await dispatcher.call(
      'bench',
      'transactions.create',
      newTransaction(service, [{ method: 'cash', amount: total, tendered }], { citizen }),
    );
    if (!saved.ok) throw new Error(`save: ${saved.error.code}`);
    ids.push((saved.value as { id: string }).id);
    if (i % VOID_EVERY === VOID_EVERY - 1) {
      const voided = await dispatcher.call('bench', 'transactions.void', {
        id: ids[i - 5] as string,
        reason: 'مبلغ اشتباه اعلام شد',
        approverUsername: BENCH_MANAGER.username,
        approverPassword: BENCH_MANAGER.password,
      });
      if (!voided.ok) throw new Error(`void: ${voided.error.code}`);
    }
  }
  core.close();
  return dir;
}

/** A fresh copy of the backlog terminal, not yet enrolled anywhere. */
export function copyTerminal(source: string, target: string): string {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  copyDb(source, target);
  return target;
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  newActivationCode(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The reference server as deployed — its own process (`npm run server`'s bundle), seeded with the
 * demo municipality and office — on PGlite in `dataDir`, or on PostgreSQL in a schema of its own.
 */
export async function startServerProcess(dataDir: string, databaseUrl?: string): Promise<ServerProcess> {
  const schemaUrl = databaseUrl ? await freshSchema(databaseUrl) : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  if (schemaUrl) env['DATABASE_URL'] = schemaUrl;
  // BENCH_SERVER_PROFILE=DIR: the server writes a V8 CPU profile there when it stops.
  const profile = process.env['BENCH_SERVER_PROFILE'];
  const child = spawn(
    process.execPath,
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      SERVER_BUNDLE,
      ...['--port', '0', '--data-dir', dataDir, '--seed-demo', '--admin-token', ADMIN_TOKEN],
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const line = await new Promise<string>((done, fail) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', done);
    child.once('exit', (code) => fail(new Error(`server exited ${code}: ${stderr}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    child,
    async newActivationCode() {
      const answer = await fetch(`${url}/v1/admin/offices/1234/activation-codes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      });
      if (answer.status !== 201) throw new Error(`activation code: ${answer.status} ${await answer.text()}`);
      return ((await answer.json()) as { activationCode: string }).activationCode;
    },
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      if (databaseUrl && schemaUrl) await dropSchema(databaseUrl, schemaUrl);
    },
  };
}

/** CI's local database (.ci/run), tried when TEST_DATABASE_URL is not set. */
const LOCAL_POSTGRES = 'postgres://pishkhan_ci:pishkhan_ci@127.0.0.1:5432/pishkhan_ci';

/** A PostgreSQL to measure on, or why there is none. */
export async function findPostgres(): Promise<{ url: string } | { skipped: string }> {
  const url = process.env['TEST_DATABASE_URL'] || LOCAL_POSTGRES;
  try {
    const db = await openDatabase({ databaseUrl: url });
    try {
      await db.query('SELECT 1');
    } finally {
      await db.close();
    }
    return { url };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      skipped: `no PostgreSQL reachable (${process.env['TEST_DATABASE_URL'] ? 'TEST_DATABASE_URL' : LOCAL_POSTGRES.replace(/:[^:@]*@/, ':…@')}: ${why.slice(0, 120)}); set TEST_DATABASE_URL`,
    };
  }
}
