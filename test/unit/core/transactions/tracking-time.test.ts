import { describe, expect, it } from 'vitest';
import { applyPulledChange } from '../../../../electron/core/sync/pull';
import { storeClockOffset } from '../../../../electron/core/sync/state';
import { MANAGER, managerApproval, setUpOffice, startCore } from '../../../support/core';
import { enrolled } from '../../../support/enrolled';
import { clockOffsetMs } from '../../../../electron/core/day/business-date';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

describe("a transaction's times in Tracking", () => {
  const tempDir = useTempDirs();
  // The sync measured this PC three days and an hour and a half behind the municipality.
  const offset = 3 * 86_400_000 + 90 * 60_000;

  it("are the municipality's, as on its receipt, in the results and the status history; stored times stay the PC's", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    storeClockOffset(t.core.db, offset);
    const saved = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!saved.ok) throw new Error(saved.error.code);
    const { id, trackingCode } = saved.value;
    t.advance(2 * 60_000);
    const voided = await t.call('transactions.void', { id, ...managerApproval('شهروند منصرف شد') });
    if (!voided.ok) throw new Error(voided.error.code);
    const pcTimes = t.core.db
      .prepare('SELECT at FROM status_history WHERE transaction_id = ? ORDER BY id')
      .pluck()
      .all(id) as number[];
    const createdAt = t.core.db.prepare('SELECT created_at FROM transactions WHERE id = ?').pluck().get(id);

    const detail = await t.call('transactions.get', { id });
    if (!detail.ok) throw new Error(detail.error.code);
    // The receipt's time, and the history's: the sale, then its void two minutes later.
    expect(detail.value.municipalTime).toBe(detail.value.createdAt + offset);
    expect(detail.value.statusHistory.map((h) => [h.status, h.at])).toEqual([
      ['saved', detail.value.municipalTime],
      ['voided', detail.value.municipalTime + 2 * 60_000],
    ]);
    for (const query of [trackingCode, '0499370899']) {
      const found = await t.call('transactions.search', { query });
      expect(found, query).toMatchObject({
        ok: true,
        value: [{ id, createdAt: detail.value.createdAt, municipalTime: detail.value.municipalTime }],
      });
    }
    // Read, not rewritten: what was recorded is the PC's clock, as before.
    expect(createdAt).toBe(detail.value.createdAt);
    expect(
      t.core.db.prepare('SELECT at FROM status_history WHERE transaction_id = ? ORDER BY id').pluck().all(id),
    ).toEqual(pcTimes);
    expect(pcTimes[0]).toBe(detail.value.createdAt);
    await t.close();
  });

  it("keeps the municipality's own entries at the time it sent, already by its clock", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    storeClockOffset(t.core.db, offset);
    const saved = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!saved.ok) throw new Error(saved.error.code);
    const reviewedAt = t.core.now() + offset + 60 * 60_000;
    t.core.db.transaction(() =>
      applyPulledChange(t.core, {
        type: 'status',
        seq: 3,
        transactionId: saved.value.id,
        trackingCode: saved.value.trackingCode,
        status: 'in_review',
        reason: null,
        actor: 'karaj-staff-7',
        at: reviewedAt,
      }),
    )();
    const detail = await t.call('transactions.get', { id: saved.value.id });
    if (!detail.ok) throw new Error(detail.error.code);
    expect(detail.value.statusHistory.map((h) => [h.status, h.source, h.at])).toEqual([
      ['saved', 'counter', detail.value.municipalTime],
      ['in_review', 'municipality', reviewedAt],
    ]);
    await t.close();
  });

  it('stay where they were when the offset is corrected later (the PC clock set 3 hours ahead afterwards)', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    // Enrolled, the PC's clock right: a sync measured no difference.
    enrolled(t, 0);
    const saved = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!saved.ok) throw new Error(saved.error.code);
    const { id, trackingCode } = saved.value;
    const soldAt = t.core.now();
    // Someone sets the PC's clock 3 hours ahead; the watch keeps the municipality's time.
    t.setPcClock(3 * 60 * 60_000);
    await t.call('session.unlock', { password: MANAGER.password });
    expect(clockOffsetMs(t.core)).toBe(-3 * 60 * 60_000);

    const detail = await t.call('transactions.get', { id });
    if (!detail.ok) throw new Error(detail.error.code);
    expect(detail.value.municipalTime).toBe(soldAt);
    expect(detail.value.statusHistory.map((h) => h.at)).toEqual([soldAt]);
    const found = await t.call('transactions.search', { query: trackingCode });
    expect(found).toMatchObject({ ok: true, value: [{ id, municipalTime: soldAt }] });
    await t.close();
  });
});
