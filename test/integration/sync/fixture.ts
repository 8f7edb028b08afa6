import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { openCore, type Core, type CoreOptions } from '../../../electron/core/core';
import { backupsIdle } from '../../../electron/core/backup/exclusive';
import { createDispatcher, type Dispatcher } from '../../../electron/core/ipc/dispatch';
import {
  createSyncEngine,
  FileKeyStore,
  type SyncEngine,
  type SyncEngineOptions,
} from '../../../electron/core/sync';
import { seedDemo } from '../../../server/seed-demo';
import type { CallInput, CallName, CallOutput } from '../../../shared/ipc/contract';
import { MANAGER } from '../../support/core';
import { newTransaction } from '../../support/transactions';
import { BACKENDS, startTestServer, type TestServer } from '../server/harness';
import { useTempDirs } from '../../support/tempdir';

export { PRICED_SERVICES, quote } from './fixture-pricing';
import { PRICED_SERVICES, quote } from './fixture-pricing';

export const SAMPLE_CATALOG_FILE = resolve('resources/catalog/sample-catalog.json');

export interface SeededServer extends TestServer {
  readonly officeCode: string;
  newActivationCode(office?: string): Promise<string>;
  /** Every transaction the server holds for the office: tracking code → ids (more than one: a duplicate). */
  transactions(office?: string): Promise<{ id: string; trackingCode: string; status: string }[]>;
}

/** A fresh server with the demo municipality, office 1234 and the sample catalog published. */
export async function startSeededServer(
  databaseUrl: string | undefined,
  now?: () => number,
): Promise<SeededServer> {
  const server = await startTestServer(databaseUrl, now);
  const demo = await seedDemo(server.db, { now: Date.now(), catalogFile: SAMPLE_CATALOG_FILE });
  return {
    ...server,
    officeCode: demo.office.code,
    async newActivationCode(office = demo.office.code) {
      const answer = await server.admin('POST', `/v1/admin/offices/${office}/activation-codes`, {});
      if (answer.status !== 201)
        throw new Error(`activation code: ${answer.status} ${JSON.stringify(answer.json)}`);
      return (answer.json as { activationCode: string }).activationCode;
    },
    async transactions(office = demo.office.code) {
      const all: { id: string; trackingCode: string; status: string }[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const answer = await server.admin(
          'GET',
          `/v1/admin/transactions?office=${office}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        );
        if (answer.status !== 200) throw new Error(`list: ${answer.status} ${JSON.stringify(answer.json)}`);
        const page = answer.json as {
          items: { id: string; trackingCode: string; status: string }[];
          nextCursor: string | null;
        };
        all.push(...page.items.map(({ id, trackingCode, status }) => ({ id, trackingCode, status })));
        cursor = page.nextCursor;
      }
      return all;
    },
  };
}

/**
 * The same tests on each server backend: PGlite, and PostgreSQL when TEST_DATABASE_URL names one
 * (CI always does). Each block gets a seeded server of its own, started before its tests and
 * stopped after them, and a fresh folder per call of `tempDir`. `serverNow` is the server's clock
 * (the real one unless given).
 */
export function describeOnEachBackend(
  title: string,
  body: (server: () => SeededServer, tempDir: () => string, backend: string) => void,
  options: { readonly serverNow?: () => number } = {},
): void {
  for (const backend of BACKENDS) {
    describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
      `${title} (${backend.name})`,
      () => {
        const tempDir = useTempDirs();
        let started: SeededServer | undefined;
        beforeAll(async () => {
          started = await startSeededServer(backend.databaseUrl, options.serverNow);
        });
        afterAll(async () => {
          await started?.stop();
        });
        body(
          () => {
            if (!started) throw new Error('the seeded server is not running (its beforeAll failed)');
            return started;
          },
          tempDir,
          backend.name,
        );
      },
    );
  }
}

export interface TestTerminalApp {
  readonly dir: string;
  readonly core: Core;
  readonly dispatcher: Dispatcher;
  readonly engine: SyncEngine;
  /** Saves one transaction through the dispatcher, as the counter screen does. */
  save(serviceCode?: string): Promise<{ id: string; trackingCode: string; total: number }>;
  close(): Promise<void>;
}

export interface TerminalOptions extends Partial<Omit<SyncEngineOptions, 'keyStore'>> {
  readonly terminalNumber?: number;
  readonly officeCode?: string;
  /** Already set up (a reopened data folder). */
  readonly existing?: boolean;
  /** The core's own options (its clock watch, for one); its `now` is the engine's. */
  readonly core?: Omit<Partial<CoreOptions>, 'now' | 'dataDir'>;
}

/** A terminal's core with its sync engine (not started), set up for office 1234, logged in. */
export async function openTerminal(dir: string, options: TerminalOptions = {}): Promise<TestTerminalApp> {
  const { core: coreOptions, ...engineOptions } = options;
  const now = options.now ?? Date.now;
  const core = openCore({ dataDir: dir, appVersion: 'test', ...coreOptions, now });
  const dispatcher = createDispatcher(core);
  const engine = createSyncEngine(core, {
    keyStore: new FileKeyStore(join(dir, 'keys')),
    backoff: { baseMs: 50, capMs: 500 },
    timeoutMs: 10_000,
    ...engineOptions,
    now,
  });
  if (!options.existing) {
    const setup = await dispatcher.call('w', 'setup.createOffice', {
      officeName: 'دفتر پیشخوان نمونه',
      officeCode: options.officeCode ?? '1234',
      district: 3,
      terminalNumber: options.terminalNumber ?? 1,
      manager: MANAGER,
    });
    if (!setup.ok) throw new Error(`setup: ${setup.error.code}`);
  } else {
    const login = await dispatcher.call('w', 'session.login', {
      username: MANAGER.username,
      password: MANAGER.password,
    });
    if (!login.ok) throw new Error(`login: ${login.error.code}`);
  }
  let turn = 0;
  return {
    dir,
    core,
    dispatcher,
    engine,
    async save(serviceCode = PRICED_SERVICES[turn++ % PRICED_SERVICES.length] as string) {
      const total = quote(core.now(), serviceCode);
      const tendered = Math.ceil((total + 1) / 1_000_000) * 1_000_000;
      const result = await dispatcher.call(
        'w',
        'transactions.create',
        newTransaction(serviceCode, [{ method: 'cash', amount: total, tendered }]),
      );
      if (!result.ok) throw new Error(`save: ${result.error.code} ${JSON.stringify(result.error)}`);
      return result.value as { id: string; trackingCode: string; total: number };
    },
    async close() {
      await engine.stop();
      await backupsIdle(core);
      core.close();
    },
  };
}

export function count(core: Core, sql: string, ...params: unknown[]): number {
  return (core.db.prepare(sql).get(...params) as { n: number }).n;
}

/** Syncs until nothing is pending (or the attempts run out). */
export async function drain(engine: SyncEngine, attempts = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    const report = await engine.syncNow('button');
    if (report.ok && engine.status().queueDepth === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not drained: ${JSON.stringify(engine.status())}`);
}

/** A manager's call that throws on a refusal: the terminal fixture's or the app's window's. */
export type ManagerCall = <K extends CallName>(name: K, input: CallInput<K>) => Promise<CallOutput<K>>;

/** The terminal's calls in its logged-in window, each throwing on a refusal with its code and details. */
export function managerCaller(t: TestTerminalApp): ManagerCall {
  return async <K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> => {
    const r = await t.dispatcher.call('w', name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${JSON.stringify(r.error.details)}`);
    return r.value as CallOutput<K>;
  };
}

/** Closes a day with the drawer and the POS slip as it expects them; returns what it expected. */
export async function closeDayAsExpected(call: ManagerCall, dayId: string) {
  const detail = await call('day.detail', { dayId });
  await call('day.close', {
    dayId,
    fingerprint: detail.fingerprint,
    countedCash: String(detail.reconciliation.expectedCash),
    cardSlipTotal: String(detail.reconciliation.expectedCard),
    cashNote: '',
    cardNote: '',
    password: MANAGER.password,
  });
  // As the manager's screen does: the backup that follows the close has ended (and is in the trail).
  await call('backups.afterClose', { dayId });
  return detail.reconciliation;
}
