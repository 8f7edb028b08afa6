import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRANSACTION_STATUSES } from '../../../../shared/ipc/counter';
import { gregorianToJalali, tehranWallTime } from '../../../../shared/jalali';
import { MANAGER, setUpOffice, startCore } from '../../../support/core';
import { rawRangeReport, recomputedReportTotals, storedReportTotals } from '../../../support/report-totals';
import { useTempDirs } from '../../../support/tempdir';
import { addOperator, OPERATOR, sell } from '../day/support';

const DAY = 24 * 60 * 60 * 1000;
const SERVICES = ['property-renewal-dues', 'waste-fee', 'vehicle-dues', 'business-dues'] as const;

const step = fc.oneof(
  fc.record({
    kind: fc.constant('sale' as const),
    service: fc.constantFrom(...SERVICES),
    how: fc.constantFrom('cash' as const, 'card' as const, 'split' as const),
    change: fc.integer({ min: 0, max: 900_000 }),
    byOperator: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
  // What a status from the municipality's feed does to the row (sync/pull.ts), any status at all.
  fc.record({
    kind: fc.constant('status' as const),
    pick: fc.nat(),
    status: fc.constantFrom(...TRANSACTION_STATUSES),
  }),
  fc.record({ kind: fc.constant('nextDay' as const) }),
);

describe('report totals kept at save, for any sequence of sales, voids, status changes and days', () => {
  const tempDir = useTempDirs();

  it('equal a recomputation from the raw rows, and the report equals the plain SQL aggregates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const t = startCore(tempDir());
        await setUpOffice(t);
        await addOperator(t);
        const first = tehranWallTime(t.core.now()).isoDate;
        const sales: { id: string; voidRecorded: boolean }[] = [];
        for (const s of steps) {
          if (s.kind === 'sale') {
            const sale = await sell(t, s.service, s.how, {
              change: s.change,
              ...(s.byOperator ? { sessionKey: 'operator-window' } : {}),
            });
            sales.push({ id: sale.id, voidRecorded: false });
          } else if (s.kind === 'void') {
            const target = sales[s.pick % Math.max(1, sales.length)];
            // One void or cancellation request per transaction (voids_transaction_unique).
            if (!target || target.voidRecorded) continue;
            const r = await t.call('transactions.void', {
              id: target.id,
              reason: 'آزمون ابطال',
              approverUsername: MANAGER.username,
              approverPassword: MANAGER.password,
            });
            // Already voided or cancelled, or rejected by the municipality (final): refused, and
            // nothing changes.
            if (r.ok) target.voidRecorded = true;
            else {
              const { status } = t.core.db
                .prepare('SELECT status FROM transactions WHERE id = ?')
                .get(target.id) as {
                status: string;
              };
              expect(r.error.code).toBe(status === 'rejected' ? 'transaction_final' : 'already_voided');
            }
          } else if (s.kind === 'status') {
            const target = sales[s.pick % Math.max(1, sales.length)];
            if (!target) continue;
            t.core.db.prepare('UPDATE transactions SET status = ? WHERE id = ?').run(s.status, target.id);
          } else {
            t.advance(DAY);
            await t.call('session.unlock', { password: MANAGER.password });
            await t.call('session.unlock', { password: OPERATOR.password }, 'operator-window');
          }
          expect(storedReportTotals(t.core.db)).toEqual(recomputedReportTotals(t.core.db));
        }
        const last = tehranWallTime(t.core.now()).isoDate;
        const r = await t.call('reports.range', {
          from: gregorianToJalali(first),
          to: gregorianToJalali(last),
        });
        if (!r.ok) throw new Error(r.error.code);
        const { totals, ...report } = r.value;
        expect(report).toEqual(rawRangeReport(t.core.db, first, last));
        expect(totals.count + totals.voidedCount).toBe(sales.length);
        t.core.close();
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
