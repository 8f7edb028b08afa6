import { describe, expect, it } from 'vitest';
import { tehranWallTime } from '../../../../shared/jalali';
import { storeClockOffset } from '../../../../electron/core/sync/state';
import { setUpOffice, startCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

describe("a transaction's time on its receipt", () => {
  const tempDir = useTempDirs();

  it("is the municipality's time, on the day the sale was booked on, when the PC's clock is days off", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    // The sync measured this PC three days and an hour and a half behind the municipality.
    const offset = 3 * 86_400_000 + 90 * 60_000;
    storeClockOffset(t.core.db, offset);
    const saved = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!saved.ok) throw new Error(saved.error.code);
    const detail = await t.call('transactions.get', { id: saved.value.id });
    if (!detail.ok) throw new Error(detail.error.code);
    const tx = detail.value;
    expect(tx.municipalTime).toBe(tx.createdAt + offset);
    // The date the receipt prints (the business date) and its time agree: the same day.
    expect(tx.businessDate).toBe(tehranWallTime(tx.municipalTime).isoDate);
    expect(tx.businessDate).not.toBe(tehranWallTime(tx.createdAt).isoDate);
    await t.close();
  });
});
