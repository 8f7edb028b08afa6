import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../../electron/core/accounts/mutations';
import { hashPassword } from '../../../electron/core/accounts/passwords';
import { openCore, type Core } from '../../../electron/core/core';
import { backupsIdle } from '../../../electron/core/backup/exclusive';
import { createDispatcher, type Dispatcher } from '../../../electron/core/ipc/dispatch';
import {
  createSyncEngine,
  FileKeyStore,
  type SyncEngine,
  type SyncEngineOptions,
} from '../../../electron/core/sync';
import type { CallInput, CallName, CallOutput } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import { toPersianDigits } from '../../../shared/text/normalize';
import { MANAGER, managerApproval } from '../../support/core';
import { DEFAULT_CITY } from '../../../electron/core/office/office';
import { testSealer } from '../../support/sealer';
import { useTempDirs } from '../../support/tempdir';
import { newTransaction } from '../../support/transactions';
import { startFaultProxy } from './fault-proxy';
import { closeDayAsExpected, quote, startSeededServer, type SeededServer } from './fixture';

const OPERATOR = { username: 'operator1', password: 'operator pass 1404', fullName: 'رضا کریمی' };

interface App {
  readonly core: Core;
  readonly engine: SyncEngine;
  readonly dispatcher: Dispatcher;
  /** Moves the core's clock. */
  advance(ms: number): void;
  call<K extends CallName>(session: string, name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>>;
  sell(session: string): Promise<{ id: string; trackingCode: string }>;
}

const tempDir = useTempDirs();
let server: SeededServer;
const open: App[] = [];
// Each terminal of the office on the shared server needs a number of its own.
let lastTerminalNumber = 0;

beforeAll(async () => {
  server = await startSeededServer(undefined);
});
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  for (const app of open.splice(0)) {
    await app.engine.stop();
    await backupsIdle(app.core);
    app.core.close();
  }
});

/** A terminal with its engine in the dispatcher, as the core worker builds it; a manager and an operator logged in. */
async function openApp(engineOptions: Partial<Omit<SyncEngineOptions, 'keyStore'>> = {}): Promise<App> {
  const dir = tempDir();
  let offset = 0;
  const core = openCore({ dataDir: dir, appVersion: 'test', now: () => Date.now() + offset });
  const engine = createSyncEngine(core, {
    keyStore: new FileKeyStore(join(dir, 'keys'), testSealer()),
    nudgeDelayMs: 20,
    backoff: { baseMs: 50, capMs: 500 },
    timeoutMs: 10_000,
    ...engineOptions,
  });
  const dispatcher = createDispatcher(core, { sync: engine });
  const app: App = {
    core,
    engine,
    dispatcher,
    advance(ms) {
      offset += ms;
    },
    call<K extends CallName>(session: string, name: K, input: CallInput<K>) {
      return dispatcher.call(session, name, input) as Promise<Result<CallOutput<K>>>;
    },
    async sell(session) {
      const total = quote(core.now(), 'waste-fee');
      const r = await dispatcher.call(
        session,
        'transactions.create',
        newTransaction('waste-fee', [{ method: 'cash', amount: total, tendered: total }]),
      );
      if (!r.ok) throw new Error(r.error.code);
      return r.value as { id: string; trackingCode: string };
    },
  };
  open.push(app);
  const setup = await app.call('manager', 'setup.createOffice', {
    officeName: 'دفتر پیشخوان نمونه',
    officeCode: '1234',
    district: 3,
    terminalNumber: ++lastTerminalNumber,
    manager: MANAGER,
  });
  if (!setup.ok) throw new Error(setup.error.code);
  insertUser(
    core.db,
    {
      username: OPERATOR.username,
      fullName: OPERATOR.fullName,
      role: 'operator',
      passwordHash: await hashPassword(OPERATOR.password),
    },
    core.now(),
  );
  const login = await app.call('operator', 'session.login', {
    username: OPERATOR.username,
    password: OPERATOR.password,
  });
  if (!login.ok) throw new Error(login.error.code);
  return app;
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the Sync screen calls', () => {
  it('syncs at once when the window sees the network come back, instead of waiting out the backoff', async () => {
    const proxy = await startFaultProxy(server.url);
    try {
      // Every failure would wait the whole minute: only the network-back signal can make it sooner.
      const app = await openApp({ backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 1 });
      const code = await server.newActivationCode();
      expect(
        await app.call('manager', 'sync.enroll', { serverUrl: proxy.url, activationCode: code }),
      ).toMatchObject({ ok: true });
      await until(async () => !app.engine.status().syncing);
      proxy.queue('503');
      await app.sell('operator');
      await until(async () => (app.engine.status().nextAttemptAt ?? 0) > Date.now() + 30_000);
      expect(app.engine.status()).toMatchObject({ queueDepth: 1, online: false });

      const started = Date.now();
      expect(await app.call('operator', 'sync.online', {})).toEqual({ ok: true, value: null });
      await until(async () => app.engine.status().queueDepth === 0, 10_000);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(proxy.log.filter((r) => r.path.startsWith('/v1/push')).map((r) => r.fault)).toEqual([
        '503',
        'pass',
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('shows everyone an unenrolled terminal, and refuses enroll and requeue to an operator', async () => {
    const app = await openApp();
    const status = await app.call('operator', 'sync.status', {});
    expect(status).toMatchObject({
      ok: true,
      value: { enrolled: false, terminal: null, running: false, pendingCount: 0, needsAttention: [] },
    });
    const code = await server.newActivationCode();
    expect(
      await app.call('operator', 'sync.enroll', { serverUrl: server.url, activationCode: code }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
    expect(
      await app.call('operator', 'sync.requeue', { id: '3b241101-e2bb-4255-8caf-4136c566a962' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.call('operator', 'sync.now', {})).toMatchObject({
      ok: true,
      value: { report: { ok: false, error: { code: 'sync_not_enrolled', reason: 'not_enrolled' } } },
    });
    // The operator's refused attempt left the code unused: the manager enrolls with it.
    expect(
      await app.call('manager', 'sync.enroll', { serverUrl: server.url, activationCode: code }),
    ).toMatchObject({
      ok: true,
      value: { terminalNumber: lastTerminalNumber, status: { enrolled: true, running: true } },
    });
    // The trail says who enrolled it.
    expect(
      app.core.db.prepare("SELECT actor_username FROM audit_log WHERE action = 'terminal_enrolled'").all(),
    ).toEqual([{ actor_username: MANAGER.username }]);
  });

  it("prints the city of the municipality that enrolled the terminal on the receipt, not the build's default", async () => {
    const app = await openApp();
    const before = await app.sell('operator');
    const office = async (id: string) => {
      const r = await app.call('operator', 'transactions.get', { id });
      if (!r.ok || !r.value) throw new Error('no transaction');
      return r.value.office;
    };
    expect((await office(before.id)).city).toBe(DEFAULT_CITY);
    await server.db.query("UPDATE municipalities SET name = 'شهرداری شیراز'");
    try {
      const code = await server.newActivationCode();
      expect(
        await app.call('manager', 'sync.enroll', { serverUrl: server.url, activationCode: code }),
      ).toMatchObject({ ok: true });
    } finally {
      await server.db.query("UPDATE municipalities SET name = 'شهرداری کرج'");
    }
    // Every receipt from now on, a copy of one sold before the enrollment too.
    expect((await office(before.id)).city).toBe('شیراز');
    expect((await office((await app.sell('operator')).id)).city).toBe('شیراز');
  });

  it('answers bad enrollment input with clear codes and enrolls nothing', async () => {
    const app = await openApp();
    for (const input of [
      { serverUrl: server.url, activationCode: '' },
      { serverUrl: '', activationCode: 'ABCD-EFGH' },
      { serverUrl: server.url, activationCode: 'x'.repeat(101) },
    ])
      expect(await app.call('manager', 'sync.enroll', input)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    expect(
      await app.call('manager', 'sync.enroll', {
        serverUrl: 'ftp://sync.karaj.ir',
        activationCode: 'ABCD-EFGH',
      }),
    ).toMatchObject({ ok: false, error: { code: 'sync_server_address_invalid' } });
    expect(
      await app.call('manager', 'sync.enroll', { serverUrl: 'سرور شهرداری', activationCode: 'ABCD-EFGH' }),
    ).toMatchObject({ ok: false, error: { code: 'sync_server_address_invalid' } });
    expect(
      await app.call('manager', 'sync.enroll', { serverUrl: server.url, activationCode: 'ABCD-EFGH-JKMN' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'sync_activation_code_invalid', details: { reason: 'activation_code_invalid' } },
    });
    expect(await app.call('manager', 'sync.status', {})).toMatchObject({
      ok: true,
      value: { enrolled: false },
    });
    // Spaces, dashes and lower case, as a code read over the phone is typed, are fine.
    const code = await server.newActivationCode();
    const typed = ` ${code.toLowerCase().split('').join(' ')} `;
    expect(
      await app.call('manager', 'sync.enroll', { serverUrl: server.url, activationCode: typed }),
    ).toMatchObject({ ok: true, value: { office: { code: '1234' } } });
    expect(
      await app.call('manager', 'sync.enroll', {
        serverUrl: server.url,
        activationCode: await server.newActivationCode(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'sync_already_enrolled' } });
  });

  it('enrolls with a server address and an activation code typed with Persian digits and marks, and keeps the address in ASCII', async () => {
    const app = await openApp();
    const code = await server.newActivationCode();
    const typedCode = '\u200f' + toPersianDigits(code).replace(/-/g, '\u200c');
    const typedUrl = '\u200e' + toPersianDigits(server.url) + '\u200f';
    expect(typedUrl).not.toContain('1');
    expect(
      await app.call('manager', 'sync.enroll', { serverUrl: typedUrl, activationCode: typedCode }),
    ).toMatchObject({ ok: true, value: { status: { enrolled: true, terminal: { serverUrl: server.url } } } });
  });

  it('delivers a sale by itself after the save, and sync now reports on the run', async () => {
    const app = await openApp();
    const enrolled = await app.call('manager', 'sync.enroll', {
      serverUrl: server.url,
      activationCode: await server.newActivationCode(),
    });
    expect(enrolled.ok).toBe(true);
    const sale = await app.sell('operator');
    // The save nudged the engine: no button was pressed.
    await until(async () => {
      const status = await app.call('operator', 'sync.status', {});
      return status.ok && status.value.pendingCount === 0 && status.value.lastSuccessAt !== null;
    });
    const onServer = (await server.transactions()).filter((tx) => tx.trackingCode === sale.trackingCode);
    expect(onServer).toHaveLength(1);

    const now = await app.call('operator', 'sync.now', {});
    expect(now).toMatchObject({
      ok: true,
      value: {
        report: { ok: true, pushed: 0, error: null },
        status: { online: true, pendingCount: 0, clockWarning: false, lastError: null },
      },
    });
  });

  it('lists an item the server rejected, with its reason, and a manager puts it back in the queue', async () => {
    const app = await openApp();
    await app.call('manager', 'sync.enroll', {
      serverUrl: server.url,
      activationCode: await server.newActivationCode(),
    });
    await app.engine.stop();
    const sale = await app.sell('operator');
    const body = (
      app.core.db.prepare('SELECT body FROM outbox WHERE entity_id = ?').get(sale.id) as { body: string }
    ).body;
    // A fee the server's own pricing will not agree with.
    app.core.db
      .prepare(
        "UPDATE outbox SET body = json_set(body, '$.total', json_extract(body, '$.total') + 1) WHERE entity_id = ?",
      )
      .run(sale.id);

    const run = await app.call('operator', 'sync.now', {});
    expect(run).toMatchObject({ ok: true, value: { report: { ok: true, needsAttention: 1 } } });
    if (!run.ok) return;
    const [item] = run.value.status.needsAttention;
    expect(run.value.status.needsAttentionCount).toBe(1);
    expect(item).toMatchObject({
      kind: 'transaction',
      transactionId: sale.id,
      trackingCode: sale.trackingCode,
      reason: { outcome: 'rejected' },
    });
    expect(item?.reason.code).not.toBe('');

    expect(await app.call('operator', 'sync.requeue', { id: item?.id ?? '' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await app.call('manager', 'sync.requeue', { id: '3b241101-e2bb-4255-8caf-4136c566a962' }),
    ).toMatchObject({ ok: false, error: { code: 'sync_item_not_found' } });
    app.core.db.prepare('UPDATE outbox SET body = ? WHERE entity_id = ?').run(body, sale.id);
    expect(await app.call('manager', 'sync.requeue', { id: item?.id ?? '' })).toMatchObject({
      ok: true,
      value: { pendingCount: 1, needsAttentionCount: 0 },
    });
    const audit = app.core.db
      .prepare("SELECT actor_username FROM audit_log WHERE action = 'sync_item_requeued'")
      .all();
    expect(audit).toEqual([{ actor_username: MANAGER.username }]);
    expect(await app.call('manager', 'sync.now', {})).toMatchObject({
      ok: true,
      value: { report: { ok: true, delivered: 1 }, status: { pendingCount: 0, needsAttentionCount: 0 } },
    });
    expect((await server.transactions()).filter((tx) => tx.id === sale.id)).toHaveLength(1);
  });

  it('reports an unreachable server as offline and keeps the sale pending', async () => {
    const app = await openApp();
    const other = await startSeededServer(undefined);
    await app.call('manager', 'sync.enroll', {
      serverUrl: other.url,
      activationCode: await other.newActivationCode(),
    });
    await app.engine.stop();
    await other.stop();
    await app.sell('operator');
    const run = await app.call('operator', 'sync.now', {});
    expect(run).toMatchObject({
      ok: true,
      value: {
        report: { ok: false, error: { code: 'sync_server_unreachable', retryable: true } },
        status: { online: false, pendingCount: 1, lastError: { code: 'sync_server_unreachable' } },
      },
    });
    expect(run.ok && run.value.status.lastAttemptAt).toBeGreaterThan(0);
    expect(
      app.core.db
        .prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND kind = 'transaction'")
        .get(),
    ).toEqual({ n: 1 });
  });

  it('a status poll does not count as activity: the idle session still locks', async () => {
    const app = await openApp();
    // The default idle lock is 5 minutes; the screen polls every few seconds.
    for (let minute = 1; minute <= 4; minute++) {
      app.advance(60_000);
      expect((await app.call('operator', 'sync.status', {})).ok).toBe(true);
      expect((await app.call('manager', 'settings.get', {})).ok).toBe(true);
    }
    app.advance(61_000);
    expect(await app.call('operator', 'sync.status', {})).toMatchObject({
      ok: false,
      error: { code: 'session_locked' },
    });
    // A person's call does count: the manager's window, kept busy, stays open.
    expect(await app.call('manager', 'sync.status', {})).toMatchObject({ ok: true });
  });

  it('refuses the Sync screen’s calls while a restore runs, and syncs once it has finished', async () => {
    const app = await openApp();
    const enrolled = await app.call('manager', 'sync.enroll', {
      serverUrl: server.url,
      activationCode: await server.newActivationCode(),
    });
    if (!enrolled.ok) throw new Error(enrolled.error.code);
    const backup = await app.call('manager', 'backups.create', {});
    if (!backup.ok) throw new Error(backup.error.code);
    const sale = await app.sell('operator');

    const restoring = app.call('manager', 'backups.restore', {
      file: backup.value.file,
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
    });
    const refused = await Promise.all([
      app.call('operator', 'sync.now', {}),
      app.call('manager', 'sync.requeue', { id: sale.id }),
    ]);
    for (const answer of refused)
      expect(answer).toMatchObject({ ok: false, error: { code: 'restore_running' } });
    expect(await restoring).toMatchObject({ ok: true });

    const login = await app.call('operator', 'session.login', {
      username: OPERATOR.username,
      password: OPERATOR.password,
    });
    expect(login.ok).toBe(true);
    expect(await app.call('operator', 'sync.now', {})).toMatchObject({
      ok: true,
      value: { report: { ok: true } },
    });
  });

  it('a void and a day close reach the server by themselves, and a restore leaves the engine running on the restored database', async () => {
    const app = await openApp();
    await app.call('manager', 'sync.enroll', {
      serverUrl: server.url,
      activationCode: await server.newActivationCode(),
    });
    const outboxState = (kind: string) =>
      app.core.db.prepare('SELECT state FROM outbox WHERE kind = ? ORDER BY seq').all(kind) as {
        state: string;
      }[];
    const manager = async <K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> => {
      const r = await app.call('manager', name, input);
      if (!r.ok) throw new Error(`${name}: ${r.error.code}`);
      return r.value;
    };

    const overview = await manager('day.overview', {});
    const day = await manager('day.open', { businessDate: overview.businessDate, openingFloat: '0' });
    const sale = await app.sell('operator');
    await manager('transactions.void', {
      id: sale.id,
      ...managerApproval('مبلغ اشتباه اعلام شد'),
    });
    await until(async () => outboxState('void').every((row) => row.state === 'delivered'));
    expect(outboxState('void')).toEqual([{ state: 'delivered' }]);

    await closeDayAsExpected(manager, day.id);
    await until(async () => outboxState('day_settlement').every((row) => row.state === 'delivered'));
    expect(outboxState('day_settlement')).toEqual([{ state: 'delivered' }]);

    const backup = await manager('backups.create', {});
    const restored = await manager('backups.restore', {
      file: backup.file,
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
    });
    expect(restored.file).toBe(backup.file);
    // Every session ended with the restore; the engine did not.
    const login = await app.call('operator', 'session.login', {
      username: OPERATOR.username,
      password: OPERATOR.password,
    });
    expect(login.ok).toBe(true);
    expect(await app.call('operator', 'sync.status', {})).toMatchObject({
      ok: true,
      value: { enrolled: true, running: true },
    });
    const after = await app.sell('operator');
    await until(async () => (await server.transactions()).some((tx) => tx.id === after.id));
    expect((await server.transactions()).filter((tx) => tx.id === after.id)).toHaveLength(1);
  });
});
