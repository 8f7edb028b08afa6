import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import sampleCatalog from '../../../../resources/catalog/sample-catalog.json';
import { catalogSchema } from '../../../../shared/catalog/schema';
import { tariffFor } from '../../../../shared/catalog/tariff';
import { checkFieldValues } from '../../../../shared/counter/field-values';
import { evaluateFee } from '../../../../shared/fees';
import { tehranWallTime } from '../../../../shared/jalali';
import { parseTrackingCode } from '../../../../shared/tracking-code';
import { openDatabase } from '../../../../electron/core/db/open';
import { setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { CITIZEN, newTransaction, SAMPLE_FIELDS } from '../../../support/transactions';

const catalog = catalogSchema.parse(sampleCatalog);

/** The fee as the shared rules compute it for the sample values, independently of the core. */
function expectedTotal(t: TestCore, serviceCode: string): number {
  const service = catalog.services.find((s) => s.code === serviceCode);
  const today = tehranWallTime(t.core.now()).isoDate;
  const tariff = tariffFor(catalog, serviceCode, today);
  if (!service || !tariff) throw new Error(`no ${serviceCode}`);
  const values = checkFieldValues(service, SAMPLE_FIELDS[serviceCode] ?? {});
  if (!values.ok) throw new Error(JSON.stringify(values.errors));
  const fee = evaluateFee(tariff, values.values, { today });
  if (!fee.ok) throw new Error(fee.error.code);
  return fee.value.total;
}

function count(t: TestCore, table: string): number {
  return (t.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('saving a transaction', () => {
  const tempDir = useTempDirs();

  async function ready(): Promise<TestCore> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    return t;
  }

  it('writes the transaction, its fee lines, payments, status, outbox and audit entries together', async () => {
    const t = await ready();
    const total = expectedTotal(t, 'property-renewal-dues');
    expect(total).toBeGreaterThan(0);
    const tendered = Math.ceil(total / 1_000_000) * 1_000_000 + 1_000_000;
    const input = newTransaction('property-renewal-dues', [{ method: 'cash', amount: total, tendered }]);
    const result = await t.call('transactions.create', input);
    expect(result).toEqual({
      ok: true,
      value: { id: input.id, trackingCode: expect.any(String), total, change: tendered - total },
    });
    if (!result.ok) return;

    const parsed = parseTrackingCode(result.value.trackingCode);
    expect(parsed).toMatchObject({ ok: true, value: { officeCode: '1234', terminalNumber: 2, sequence: 1 } });

    const detail = await t.call('transactions.get', { id: input.id });
    expect(detail.ok).toBe(true);
    if (!detail.ok) return;
    const tx = detail.value;
    // Normalized on the way in: Arabic ي became Persian ی, +98 became 09, Persian digits ASCII.
    expect(tx.citizen).toEqual({
      nationalId: CITIZEN.nationalId,
      firstName: 'علی',
      lastName: 'رضایی',
      mobile: '09121234567',
    });
    expect(tx.fields.find((f) => f.key === 'landArea')?.value).toBe(20000);
    expect(tx.fields.find((f) => f.key === 'builtArea')?.value).toBe(15050);
    expect(tx.lines.reduce((s, l) => s + l.amount, 0)).toBe(total);
    expect(tx.municipalTotal + tx.officeTotal).toBe(total);
    expect(tx.lines.find((l) => l.kind === 'office')).toMatchObject({ amount: 150000 });
    expect(tx.payments).toEqual([
      { method: 'cash', amount: total, tendered, change: tendered - total, reference: null },
    ]);
    expect(tx.status).toBe('saved');
    expect(tx.statusHistory).toEqual([expect.objectContaining({ status: 'saved', source: 'counter' })]);
    expect(tx.tariffVersion).toBe(3);
    expect(tx.sampleTariff).toBe(true);

    const outbox = t.core.db.prepare('SELECT id, kind, entity_id, body, state FROM outbox').all() as {
      id: string;
      kind: string;
      entity_id: string;
      body: string;
      state: string;
    }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      id: input.id,
      kind: 'transaction',
      entity_id: input.id,
      state: 'pending',
    });
    expect(JSON.parse(outbox[0]?.body ?? '{}')).toMatchObject({
      trackingCode: result.value.trackingCode,
      total,
      tariffVersion: 3,
    });
    const audit = t.core.db
      .prepare("SELECT entity_id FROM audit_log WHERE action = 'transaction_saved'")
      .all();
    expect(audit).toEqual([{ entity_id: input.id }]);
    t.core.close();
  });

  it('issues consecutive sequence numbers and distinct tracking codes', async () => {
    const t = await ready();
    const codes = new Set<string>();
    for (let i = 1; i <= 5; i++) {
      const r = await t.call('transactions.create', newTransaction('citizen-request', []));
      expect(r.ok).toBe(true);
      if (r.ok) {
        codes.add(r.value.trackingCode);
        expect(parseTrackingCode(r.value.trackingCode)).toMatchObject({ ok: true, value: { sequence: i } });
      }
    }
    expect(codes.size).toBe(5);
    t.core.close();
  });

  it('answers a retried save with the saved transaction and writes nothing twice', async () => {
    const t = await ready();
    const input = newTransaction('citizen-request', []);
    const first = await t.call('transactions.create', input);
    const second = await t.call('transactions.create', input);
    expect(second).toEqual(first);
    expect(count(t, 'transactions')).toBe(1);
    expect(count(t, 'outbox')).toBe(1);
    t.core.close();
  });

  it('refuses the same id with a different request and keeps the original', async () => {
    const t = await ready();
    const input = newTransaction('citizen-request', []);
    await t.call('transactions.create', input);
    const before = snapshot(t.core);
    const changed = await t.call('transactions.create', {
      ...input,
      fields: { ...input.fields, subject: 'question' },
    });
    expect(changed).toMatchObject({ ok: false, error: { code: 'transaction_conflict' } });
    expect(snapshot(t.core)).toBe(before);
    t.core.close();
  });

  it('names every invalid field and saves nothing', async () => {
    const t = await ready();
    const before = snapshot(t.core);
    const bad = newTransaction('property-renewal-dues', [{ method: 'cash', amount: 1, tendered: 1 }], {
      citizen: { nationalId: '0499370898', firstName: 'ع', lastName: 'رضایی', mobile: '0812345678' },
      fields: {
        fileCode: '',
        landArea: '12.345',
        builtArea: 'abc',
        use: 'palace',
        unpaidYears: '99',
        extra: 'x',
      },
    });
    const citizen = await t.call('transactions.create', bad);
    expect(citizen).toMatchObject({
      ok: false,
      error: {
        code: 'citizen_invalid',
        details: {
          nationalId: 'national_id_checksum',
          firstName: 'name_too_short',
          mobile: expect.any(String),
        },
      },
    });
    const fields = await t.call('transactions.create', { ...bad, citizen: { ...CITIZEN } });
    expect(fields).toMatchObject({
      ok: false,
      error: {
        code: 'fields_invalid',
        details: {
          fileCode: 'field_required',
          landArea: 'area_invalid',
          builtArea: 'area_invalid',
          use: 'field_not_an_option',
          unpaidYears: 'field_out_of_range',
          extra: 'field_unknown',
        },
      },
    });
    expect(snapshot(t.core)).toBe(before);
    t.core.close();
  });

  it('recomputes the fee and refuses payments that do not settle it exactly', async () => {
    const t = await ready();
    const total = expectedTotal(t, 'waste-fee');
    const before = snapshot(t.core);
    const cases = [
      {
        payments: [{ method: 'cash' as const, amount: total - 1000, tendered: total }],
        reason: 'payment_sum_mismatch',
      },
      {
        payments: [{ method: 'cash' as const, amount: total, tendered: total - 1 }],
        reason: 'payment_tendered_short',
      },
      {
        payments: [{ method: 'card' as const, amount: total, reference: '12345' }],
        reason: 'pos_reference_length',
      },
      { payments: [], reason: 'payment_required' },
    ];
    for (const c of cases) {
      expect(await t.call('transactions.create', newTransaction('waste-fee', c.payments))).toMatchObject({
        ok: false,
        error: { code: 'payment_invalid', details: { reason: c.reason } },
      });
    }
    expect(snapshot(t.core)).toBe(before);
    // Card and a split of cash and card settle it.
    expect(
      await t.call(
        'transactions.create',
        newTransaction('waste-fee', [{ method: 'card', amount: total, reference: '۱۲۳۴۵۶۷۸۹۰۱۲' }]),
      ),
    ).toMatchObject({ ok: true });
    const split = await t.call(
      'transactions.create',
      newTransaction('waste-fee', [
        { method: 'cash', amount: 100_000, tendered: 200_000 },
        { method: 'card', amount: total - 100_000, reference: '123456789013' },
      ]),
    );
    expect(split).toMatchObject({ ok: true, value: { change: 100_000 } });
    t.core.close();
  });

  it('refuses a payment for a free service', async () => {
    const t = await ready();
    expect(
      await t.call(
        'transactions.create',
        newTransaction('citizen-request', [{ method: 'cash', amount: 1000, tendered: 1000 }]),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'payment_invalid', details: { reason: 'payment_not_needed' } },
    });
    t.core.close();
  });

  it('stores markup and very long text as plain text, within the stated limits', async () => {
    const t = await ready();
    const markup = '<img src=x onerror=alert(1)><b>سلام</b>';
    const ok = await t.call(
      'transactions.create',
      newTransaction('citizen-request', [], { fields: { subject: 'other', description: markup } }),
    );
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      const detail = await t.call('transactions.get', { id: ok.value.id });
      expect(detail.ok && detail.value.fields.find((f) => f.key === 'description')?.value).toBe(markup);
    }
    const long = await t.call(
      'transactions.create',
      newTransaction('citizen-request', [], { citizen: { ...CITIZEN, firstName: 'ب'.repeat(200) } }),
    );
    expect(long).toMatchObject({
      ok: false,
      error: { code: 'citizen_invalid', details: { firstName: 'name_too_long' } },
    });
    t.core.close();
  });

  it('fills in a citizen seen before at this terminal', async () => {
    const t = await ready();
    expect(await t.call('citizens.lookup', { nationalId: CITIZEN.nationalId })).toEqual({
      ok: true,
      value: null,
    });
    await t.call('transactions.create', newTransaction('citizen-request', []));
    expect(await t.call('citizens.lookup', { nationalId: '۰۴۹۹۳۷۰۸۹۹' })).toEqual({
      ok: true,
      value: { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی', mobile: '09121234567' },
    });
    t.core.close();
  });

  it('never lets a saved amount change or a transaction disappear, even from SQL', async () => {
    const dir = tempDir();
    const t = startCore(dir);
    await setUpOffice(t);
    const r = await t.call('transactions.create', newTransaction('citizen-request', []));
    t.core.close();
    expect(r.ok).toBe(true);
    const db = openDatabase(join(dir, 'pishkhan.sqlite'));
    expect(() => db.prepare('UPDATE transactions SET total = 1').run()).toThrow(/only changes its status/);
    expect(() => db.prepare('DELETE FROM transactions').run()).toThrow(/never deleted/);
    expect(() => db.prepare('DELETE FROM fee_lines').run()).toThrow(/never deleted/);
    expect(() => db.prepare('UPDATE fee_lines SET amount = 0').run()).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM outbox').run()).toThrow(/never deleted/);
    db.close();
  });
});
