import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without types
import { buildCli } from '../../../scripts/build-cli.mjs';
import { MANAGER } from '../../support/core';
import { useTempDirs } from '../../support/tempdir';
import { SAMPLE_FIELDS } from '../../support/transactions';
import { quote, startSeededServer, type SeededServer } from '../sync/fixture';

let bundle: string;

interface Run {
  readonly code: number | null;
  readonly json: unknown;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `pishkhan` as a child process, as a script would. */
export function runCli(args: readonly string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: unknown = null;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : null;
      } catch {
        json = { unparsable: stdout };
      }
      resolve({ code, json, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

function transactionJson(now: number): string {
  const total = quote(now, 'waste-fee');
  return JSON.stringify({
    serviceCode: 'waste-fee',
    citizen: { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی', mobile: '09121234567' },
    fields: SAMPLE_FIELDS['waste-fee'],
    payments: [{ method: 'cash', amount: total, tendered: total + 1_000_000 }],
  });
}

describe('the pishkhan command-line tool', () => {
  const tempDir = useTempDirs();
  let server: SeededServer;

  beforeAll(async () => {
    bundle = (await buildCli()) as string;
    server = await startSeededServer(undefined);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sets up, enrolls, saves from stdin, shows, syncs and reports status: JSON on stdout, exit 0', async () => {
    const dir = tempDir();
    const d = ['--data-dir', dir];
    expect(await runCli(['--version'])).toMatchObject({ code: 0, json: { version: expect.any(String) } });

    const setup = await runCli([
      'setup',
      ...d,
      '--office-name',
      'دفتر نمونه',
      '--manager',
      MANAGER.username,
      '--password',
      MANAGER.password,
    ]);
    expect(setup).toMatchObject({ code: 0, json: { office: { code: '1234', terminalNumber: 1 } } });

    const enrolled = await runCli([
      'enroll',
      ...d,
      '--server',
      server.url,
      '--code',
      await server.newActivationCode(),
    ]);
    expect(enrolled).toMatchObject({ code: 0, json: { terminalNumber: 1, office: { code: '1234' } } });
    // Owner-only key file.
    const keyRef = (await runCli(['status', ...d])).json as { enrolled: boolean };
    expect(keyRef.enrolled).toBe(true);

    const catalog = await runCli(['catalog', ...d]);
    expect(catalog.code).toBe(0);
    const services = (catalog.json as { services: { code: string; fields: unknown[]; tariff: unknown }[] })
      .services;
    expect(services.find((s) => s.code === 'waste-fee')).toMatchObject({
      fields: expect.any(Array),
      tariff: { version: expect.any(Number) },
    });

    const created = await runCli(
      ['tx', 'create', ...d, '--user', MANAGER.username, '--password', MANAGER.password],
      transactionJson(Date.now()),
    );
    expect(created).toMatchObject({
      code: 0,
      json: {
        id: expect.any(String),
        trackingCode: expect.stringMatching(/^123401\d{8}$/),
        total: expect.any(Number),
      },
    });
    expect(Object.keys(created.json as object).sort()).toEqual(['id', 'total', 'trackingCode']);
    const { trackingCode } = created.json as { trackingCode: string };

    expect(await runCli(['status', ...d])).toMatchObject({
      code: 0,
      json: { queueDepth: 1, needsAttentionCount: 0 },
    });
    const synced = await runCli(['sync', ...d]);
    expect(synced).toMatchObject({ code: 0, json: { ok: true, delivered: 1, queueDepth: 0 } });
    expect((await server.transactions()).filter((t) => t.trackingCode === trackingCode)).toHaveLength(1);

    const shown = await runCli(['tx', 'show', ...d, trackingCode]);
    expect(shown).toMatchObject({
      code: 0,
      json: { trackingCode, status: 'received', citizen: { nationalId: '0499370899' } },
    });
    expect(await runCli(['status', ...d])).toMatchObject({
      json: { queueDepth: 0, online: true, lastSyncAt: expect.any(Number) },
    });
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('exits 2 on invalid input and 1 on other failures, with the error code as JSON', async () => {
    const dir = tempDir();
    const d = ['--data-dir', dir];
    expect(await runCli(['frobnicate'])).toMatchObject({
      code: 2,
      json: { ok: false, error: { code: 'unknown_command' } },
    });
    expect(await runCli(['setup', ...d])).toMatchObject({
      code: 2,
      json: { error: { code: 'invalid_arguments' } },
    });
    await runCli([
      'setup',
      ...d,
      '--office-name',
      'دفتر نمونه',
      '--manager',
      MANAGER.username,
      '--password',
      MANAGER.password,
    ]);
    const login = ['--user', MANAGER.username, '--password', MANAGER.password];
    expect(await runCli(['tx', 'create', ...d, ...login], 'not json')).toMatchObject({
      code: 2,
      json: { error: { code: 'invalid_json' } },
    });
    const badFields = JSON.stringify({
      ...JSON.parse(transactionJson(Date.now())),
      fields: { fileCode: '' },
    });
    expect(await runCli(['tx', 'create', ...d, ...login], badFields)).toMatchObject({
      code: 2,
      json: { error: { code: 'fields_invalid' } },
    });
    const wrongPassword = await runCli(
      ['tx', 'create', ...d, '--user', MANAGER.username, '--password', 'nope nope nope'],
      transactionJson(Date.now()),
    );
    expect(wrongPassword).toMatchObject({ code: 1, json: { error: { code: 'invalid_credentials' } } });
    expect(await runCli(['tx', 'show', ...d, '123'])).toMatchObject({
      code: 2,
      json: { error: { code: 'tracking_code_invalid' } },
    });
    expect(await runCli(['sync', ...d])).toMatchObject({
      code: 1,
      json: { ok: false, error: { code: 'not_enrolled' } },
    });
    const wrongCode = await runCli(['enroll', ...d, '--server', server.url, '--code', 'AAAA-BBBB-CCCC-DDDD']);
    expect(wrongCode).toMatchObject({ code: 2, json: { error: { code: 'activation_code_invalid' } } });
    expect(wrongCode.stderr).toMatch(/activation code/);
  });

  it('refuses an activation code of another office without using it up', async () => {
    const dir = tempDir();
    const d = ['--data-dir', dir];
    await runCli([
      'setup',
      ...d,
      '--office-name',
      'دفتر دیگر',
      '--office-code',
      '9999',
      '--manager',
      MANAGER.username,
      '--password',
      MANAGER.password,
    ]);
    const code = await server.newActivationCode();
    expect(await runCli(['enroll', ...d, '--server', server.url, '--code', code])).toMatchObject({
      code: 2,
      json: { error: { code: 'office_mismatch' } },
    });
    const other = tempDir();
    await runCli([
      'setup',
      '--data-dir',
      other,
      '--office-name',
      'دفتر نمونه',
      '--terminal',
      '7',
      '--manager',
      MANAGER.username,
      '--password',
      MANAGER.password,
    ]);
    expect(
      await runCli(['enroll', '--data-dir', other, '--server', server.url, '--code', code]),
    ).toMatchObject({
      code: 0,
      json: { terminalNumber: 7 },
    });
    // The private key: a file of its own that only its owner can read, in a folder only its owner can open.
    expect(statSync(join(other, 'keys')).mode & 0o077).toBe(0);
    const keys = readdirSync(join(other, 'keys'));
    expect(keys).toHaveLength(1);
    expect(statSync(join(other, 'keys', keys[0] ?? '')).mode & 0o777).toBe(0o600);
  });
});
