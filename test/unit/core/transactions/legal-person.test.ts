import { describe, expect, it } from 'vitest';
import sampleCatalog from '../../../../resources/catalog/sample-catalog.json';
import { catalogSchema } from '../../../../shared/catalog/schema';
import { tariffFor } from '../../../../shared/catalog/tariff';
import { checkFieldValues } from '../../../../shared/counter/field-values';
import { evaluateFee } from '../../../../shared/fees';
import { tehranWallTime } from '../../../../shared/jalali';
import { canonicalJson } from '../../../../shared/sync/canonical-json';
import { setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { CITIZEN, COMPANY, newTransaction, SAMPLE_FIELDS } from '../../../support/transactions';

const catalog = catalogSchema.parse(sampleCatalog);

const COMPANY_SAVED = {
  kind: 'legal',
  legalEntityId: '10380284790',
  name: 'شرکت بازرگانی آب‌نوش',
  mobile: null,
} as const;

function outboxBody(t: TestCore, id: string): Record<string, unknown> {
  const row = t.core.db.prepare('SELECT body FROM outbox WHERE id = ?').get(id) as { body: string };
  return JSON.parse(row.body) as Record<string, unknown>;
}

function outboxText(t: TestCore, id: string): string {
  return (t.core.db.prepare('SELECT body FROM outbox WHERE id = ?').get(id) as { body: string }).body;
}

describe('a legal person as the payer', () => {
  const tempDir = useTempDirs();

  async function ready(): Promise<TestCore> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    return t;
  }

  it('is saved, read back, pushed and remembered as a legal person', async () => {
    const t = await ready();
    const draft = newTransaction('citizen-request', [], { citizen: COMPANY });
    const saved = await t.call('transactions.create', draft);
    expect(saved).toMatchObject({ ok: true, value: { id: draft.id } });

    const detail = await t.call('transactions.get', { id: draft.id });
    expect(detail.ok && detail.value.citizen).toEqual(COMPANY_SAVED);

    // As the row holds it (migration 0013): the شناسه ملی in the ID column, the name as last name.
    expect(
      t.core.db
        .prepare(
          'SELECT citizen_kind, citizen_national_id, citizen_first_name, citizen_last_name, citizen_mobile FROM transactions',
        )
        .get(),
    ).toEqual({
      citizen_kind: 'legal',
      citizen_national_id: '10380284790',
      citizen_first_name: '',
      citizen_last_name: 'شرکت بازرگانی آب‌نوش',
      citizen_mobile: null,
    });
    // The municipality receives the legal person's shape.
    expect(outboxBody(t, draft.id).citizen).toEqual(COMPANY_SAVED);

    // The counter fills it in when the same شناسه ملی comes back, typed with Persian digits.
    expect(await t.call('citizens.lookup', { legalEntityId: '۱۰۳۸۰ ۲۸۴۷۹۰' })).toEqual({
      ok: true,
      value: COMPANY_SAVED,
    });
    // Not as a citizen, nor by a شناسه ملی with a wrong check digit.
    expect(await t.call('citizens.lookup', { nationalId: '10380284790' })).toEqual({ ok: true, value: null });
    expect(await t.call('citizens.lookup', { legalEntityId: '10380284791' })).toEqual({
      ok: true,
      value: null,
    });
    await t.close();
  });

  it('is found by its شناسه ملی in Tracking and by its name or ID digits in the list', async () => {
    const t = await ready();
    const company = newTransaction('citizen-request', [], { citizen: COMPANY });
    const citizen = newTransaction('citizen-request', []);
    await t.call('transactions.create', company);
    await t.call('transactions.create', citizen);
    await t.call('transactions.create', newTransaction('citizen-request', [], { citizen: COMPANY }));

    const found = await t.call('transactions.search', { query: '۱۰۳۸۰-۲۸۴۷۹۰' });
    expect(found.ok && found.value.map((r) => r.citizen)).toEqual([COMPANY_SAVED, COMPANY_SAVED]);
    expect(found.ok && found.value.some((r) => r.id === company.id)).toBe(true);
    const byCitizen = await t.call('transactions.search', { query: CITIZEN.nationalId });
    expect(byCitizen.ok && byCitizen.value.map((r) => r.id)).toEqual([citizen.id]);
    // A شناسه ملی with a wrong check digit is said to be one.
    expect(await t.call('transactions.search', { query: '10380284791' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { reason: 'legal_entity_id_checksum' } },
    });

    const byName = await t.call('transactions.list', { offset: 0, limit: 10, filter: 'آب‌نوش' });
    expect(byName.ok && byName.value.rows.map((r) => r.citizen)).toEqual([COMPANY_SAVED, COMPANY_SAVED]);
    const byDigits = await t.call('transactions.list', { offset: 0, limit: 10, filter: '1038' });
    expect(byDigits.ok && byDigits.value.total).toBe(2);
    const all = await t.call('transactions.list', { offset: 0, limit: 10, filter: '' });
    expect(all.ok && all.value.rows.map((r) => ('kind' in r.citizen ? r.citizen.kind : 'natural'))).toEqual([
      'legal',
      'natural',
      'legal',
    ]);
    await t.close();
  });

  it('names each bad field of a legal person and saves nothing', async () => {
    const t = await ready();
    const before = snapshot(t.core);
    const bad = await t.call(
      'transactions.create',
      newTransaction('citizen-request', [], {
        citizen: { kind: 'legal', legalEntityId: '10380284791', name: ' ', mobile: '0912' },
      }),
    );
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'citizen_invalid',
        details: {
          legalEntityId: 'legal_entity_id_checksum',
          name: 'legal_name_required',
          mobile: 'mobile_length',
        },
      },
    });
    // A کد ملی is not a شناسه ملی.
    const citizenId = await t.call(
      'transactions.create',
      newTransaction('citizen-request', [], { citizen: { ...COMPANY, legalEntityId: CITIZEN.nationalId } }),
    );
    expect(citizenId).toMatchObject({
      ok: false,
      error: { code: 'citizen_invalid', details: { legalEntityId: 'legal_entity_id_length' } },
    });
    expect(snapshot(t.core)).toBe(before);
    await t.close();
  });

  it('leaves a citizen’s push body as it was: the same keys, the citizen without a kind', async () => {
    const t = await ready();
    const input = newTransaction('citizen-request', []);
    const saved = await t.call('transactions.create', input);
    if (!saved.ok) throw new Error(saved.error.code);
    const body = outboxBody(t, input.id);
    expect(Object.keys(body)).toEqual([
      'businessDate',
      'catalogVersion',
      'citizen',
      'createdAt',
      'fields',
      'id',
      'lines',
      'municipalTotal',
      'office',
      'officeTotal',
      'operator',
      'payments',
      'serviceCode',
      'tariffVersion',
      'terminal',
      'total',
      'trackingCode',
    ]);
    expect(outboxText(t, input.id)).toContain(
      '"citizen":{"firstName":"علی","lastName":"رضایی","mobile":"09121234567","nationalId":"0499370899"}',
    );
    expect(outboxText(t, input.id)).toBe(canonicalJson(body));
    const row = t.core.db.prepare('SELECT citizen_kind FROM transactions').get();
    expect(row).toEqual({ citizen_kind: 'natural' });
    await t.close();
  });

  it('pays a company’s business-trade dues by card, priced by the tariff as a citizen’s are', async () => {
    const t = await ready();
    const service = catalog.services.find((s) => s.code === 'business-dues');
    const today = tehranWallTime(t.core.now()).isoDate;
    const tariff = tariffFor(catalog, 'business-dues', today);
    const values = service && checkFieldValues(service, SAMPLE_FIELDS['business-dues'] ?? {});
    const fee = tariff && values?.ok ? evaluateFee(tariff, values.values, { today }) : null;
    if (!fee?.ok) throw new Error('the sample business-trade dues cannot be priced');
    const input = newTransaction(
      'business-dues',
      [{ method: 'card', amount: fee.value.total, reference: '123456789012' }],
      { citizen: { ...COMPANY, mobile: '۰۹۱۲۱۲۳۴۵۶۷' } },
    );
    expect(await t.call('transactions.create', input)).toMatchObject({
      ok: true,
      value: { total: fee.value.total, change: 0 },
    });
    const detail = await t.call('transactions.get', { id: input.id });
    expect(detail.ok && detail.value.citizen).toEqual({ ...COMPANY_SAVED, mobile: '09121234567' });
    expect(detail.ok && detail.value.total).toBe(fee.value.total);
    // Found by its mobile too.
    const byMobile = await t.call('transactions.search', { query: '09121234567' });
    expect(byMobile.ok && byMobile.value.map((r) => r.id)).toEqual([input.id]);
    await t.close();
  });
});
