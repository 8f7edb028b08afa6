import { describe, expect, it } from 'vitest';
import { MANAGER, setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

const UNKNOWN_ID = '3b241101-e2bb-4255-8caf-4136c566a962';

describe('receipt copies: every print is one recorded copy', () => {
  const tempDir = useTempDirs();

  async function withSale(dataDir = tempDir()): Promise<{ t: TestCore; id: string; dataDir: string }> {
    const t = startCore(dataDir);
    await setUpOffice(t);
    const r = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!r.ok) throw new Error(r.error.code);
    return { t, id: r.value.id, dataDir };
  }

  function copies(t: TestCore, id: string) {
    return t.core.db
      .prepare('SELECT copy_number AS copy, layout FROM receipt_prints WHERE transaction_id = ? ORDER BY id')
      .all(id);
  }

  it('prints a recorded copy once: printing the same copy again is refused and records nothing', async () => {
    const { t, id } = await withSale();
    expect(await t.call('receipts.print', { id, copyNumber: 1, layout: '80mm', target: 'printer' })).toEqual({
      ok: true,
      value: { savedTo: null },
    });
    const before = snapshot(t.core);
    for (const target of ['printer', 'pdf'] as const) {
      expect(await t.call('receipts.print', { id, copyNumber: 1, layout: '80mm', target })).toEqual({
        ok: false,
        error: {
          code: 'receipt_copy_not_next',
          messageKey: 'errors.receipt_copy_not_next',
          details: { copyNumber: 1, nextCopy: 2 },
        },
      });
    }
    expect(snapshot(t.core)).toBe(before);
    expect(copies(t, id)).toEqual([{ copy: 1, layout: '80mm' }]);
    t.core.close();
  });

  it('records each further print as the next copy, a duplicate, with its paper and whether it went to a PDF', async () => {
    const { t, id } = await withSale();
    expect(
      (await t.call('receipts.print', { id, copyNumber: 1, layout: '80mm', target: 'printer' })).ok,
    ).toBe(true);
    expect((await t.call('receipts.print', { id, copyNumber: 2, layout: 'a5', target: 'pdf' })).ok).toBe(
      true,
    );
    expect(
      (await t.call('receipts.print', { id, copyNumber: 3, layout: '58mm', target: 'printer' })).ok,
    ).toBe(true);
    expect(copies(t, id)).toEqual([
      { copy: 1, layout: '80mm' },
      { copy: 2, layout: 'a5' },
      { copy: 3, layout: '58mm' },
    ]);
    const trail = t.core.db
      .prepare("SELECT action, details FROM audit_log WHERE action LIKE 'receipt_%' ORDER BY seq")
      .all() as { action: string; details: string }[];
    expect(trail.map((e) => [e.action, JSON.parse(e.details)])).toEqual([
      ['receipt_printed', { copyNumber: 1, layout: '80mm', target: 'printer' }],
      ['receipt_reprinted', { copyNumber: 2, layout: 'a5', target: 'pdf' }],
      ['receipt_reprinted', { copyNumber: 3, layout: '58mm', target: 'printer' }],
    ]);
    expect(await t.call('transactions.get', { id })).toMatchObject({ ok: true, value: { printCount: 3 } });
    t.core.close();
  });

  it('refuses a copy beyond the next one, and a receipt of no transaction, changing nothing', async () => {
    const { t, id } = await withSale();
    const before = snapshot(t.core);
    expect(
      await t.call('receipts.print', { id, copyNumber: 2, layout: '80mm', target: 'printer' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'receipt_copy_not_next', details: { copyNumber: 2, nextCopy: 1 } },
    });
    expect(
      await t.call('receipts.print', { id: UNKNOWN_ID, copyNumber: 1, layout: '80mm', target: 'printer' }),
    ).toMatchObject({ ok: false, error: { code: 'transaction_not_found' } });
    expect(await t.call('receipts.print', { id, layout: '80mm', target: 'printer' } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { fields: ['copyNumber'] } },
    });
    expect(snapshot(t.core)).toBe(before);
    t.core.close();
  });

  it('after a crash between the record and the printer, the next print is the next copy', async () => {
    const { t, id, dataDir } = await withSale();
    // The core recorded copy 1; the app stopped before any paper came out.
    expect(
      (await t.call('receipts.print', { id, copyNumber: 1, layout: '80mm', target: 'printer' })).ok,
    ).toBe(true);
    t.core.close();
    const again = startCore(dataDir);
    const login = await again.call('session.login', {
      username: MANAGER.username,
      password: MANAGER.password,
    });
    expect(login.ok).toBe(true);
    const read = await again.call('transactions.get', { id });
    expect(read).toMatchObject({ ok: true, value: { printCount: 1 } });
    expect(
      await again.call('receipts.print', { id, copyNumber: 1, layout: '80mm', target: 'printer' }),
    ).toMatchObject({ ok: false, error: { code: 'receipt_copy_not_next', details: { nextCopy: 2 } } });
    expect(
      (await again.call('receipts.print', { id, copyNumber: 2, layout: '80mm', target: 'printer' })).ok,
    ).toBe(true);
    expect(copies(again, id)).toEqual([
      { copy: 1, layout: '80mm' },
      { copy: 2, layout: '80mm' },
    ]);
    again.core.close();
  });
});
