import { describe, expect, it } from 'vitest';
import { setUpOffice, snapshot, startCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

const FREE_SERVICE = 'citizen-request';

describe('a save when the disk is full', () => {
  const tempDir = useTempDirs();

  it('is refused as disk_full with nothing written, and the same form saves once there is room', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    // SQLite's page limit gives the same SQLITE_FULL a full disk gives, at a chosen moment.
    const pages = (t.core.db.pragma('page_count', { simple: true }) as number) + 1;
    t.core.db.pragma(`max_page_count = ${pages}`);

    let refused: { input: ReturnType<typeof newTransaction>; before: string } | null = null;
    for (let i = 0; i < 500 && !refused; i++) {
      const input = newTransaction(FREE_SERVICE, []);
      const before = snapshot(t.core);
      const result = await t.call('transactions.create', input);
      if (result.ok) continue;
      expect(result.error).toMatchObject({
        code: 'disk_full',
        messageKey: 'errors.disk_full',
        details: { call: 'transactions.create' },
      });
      // The whole save was rolled back: no transaction, outbox, audit or sequence left behind.
      expect(snapshot(t.core)).toBe(before);
      refused = { input, before };
    }
    expect(refused).not.toBeNull();
    if (!refused) return;

    t.core.db.pragma('max_page_count = 1073741823');
    const again = await t.call('transactions.create', refused.input);
    expect(again).toMatchObject({ ok: true, value: { id: refused.input.id } });
    expect(
      t.core.db.prepare('SELECT count(*) AS n FROM transactions WHERE id = ?').get(refused.input.id),
    ).toEqual({ n: 1 });
    t.core.close();
  });
});
