import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, contract, type CallInput, type CallName } from '../../../../shared/ipc/contract';
import { MANAGER, setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';

/**
 * One valid input per call. Typed against the contract, so a new call cannot be added without a
 * sample here, and so without being fuzzed.
 */
const SAMPLES: { readonly [K in CallName]: CallInput<K> } = {
  'app.info': {},
  'setup.createOffice': {
    officeName: 'دفتر نمونه',
    officeCode: '5678',
    district: 2,
    terminalNumber: 1,
    manager: { username: 'boss', fullName: 'مدیر نمونه', password: 'sample password' },
  },
  'session.current': {},
  'session.login': { username: 'manager', password: MANAGER.password },
  'session.logout': {},
  'session.touch': {},
  'session.lock': {},
  'session.unlock': { password: MANAGER.password },
  'settings.get': {},
  'settings.update': { idleLockMinutes: 10 },
  'catalog.current': {},
  'citizens.lookup': { nationalId: '0499370899' },
  'transactions.create': {
    id: '3b241101-e2bb-4255-8caf-4136c566a962',
    serviceCode: 'citizen-request',
    citizen: { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی', mobile: null },
    fields: { subject: 'lighting', description: 'چراغ کوچه خاموش است' },
    payments: [],
  },
  'transactions.get': { id: '3b241101-e2bb-4255-8caf-4136c566a962' },
  'transactions.search': { query: '0499370899' },
  'transactions.list': { offset: 0, limit: 50, filter: '' },
  'transactions.void': {
    id: '3b241101-e2bb-4255-8caf-4136c566a962',
    reason: 'اشتباه در ورود اطلاعات',
    approverUsername: 'manager',
    approverPassword: MANAGER.password,
  },
  'receipts.print': {
    id: '3b241101-e2bb-4255-8caf-4136c566a962',
    copyNumber: 1,
    layout: 'a5',
    target: 'pdf',
  },
  'day.overview': {},
  'day.open': { businessDate: '2025-11-28', openingFloat: '۵٬۰۰۰٬۰۰۰' },
  'day.detail': { dayId: '3b241101-e2bb-4255-8caf-4136c566a962' },
  'day.recordMovement': {
    dayId: '3b241101-e2bb-4255-8caf-4136c566a962',
    direction: 'out',
    amount: '2000000',
    reason: 'bank_deposit',
    note: 'واریز به حساب دفتر',
  },
  'day.close': {
    dayId: '3b241101-e2bb-4255-8caf-4136c566a962',
    fingerprint: 'abc',
    countedCash: '5000000',
    cardSlipTotal: '0',
    cashNote: '',
    cardNote: '',
    password: MANAGER.password,
  },
  'users.list': {},
  'users.create': {
    username: 'operator2',
    fullName: 'مریم رحیمی',
    role: 'operator',
    password: 'first password 1',
  },
  'users.resetPassword': { userId: 1, newPassword: 'temporary password 1' },
  'users.setActive': { userId: 1, active: false },
  'session.changePassword': { currentPassword: MANAGER.password, newPassword: 'another password 1' },
  'audit.status': {},
  'audit.verify': {},
  'reports.range': { from: { year: 1404, month: 9, day: 1 }, to: { year: 1404, month: 9, day: 30 } },
  'backups.list': {},
  'backups.create': {},
  'backups.updateSettings': { folder: null, keep: 14 },
  'backups.preview': { file: 'pishkhan-backup-1404-09-07-20251128T060000Z.sqlite' },
  'backups.restore': {
    file: 'pishkhan-backup-1404-09-07-20251128T060000Z.sqlite',
    password: MANAGER.password,
    acceptUnsyncedLoss: false,
  },
  'backups.afterClose': { dayId: '3b241101-e2bb-4255-8caf-4136c566a962' },
  'sync.status': {},
  'sync.now': {},
  'sync.online': {},
  'sync.enroll': { serverUrl: 'https://sync.karaj.ir', activationCode: 'K7PX-M4QT' },
  'sync.correctOffice': { officeCode: '1234', terminalNumber: 2 },
  'sync.requeue': { id: '3b241101-e2bb-4255-8caf-4136c566a962' },
  'diagnostics.save': {},
  'files.choose': { kind: 'folder' },
  'notices.list': {},
  'notices.markRead': { ids: ['n-1'] },
  'counter.draft': { open: true },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const HUGE = 'ب'.repeat(200_000);

/** Values of the wrong type for whatever a field expects. */
const wrongValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.double(),
  fc.constant(Number.NaN),
  fc.constant(-1e308),
  fc.constant(HUGE),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({ nested: { deeper: true } }),
  fc.string({ maxLength: 20 }),
);

/** Paths to every leaf and object inside a sample input. */
function paths(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  const own = Object.keys(value).flatMap((k) => paths(value[k] as Json, [...prefix, k]));
  return prefix.length ? [prefix, ...own] : own;
}

function clone(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function setAt(root: Json, path: string[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = clone(root) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** A malformed version of a call's sample input: a field of the wrong type, missing, or extra. */
function malformed(name: CallName): fc.Arbitrary<unknown> {
  const sample = SAMPLES[name] as Json;
  const fieldPaths = paths(sample);
  const strategies: fc.Arbitrary<unknown>[] = [
    // Not an object at all.
    wrongValue.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
    // A pollution key as an own property, as JSON.parse would produce it from the page.
    fc
      .constantFrom(...POLLUTION_KEYS)
      .map((key) =>
        JSON.parse(
          JSON.stringify(sample).replace(
            /^\{/,
            `{"${key}":{"polluted":true}${Object.keys(sample as object).length ? ',' : ''}`,
          ),
        ),
      ),
    // An unknown extra field.
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((k) => !(k in (sample as object)))
      .map((k) => ({ ...(sample as object), [k]: 1 })),
  ];
  if (fieldPaths.length > 0) {
    const path = fc.constantFrom(...fieldPaths);
    strategies.push(
      fc.tuple(path, wrongValue).map(([p, v]) => setAt(sample, p, v, false)),
      path.map((p) => setAt(sample, p, undefined, true)),
      path.map((p) => setAt(sample, p, HUGE, false)),
    );
  }
  return fc.oneof(...strategies).filter((input) => !contract[name].input.safeParse(input).success);
}

describe('every registered call, fed malformed input', () => {
  const tempDir = useTempDirs();
  let t: TestCore;

  beforeAll(async () => {
    t = startCore(tempDir());
    await setUpOffice(t);
  });
  afterAll(() => t.close());

  it('has a valid sample for each call, so the mutations below are meaningful', () => {
    for (const name of CALL_NAMES)
      expect(contract[name].input.safeParse(SAMPLES[name]).success, name).toBe(true);
  });

  for (const name of CALL_NAMES) {
    it(`${name}: answers invalid_input and changes nothing`, async () => {
      const before = snapshot(t.core);
      const session = await t.call('session.current', {});
      await fc.assert(
        fc.asyncProperty(malformed(name), async (input) => {
          const result = await t.dispatcher.call('window-1', name, input);
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('invalid_input');
            expect(result.error.messageKey).toBe('errors.invalid_input');
            expect(result.error.details['call']).toBe(name);
          }
        }),
        { numRuns: 60 },
      );
      expect(snapshot(t.core)).toBe(before);
      expect(await t.call('session.current', {})).toEqual(session);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  }

  it('refuses pollution keys and unknown fields on every call (the schemas are strict)', async () => {
    for (const name of CALL_NAMES) {
      const sample = JSON.stringify(SAMPLES[name]);
      const comma = sample === '{}' ? '' : ',';
      for (const key of [...POLLUTION_KEYS, 'isAdmin']) {
        const input: unknown = JSON.parse(sample.replace(/^\{/, `{"${key}":{"role":"manager"}${comma}`));
        const result = await t.dispatcher.call('window-1', name, input);
        expect(result, `${name} with ${key}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      }
    }
  });

  it('answers unknown_call for a name outside the contract', async () => {
    for (const name of ['session.login ', 'constructor', '__proto__', 'toString', 'x'.repeat(10_000)]) {
      const result = await t.dispatcher.call('window-1', name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
  });
});
