import { describe, expect, it } from 'vitest';
import { setUpOffice, startCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { CITIZEN, newTransaction } from '../../../support/transactions';

describe('the transaction list', () => {
  const tempDir = useTempDirs();

  it('pages newest first and filters by digits or by name', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const citizen =
        i % 3 === 0
          ? {
              ...CITIZEN,
              firstName: 'مریم',
              lastName: 'کاظمی',
              nationalId: '0084575948',
              mobile: '09351112233',
            }
          : CITIZEN;
      const r = await t.call('transactions.create', newTransaction('citizen-request', [], { citizen }));
      if (!r.ok) throw new Error(r.error.code);
      codes.push(r.value.trackingCode);
    }
    const first = await t.call('transactions.list', { offset: 0, limit: 5, filter: '' });
    expect(first).toMatchObject({ ok: true, value: { total: 12, more: false } });
    expect(first.ok && first.value.rows.map((r) => r.trackingCode)).toEqual(
      codes.slice().reverse().slice(0, 5),
    );
    const last = await t.call('transactions.list', { offset: 10, limit: 5, filter: '' });
    expect(last.ok && last.value.rows.map((r) => r.trackingCode)).toEqual([codes[1], codes[0]]);

    const byName = await t.call('transactions.list', { offset: 0, limit: 50, filter: 'كاظمي' });
    expect(byName).toMatchObject({ ok: true, value: { total: 4 } });
    const byMobile = await t.call('transactions.list', { offset: 0, limit: 50, filter: '۰۹۳۵' });
    expect(byMobile).toMatchObject({ ok: true, value: { total: 4 } });
    const byCode = await t.call('transactions.list', {
      offset: 0,
      limit: 50,
      filter: codes[7]?.slice(0, 13) ?? '',
    });
    expect(byCode.ok && byCode.value.rows.map((r) => r.trackingCode)).toEqual([codes[7]]);
    const byService = await t.call('transactions.list', { offset: 0, limit: 50, filter: 'شکایت' });
    expect(byService).toMatchObject({ ok: true, value: { total: 12 } });
    // LIKE wildcards typed by a person are literal characters.
    expect(await t.call('transactions.list', { offset: 0, limit: 50, filter: '%' })).toMatchObject({
      ok: true,
      value: { total: 0, rows: [] },
    });
    expect(await t.call('transactions.list', { offset: 40, limit: 5, filter: 'مریم' })).toMatchObject({
      ok: true,
      value: { total: 4, rows: [] },
    });
    t.core.close();
  });
});
