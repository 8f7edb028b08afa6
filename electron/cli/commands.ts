import { newId } from '../../shared/ids';
import { join, resolve } from 'node:path';
import { tariffFor } from '../../shared/catalog/tariff';
import { tehranWallTime } from '../../shared/jalali';
import type { Result } from '../../shared/result';
import { parseTrackingCode } from '../../shared/tracking-code';
import { currentCatalog } from '../core/catalog/catalog';
import { openCore, type Core } from '../core/core';
import { createDispatcher } from '../core/ipc/dispatch';
import { createSyncEngine, FileKeyStore, SyncFailure, type SyncEngine } from '../core/sync';
import { transactionDetail, transactionIdByTrackingCode } from '../core/transactions/queries';
import { integer, parse, required } from './args';
import { CliError, EXIT_INVALID, printJson, say } from './output';

/** Error codes of the core that mean the input was wrong (exit 2), not that something failed. */
const INPUT_ERRORS: ReadonlySet<string> = new Set([
  'invalid_input',
  'service_unknown',
  'service_inactive',
  'no_tariff_in_force',
  'fields_invalid',
  'citizen_invalid',
  'fee_not_computable',
  'payment_invalid',
  'weak_password',
  'tracking_code_invalid',
]);

const SYNC_INPUT_ERRORS: ReadonlySet<string> = new Set([
  'activation_code_invalid',
  'activation_code_used',
  'activation_code_expired',
  'office_mismatch',
  'terminal_number_taken',
  'request_refused',
]);

/** The terminal key lives beside the database, in a file only its owner can read. */
export function keyStoreFor(dataDir: string): FileKeyStore {
  return new FileKeyStore(join(dataDir, 'keys'));
}

function withCore<T>(dataDir: string, version: string, run: (core: Core) => Promise<T>): Promise<T> {
  // marksOpen: false — the app may be running on this folder; its unclean-shutdown flag is its own.
  const core = openCore({ dataDir: resolve(dataDir), appVersion: version, marksOpen: false });
  return run(core).finally(() => core.close());
}

function unwrap<T>(result: Result<unknown>, what: string): T {
  if (result.ok) return result.value as T;
  const { code, details } = result.error;
  throw new CliError(code, `${what}: ${code}`, INPUT_ERRORS.has(code) ? EXIT_INVALID : 1, details);
}

function engineFor(core: Core, dataDir: string): SyncEngine {
  return createSyncEngine(core, { keyStore: keyStoreFor(resolve(dataDir)) });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const DATA_DIR = { 'data-dir': { type: 'string' } } as const;

export async function setup(argv: readonly string[], version: string): Promise<void> {
  const { values } = parse(argv, {
    ...DATA_DIR,
    'office-name': { type: 'string' },
    'office-code': { type: 'string' },
    district: { type: 'string' },
    terminal: { type: 'string' },
    manager: { type: 'string' },
    'full-name': { type: 'string' },
    password: { type: 'string' },
  });
  const dataDir = required(values, 'data-dir');
  const input = {
    officeName: required(values, 'office-name'),
    officeCode: typeof values['office-code'] === 'string' ? values['office-code'] : '1234',
    district: integer(values, 'district', 1),
    terminalNumber: integer(values, 'terminal', 1),
    manager: {
      username: required(values, 'manager'),
      fullName: typeof values['full-name'] === 'string' ? values['full-name'] : required(values, 'manager'),
      password: required(values, 'password'),
    },
  };
  await withCore(dataDir, version, async (core) => {
    const dispatcher = createDispatcher(core);
    unwrap(await dispatcher.call('cli', 'setup.createOffice', input), 'setup');
    dispatcher.endSession('cli');
    printJson({ office: core.office(), manager: input.manager.username, dataDir: resolve(dataDir) });
    say(`office ${input.officeCode} set up in ${resolve(dataDir)}`);
  });
}

export async function enroll(argv: readonly string[], version: string): Promise<void> {
  const { values } = parse(argv, {
    ...DATA_DIR,
    server: { type: 'string' },
    code: { type: 'string' },
    label: { type: 'string' },
  });
  const dataDir = required(values, 'data-dir');
  const serverUrl = required(values, 'server');
  const activationCode = required(values, 'code');
  await withCore(dataDir, version, async (core) => {
    const engine = engineFor(core, dataDir);
    try {
      const result = await engine.enroll({
        serverUrl,
        activationCode,
        ...(typeof values.label === 'string' ? { label: values.label } : {}),
      });
      printJson(result);
      say(`enrolled as terminal ${result.terminalNumber} of office ${result.office.code}`);
    } catch (error) {
      if (error instanceof SyncFailure)
        throw new CliError(error.code, error.message, SYNC_INPUT_ERRORS.has(error.code) ? EXIT_INVALID : 1);
      throw error;
    }
  });
}

export async function catalog(argv: readonly string[], version: string): Promise<void> {
  const { values } = parse(argv, { ...DATA_DIR });
  await withCore(required(values, 'data-dir'), version, async (core) => {
    const applied = currentCatalog(core);
    const today = tehranWallTime(core.now()).isoDate;
    printJson({
      catalogVersion: applied.content.catalogVersion,
      sample: applied.content.sample,
      source: applied.source,
      appliedAt: applied.appliedAt,
      today,
      services: applied.content.services.map((service) => {
        const tariff = tariffFor(applied.content, service.code, today);
        return {
          code: service.code,
          name: service.name,
          active: service.active,
          fields: service.fields,
          tariff: tariff ?? null,
        };
      }),
    });
  });
}

export async function txCreate(argv: readonly string[], version: string): Promise<void> {
  const { values } = parse(argv, { ...DATA_DIR, user: { type: 'string' }, password: { type: 'string' } });
  const dataDir = required(values, 'data-dir');
  const username = required(values, 'user');
  const password = required(values, 'password');
  const text = await readStdin();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError('invalid_json', 'stdin is not one JSON transaction', EXIT_INVALID);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new CliError('invalid_json', 'stdin must hold one JSON object', EXIT_INVALID);
  const request = body as Record<string, unknown>;
  const citizen = request.citizen;
  const input = {
    ...request,
    id: typeof request.id === 'string' ? request.id : newId(),
    // The mobile may be left out; the contract wants it present (null when unknown).
    ...(typeof citizen === 'object' && citizen !== null && !('mobile' in citizen)
      ? { citizen: { ...citizen, mobile: null } }
      : {}),
  };
  await withCore(dataDir, version, async (core) => {
    const dispatcher = createDispatcher(core);
    unwrap(await dispatcher.call('cli', 'session.login', { username, password }), 'login');
    try {
      // The same call, the same checks, as the counter screen: saved in one SQLite transaction.
      const saved = unwrap<{ id: string; trackingCode: string; total: number; change: number }>(
        await dispatcher.call('cli', 'transactions.create', input),
        'transaction',
      );
      printJson({ id: saved.id, trackingCode: saved.trackingCode, total: saved.total });
      say(
        `saved ${saved.trackingCode}, total ${saved.total} Rials${saved.change ? `, change ${saved.change}` : ''}`,
      );
    } finally {
      await dispatcher.call('cli', 'session.logout', {});
    }
  });
}

export async function txShow(argv: readonly string[], version: string): Promise<void> {
  const { values, positionals } = parse(argv, { ...DATA_DIR }, 1);
  const dataDir = required(values, 'data-dir');
  const raw = positionals[0];
  if (!raw) throw new CliError('invalid_arguments', 'the tracking code is required', EXIT_INVALID);
  const parsed = parseTrackingCode(raw);
  if (!parsed.ok)
    throw new CliError('tracking_code_invalid', `not a tracking code: ${parsed.code}`, EXIT_INVALID);
  await withCore(dataDir, version, async (core) => {
    const id = transactionIdByTrackingCode(core, parsed.value.code);
    const detail = id ? transactionDetail(core, id) : null;
    if (!detail) throw new CliError('transaction_not_found', `no transaction ${parsed.value.code} here`);
    printJson(detail);
  });
}

export async function sync(argv: readonly string[], version: string): Promise<void> {
  const { values } = parse(argv, { ...DATA_DIR });
  const dataDir = required(values, 'data-dir');
  await withCore(dataDir, version, async (core) => {
    const engine = engineFor(core, dataDir);
    const report = await engine.syncNow('cli');
    const status = engine.status();
    printJson({ ...report, queueDepth: status.queueDepth, needsAttentionCount: status.needsAttentionCount });
    if (!report.ok && report.error)
      throw new CliError(report.error.code, report.error.message, 1, undefined, true);
    say(`delivered ${report.delivered}, needs attention ${report.needsAttention}, pulled ${report.pulled}`);
  });
}

export async function status(argv: readonly string[], version: string): Promise<void> {
  const { values } = parse(argv, { ...DATA_DIR });
  const dataDir = required(values, 'data-dir');
  await withCore(dataDir, version, async (core) => {
    printJson(engineFor(core, dataDir).status());
  });
}
