import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { businessDateFor } from '../../../../electron/core/day';
import { applyPulledChange } from '../../../../electron/core/sync/pull';
import { tehranWallTime } from '../../../../shared/jalali';
import type { PullChange } from '../../../../shared/sync/protocol';
import { MANAGER, setUpOffice, startCore, type TestCore, managerApproval } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { closeDayCounted, sell } from '../day/support';

type StatusChange = Extract<PullChange, { type: 'status' }>;

/** The feed's status change for a transaction, applied in one SQLite transaction as the pull does. */
function apply(t: TestCore, change: Partial<StatusChange> & Pick<StatusChange, 'transactionId' | 'status'>) {
  const full: StatusChange = {
    type: 'status',
    seq: 1,
    trackingCode: 'x',
    reason: 'شهروند منصرف شد',
    actor: MANAGER.username,
    at: t.core.now(),
    ...change,
  };
  return t.core.db.transaction(() => applyPulledChange(t.core, full))();
}

function voidsOf(t: TestCore, id: string) {
  return t.core.db
    .prepare(
      'SELECT kind, reason, requested_by, approved_by, source, recorded_approver FROM voids WHERE transaction_id = ?',
    )
    .all(id);
}

describe('a void or cancellation request the feed reports', () => {
  const tempDir = useTempDirs();

  it('is recorded once, with the approver known here or as the municipality named them, and only for this terminal', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const managerId = (
      t.core.db.prepare('SELECT id FROM users WHERE username = ?').get(MANAGER.username) as {
        id: number;
      }
    ).id;

    // A cancellation request, approved by a manager this database knows.
    const asked = await sell(t, 'waste-fee', 'cash');
    expect(apply(t, { transactionId: asked.id, status: 'received' })).toBe('status');
    expect(
      apply(t, { transactionId: asked.id, status: 'cancellation_requested', reason: 'درخواست لغو' }),
    ).toBe('status');
    expect(voidsOf(t, asked.id)).toEqual([
      {
        kind: 'cancellation_request',
        reason: 'درخواست لغو',
        requested_by: null,
        approved_by: managerId,
        source: 'municipality',
        recorded_approver: MANAGER.username,
      },
    ]);
    // The same change read again (a cursor replayed) changes nothing.
    expect(
      apply(t, { transactionId: asked.id, status: 'cancellation_requested', reason: 'درخواست لغو' }),
    ).toBeNull();
    expect(voidsOf(t, asked.id)).toHaveLength(1);

    // A void with no approver named: none is recorded, and the transaction says so.
    const voided = await sell(t, 'vehicle-dues', 'card');
    expect(apply(t, { transactionId: voided.id, status: 'voided', actor: null })).toBe('status');
    expect(voidsOf(t, voided.id)).toEqual([
      expect.objectContaining({
        kind: 'void',
        approved_by: null,
        recorded_approver: null,
        source: 'municipality',
      }),
    ]);
    const detail = await t.call('transactions.get', { id: voided.id });
    expect(detail.ok && detail.value.voiding).toMatchObject({
      requestedBy: null,
      approvedBy: null,
      source: 'municipality',
    });

    // The echo of a void made here adds no second record.
    const own = await sell(t, 'waste-fee', 'cash');
    const made = await t.call('transactions.void', {
      id: own.id,
      ...managerApproval('مبلغ اشتباه'),
    });
    expect(made.ok).toBe(true);
    expect(apply(t, { transactionId: own.id, status: 'voided' })).toBeNull();
    expect(voidsOf(t, own.id)).toEqual([
      expect.objectContaining({ source: 'counter', requested_by: managerId }),
    ]);

    // Another terminal's transaction: nothing here.
    const other = randomUUID();
    expect(apply(t, { transactionId: other, status: 'voided' })).toBeNull();
    expect(voidsOf(t, other)).toEqual([]);
    // Nothing queued for the municipality but the void made here.
    expect(
      t.core.db
        .prepare("SELECT count(*) AS n FROM outbox WHERE kind IN ('void', 'cancellation_request')")
        .get(),
    ).toEqual({ n: 1 });
    t.core.close();
  });

  it("is dated when the counter made it, as the feed says, or when the municipality took it from an older server's feed", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const madeAt = t.core.now() - 90_000;
    const takenAt = t.core.now() - 30_000;
    const atOf = (id: string) =>
      t.core.db.prepare('SELECT at FROM voids WHERE transaction_id = ?').pluck().get(id);

    const dated = await sell(t, 'waste-fee', 'cash');
    apply(t, { transactionId: dated.id, status: 'voided', at: takenAt, counterAt: madeAt });
    expect(atOf(dated.id)).toBe(madeAt);
    const detail = await t.call('transactions.get', { id: dated.id });
    expect(detail.ok && detail.value.voiding?.at).toBe(madeAt);
    // The municipality's own row in the history keeps its time.
    expect(
      t.core.db
        .prepare("SELECT at FROM status_history WHERE transaction_id = ? AND source = 'municipality'")
        .pluck()
        .all(dated.id),
    ).toEqual([takenAt]);

    // A server before the field says only when it took it.
    const undated = await sell(t, 'vehicle-dues', 'card');
    apply(t, { transactionId: undated.id, status: 'cancellation_requested', at: takenAt });
    expect(atOf(undated.id)).toBe(takenAt);
    t.core.close();
  });

  it('is booked on the business date this counter records it on, as a void made here is', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const today = tehranWallTime(t.core.now()).isoDate;
    const dateOf = (id: string) =>
      t.core.db.prepare('SELECT business_date FROM voids WHERE transaction_id = ?').pluck().get(id);

    const voided = await sell(t, 'waste-fee', 'cash');
    const asked = await sell(t, 'vehicle-dues', 'card');
    // Made long ago by the counter, as the feed says: still booked when recorded here.
    apply(t, { transactionId: voided.id, status: 'voided', counterAt: t.core.now() - 3 * 86_400_000 });
    expect(dateOf(voided.id)).toBe(today);
    // Today closed: the next business date, as for a sale or a void made now.
    await closeDayCounted(t, today);
    const next = businessDateFor(t.core, t.core.now());
    expect(next > today).toBe(true);
    apply(t, { transactionId: asked.id, status: 'cancellation_requested' });
    expect(dateOf(asked.id)).toBe(next);
    const own = await sell(t, 'waste-fee', 'cash');
    expect((await t.call('transactions.void', { id: own.id, ...managerApproval('مبلغ اشتباه') })).ok).toBe(
      true,
    );
    expect(dateOf(own.id)).toBe(next);
    await t.close();
  });
});
