import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDateFor } from '../../../../electron/core/day';
import { TRANSACTION_STATUSES } from '../../../../shared/ipc/counter';
import type { RangeReport } from '../../../../shared/reports';
import { gregorianToJalali, tehranWallTime } from '../../../../shared/jalali';
import { MANAGER, setUpOffice, startCore, type TestCore, managerApproval } from '../../../support/core';
import { rawRangeReport, recomputedReportTotals, storedReportTotals } from '../../../support/report-totals';
import { useTempDirs } from '../../../support/tempdir';
import { addOperator, closeDayCounted, OPERATOR, sell } from '../day/support';

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
  // The manager closes the business day being worked, its drawer counted as expected…
  fc.record({ kind: fc.constant('close' as const) }),
  // …or an earlier date with sales that was never opened (it takes the refunds still pending).
  fc.record({ kind: fc.constant('closeEarlier' as const) }),
);

/**
 * Closes the business date being worked, or the earliest date with sales never opened. After
 * today's close that is tomorrow, which closes only once it has come (day_in_future till then).
 */
async function closeDay(t: TestCore, which: 'current' | 'earlier'): Promise<void> {
  const overview = await t.call('day.overview', {});
  if (!overview.ok) throw new Error(overview.error.code);
  const businessDate = which === 'current' ? overview.value.businessDate : overview.value.unopenedDates[0];
  if (businessDate === undefined) return;
  if (businessDate > tehranWallTime(t.core.now()).isoDate)
    await expect(closeDayCounted(t, businessDate)).rejects.toThrow(/^day_in_future /);
  else await closeDayCounted(t, businessDate);
}

/**
 * Every day of the terminal, as its own books have it (signed at the close, or recomputed while
 * open), in the report's per-day terms.
 */
async function daysBooks(
  t: TestCore,
): Promise<Map<string, Omit<RangeReport['byDay'][number], 'date' | 'refundMunicipal' | 'refundOffice'>>> {
  const overview = await t.call('day.overview', {});
  if (!overview.ok) throw new Error(overview.error.code);
  const books = new Map<
    string,
    Omit<RangeReport['byDay'][number], 'date' | 'refundMunicipal' | 'refundOffice'>
  >();
  for (const d of overview.value.days) {
    const detail = await t.call('day.detail', { dayId: d.id });
    if (!detail.ok) throw new Error(detail.error.code);
    const { kept, voided, lateVoids } = detail.value.reconciliation;
    books.set(d.businessDate, {
      count: kept.count,
      municipal: kept.municipal,
      office: kept.office,
      total: kept.total,
      voidedCount: voided.count,
      voidedTotal: voided.total,
      refundCount: lateVoids.count,
      refundTotal: lateVoids.total,
    });
  }
  return books;
}

describe('report totals kept at save, for any sequence of sales, voids, status changes, days and closes', () => {
  const tempDir = useTempDirs();

  it('equal a recomputation from the raw rows, and the report equals the plain SQL aggregates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const t = startCore(tempDir());
        await setUpOffice(t);
        await addOperator(t);
        const first = tehranWallTime(t.core.now()).isoDate;
        const sales: { id: string; voidRecorded: boolean }[] = [];
        let pullLike = true;
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
              ...managerApproval('آزمون ابطال'),
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
            const { status } = t.core.db
              .prepare('SELECT status FROM transactions WHERE id = ?')
              .get(target.id) as {
              status: string;
            };
            // pull.ts never moves a voided transaction, and the feed's 'voided' only echoes a void
            // made here; anything else is kept to check the totals, not the days' books.
            if (status === 'voided' || s.status === 'voided') pullLike = false;
            t.core.db.prepare('UPDATE transactions SET status = ? WHERE id = ?').run(s.status, target.id);
          } else if (s.kind === 'close' || s.kind === 'closeEarlier') {
            await closeDay(t, s.kind === 'close' ? 'current' : 'earlier');
          } else {
            t.advance(DAY);
            await t.call('session.unlock', { password: MANAGER.password });
            await t.call('session.unlock', { password: OPERATOR.password }, 'operator-window');
          }
          expect(storedReportTotals(t.core.db)).toEqual(recomputedReportTotals(t.core.db));
        }
        // After a close, sales go to the next business date: the range ends at the date being worked.
        const last = businessDateFor(t.core, t.core.now());
        const r = await t.call('reports.range', {
          from: gregorianToJalali(first),
          to: gregorianToJalali(last),
        });
        if (!r.ok) throw new Error(r.error.code);
        const { totals, ...report } = r.value;
        expect(report).toEqual(rawRangeReport(t.core.db, first, last, last));
        expect(totals.count + totals.voidedCount).toBe(sales.length);
        // Each day's row is what that day's books say: signed at its close, a closed day's never
        // changes, whatever was voided after it.
        const books = pullLike ? await daysBooks(t) : new Map();
        for (const [date, dayBooks] of books) {
          const row = report.byDay.find((d) => d.date === date);
          if (dayBooks.count + dayBooks.voidedCount + dayBooks.refundCount === 0) expect(row).toBeUndefined();
          else {
            // A day's books keep a refund's total, not its shares: those the raw model above checks.
            expect(row).toEqual({
              date,
              ...dayBooks,
              refundMunicipal: expect.any(Number),
              refundOffice: expect.any(Number),
            });
            expect((row?.refundMunicipal ?? 0) + (row?.refundOffice ?? 0)).toBe(dayBooks.refundTotal);
          }
        }
        await t.close();
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
