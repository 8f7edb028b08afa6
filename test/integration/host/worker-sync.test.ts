import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCoreWorker, type CoreHost } from '../../../electron/core/host/worker-host';
import type { Sealer } from '../../../electron/core/sync';
import type { CallInput, CallName, CallOutput } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import { MANAGER } from '../../support/core';
import { TEST_SEAL_MAGIC, testSealer } from '../../support/sealer';
import { newTransaction } from '../../support/transactions';
import { quote, startSeededServer, type SeededServer } from '../sync/fixture';

const repoRoot = resolve(import.meta.dirname, '../../..');
const buildDir = join(repoRoot, '.cache', 'test-build', `worker-sync-${process.pid}`);
const workerFile = join(buildDir, 'core-worker.cjs');

let server: SeededServer;
let dataDir = '';
const hosts: CoreHost[] = [];

beforeAll(async () => {
  mkdirSync(buildDir, { recursive: true });
  await build({
    entryPoints: [join(repoRoot, 'electron/core/host/core-worker.ts')],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    logLevel: 'silent',
  });
  server = await startSeededServer(undefined);
});

afterAll(async () => {
  await server?.stop();
  rmSync(buildDir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function start(sealer?: Sealer): Promise<CoreHost> {
  const host = await startCoreWorker({ workerFile, dataDir, appVersion: 'test', sealer });
  hosts.push(host);
  return host;
}

function call<K extends CallName>(
  host: CoreHost,
  name: K,
  input: CallInput<K>,
  session = 'window-1',
): Promise<Result<CallOutput<K>>> {
  return host.call(session, name, input) as Promise<Result<CallOutput<K>>>;
}

async function sell(host: CoreHost): Promise<{ id: string; trackingCode: string }> {
  const total = quote(Date.now(), 'waste-fee');
  const r = await call(
    host,
    'transactions.create',
    newTransaction('waste-fee', [{ method: 'cash', amount: total, tendered: total }]),
  );
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

async function delivered(host: CoreHost): Promise<void> {
  const end = Date.now() + 15_000;
  for (;;) {
    const status = await call(host, 'sync.status', {});
    if (status.ok && status.value.pendingCount === 0 && status.value.lastSuccessAt !== null) return;
    if (Date.now() > end) throw new Error(`not delivered: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('sync in the core worker', () => {
  it('enrolls with the key sealed by the host, syncs after a save by itself, and again after a restart', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pishkhan-worker-sync-'));
    const sealer = testSealer();
    const host = await start(sealer);
    const setup = await call(host, 'setup.createOffice', {
      officeName: 'دفتر پیشخوان نمونه',
      officeCode: '1234',
      district: 3,
      terminalNumber: 7,
      manager: MANAGER,
    });
    expect(setup.ok).toBe(true);
    expect(await call(host, 'sync.status', {})).toMatchObject({ ok: true, value: { enrolled: false } });

    const enrolled = await call(host, 'sync.enroll', {
      serverUrl: server.url,
      activationCode: await server.newActivationCode(),
    });
    expect(enrolled).toMatchObject({
      ok: true,
      value: { terminalNumber: 7, office: { code: '1234' }, status: { enrolled: true, running: true } },
    });
    // The private key reached the disk only through the main process's sealer.
    expect(sealer.calls.seal).toBe(1);
    const keyFiles = readdirSync(join(dataDir, 'keys'));
    expect(keyFiles).toHaveLength(1);
    expect(keyFiles[0]).toMatch(/^terminal-key-[0-9a-f]+\.sealed$/);
    const onDisk = readFileSync(join(dataDir, 'keys', keyFiles[0] ?? ''));
    expect(onDisk.subarray(0, TEST_SEAL_MAGIC.length).equals(TEST_SEAL_MAGIC)).toBe(true);

    // A save nudges the engine in the worker: delivered with no button pressed, unsealed on the way.
    const first = await sell(host);
    await delivered(host);
    expect(sealer.calls.unseal).toBeGreaterThanOrEqual(1);
    await host.close();

    // Reopened: an enrolled terminal starts syncing on its own, with the key unsealed again.
    const reopenedSealer = testSealer();
    const reopened = await start(reopenedSealer);
    const login = await call(reopened, 'session.login', {
      username: MANAGER.username,
      password: MANAGER.password,
    });
    expect(login.ok).toBe(true);
    expect(await call(reopened, 'sync.status', {})).toMatchObject({
      ok: true,
      value: { enrolled: true, running: true, terminal: { number: 7, serverUrl: server.url } },
    });
    const second = await sell(reopened);
    await delivered(reopened);
    expect(reopenedSealer.calls.unseal).toBeGreaterThanOrEqual(1);
    expect(reopenedSealer.calls.seal).toBe(0);

    const held = (await server.transactions()).filter((tx) =>
      [first.trackingCode, second.trackingCode].includes(tx.trackingCode),
    );
    expect(held.map((tx) => tx.trackingCode).sort()).toEqual(
      [first.trackingCode, second.trackingCode].sort(),
    );
  });

  it('a host without a sealer cannot enroll, and says so without crashing the core', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pishkhan-worker-sync-'));
    const host = await start();
    await call(host, 'setup.createOffice', {
      officeName: 'دفتر پیشخوان نمونه',
      officeCode: '1234',
      district: 3,
      terminalNumber: 8,
      manager: MANAGER,
    });
    const enrolled = await call(host, 'sync.enroll', {
      serverUrl: server.url,
      activationCode: await server.newActivationCode(),
    });
    expect(enrolled).toMatchObject({ ok: false, error: { code: 'sync_key_missing' } });
    expect(await call(host, 'sync.status', {})).toMatchObject({ ok: true, value: { enrolled: false } });
  });
});
