import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASH_MOVEMENT_REASONS,
  reconcile,
  type CashMovement,
  type DayInput,
  type DayPayment,
  type DayTransaction,
  type LateVoid,
} from '../../../../shared/reconciliation';

const rials = fc.integer({ min: 0, max: 50_000_000 });

/** A transaction whose payments settle its total exactly, as saveTransaction guarantees. */
const transaction: fc.Arbitrary<DayTransaction> = fc
  .record({
    id: fc.uuid(),
    service: fc.constantFrom('property-renewal-dues', 'waste-fee', 'vehicle-dues', 'citizen-request'),
    operatorId: fc.integer({ min: 1, max: 4 }),
    municipal: rials,
    office: fc.integer({ min: 0, max: 300_000 }),
    split: fc.constantFrom('cash', 'card', 'both'),
    cashShare: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    change: fc.integer({ min: 0, max: 2_000_000 }),
    voided: fc.boolean(),
    cancellationRequested: fc.boolean(),
  })
  .map((r) => {
    const total = r.municipal + r.office;
    let payments: DayPayment[] = [];
    if (total > 0) {
      if (r.split === 'cash') payments = [{ method: 'cash', amount: total, change: r.change }];
      else if (r.split === 'card') payments = [{ method: 'card', amount: total, change: 0 }];
      else {
        const cash = Math.min(total - 1, Math.max(1, Math.round(total * r.cashShare)));
        payments =
          total >= 2
            ? [
                { method: 'cash', amount: cash, change: r.change },
                { method: 'card', amount: total - cash, change: 0 },
              ]
            : [{ method: 'card', amount: total, change: 0 }];
      }
    }
    return {
      id: r.id,
      serviceCode: r.service,
      serviceName: { fa: r.service, en: r.service },
      operatorId: r.operatorId,
      operatorName: `operator-${r.operatorId}`,
      municipalTotal: r.municipal,
      officeTotal: r.office,
      total,
      payments,
      voided: r.voided,
      cancellationRequested: !r.voided && r.cancellationRequested,
    };
  });

const movement: fc.Arbitrary<CashMovement> = fc.record({
  direction: fc.constantFrom('in' as const, 'out' as const),
  amount: fc.integer({ min: 1, max: 20_000_000 }),
  reason: fc.constantFrom(...CASH_MOVEMENT_REASONS),
});

const lateVoid: fc.Arbitrary<LateVoid> = fc
  .record({ transactionId: fc.uuid(), cash: rials, card: rials })
  .map((v) => ({ ...v, total: v.cash + v.card }));

const day: fc.Arbitrary<DayInput> = fc.record({
  openingFloat: rials,
  transactions: fc.array(transaction, { maxLength: 40 }),
  movements: fc.array(movement, { maxLength: 6 }),
  lateVoids: fc.array(lateVoid, { maxLength: 3 }),
});

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const cashKept = (t: DayTransaction) =>
  sum(t.payments.filter((p) => p.method === 'cash').map((p) => p.amount));
const cardKept = (t: DayTransaction) =>
  sum(t.payments.filter((p) => p.method === 'card').map((p) => p.amount));

describe('reconciliation of any generated day', () => {
  it('totals equal the sums of the lines, voids left out of the money kept but shown', () => {
    fc.assert(
      fc.property(day, (d) => {
        const r = reconcile(d);
        const kept = d.transactions.filter((t) => !t.voided);
        const voided = d.transactions.filter((t) => t.voided);
        expect(r.kept.count).toBe(kept.length);
        expect(r.kept.total).toBe(sum(kept.map((t) => t.total)));
        expect(r.kept.municipal).toBe(sum(kept.map((t) => t.municipalTotal)));
        expect(r.kept.office).toBe(sum(kept.map((t) => t.officeTotal)));
        expect(r.kept.municipal + r.kept.office).toBe(r.kept.total);
        expect(r.voided.count).toBe(voided.length);
        expect(r.voided.total).toBe(sum(voided.map((t) => t.total)));
        // Every payment method's money adds up to what the kept transactions cost.
        expect(r.byMethod.cash.amount + r.byMethod.card.amount).toBe(r.kept.total);
        expect(r.byMethod.card.amount).toBe(sum(kept.map(cardKept)));
        // Per operator and per service, the groups partition the day.
        for (const groups of [r.byOperator, r.byService]) {
          expect(sum(groups.map((g) => g.total))).toBe(r.kept.total);
          expect(sum(groups.map((g) => g.count))).toBe(r.kept.count);
          expect(sum(groups.map((g) => g.cash))).toBe(r.byMethod.cash.amount);
          expect(sum(groups.map((g) => g.voidedCount))).toBe(r.voided.count);
          expect(sum(groups.map((g) => g.voidedTotal))).toBe(r.voided.total);
        }
        expect(r.movements.in - r.movements.out).toBe(
          sum(d.movements.map((m) => (m.direction === 'in' ? m.amount : -m.amount))),
        );
      }),
    );
  });

  it('expects opening + cash kept ± movements − earlier days’ refunds (card ones too), never the change handed back', () => {
    fc.assert(
      fc.property(day, (d) => {
        const r = reconcile(d);
        const kept = d.transactions.filter((t) => !t.voided);
        const expected =
          d.openingFloat +
          sum(kept.map(cashKept)) +
          sum(d.movements.map((m) => (m.direction === 'in' ? m.amount : -m.amount))) -
          sum(d.lateVoids.map((v) => v.cash + v.card));
        expect(r.expectedCash).toBe(expected);
        expect(r.expectedCard).toBe(sum(kept.map(cardKept)));
      }),
    );
  });

  it('never expects an earlier day’s card refund on today’s POS slip: the drawer pays it back', () => {
    fc.assert(
      fc.property(day, (d) => {
        const r = reconcile(d);
        // The slip holds today's card payments only, so it is never expected below zero.
        expect(r.expectedCard).toBe(r.byMethod.card.amount);
        expect(r.expectedCard).toBeGreaterThanOrEqual(0);
        expect(r.lateVoids).toEqual({
          count: d.lateVoids.length,
          cash: sum(d.lateVoids.map((v) => v.total)),
          card: 0,
          total: sum(d.lateVoids.map((v) => v.total)),
        });
      }),
    );
  });

  it('does not move the expected cash when more change is handed back', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 5_000_000 }), (d, extra) => {
        const more: DayInput = {
          ...d,
          transactions: d.transactions.map((t) => ({
            ...t,
            payments: t.payments.map((p) => (p.method === 'cash' ? { ...p, change: p.change + extra } : p)),
          })),
        };
        const before = reconcile(d);
        const after = reconcile(more);
        expect(after.expectedCash).toBe(before.expectedCash);
        expect(after.kept.cash).toBe(before.kept.cash);
        expect(after.byMethod.cash.changeGiven).toBe(
          before.byMethod.cash.changeGiven + extra * before.byMethod.cash.payments,
        );
      }),
    );
  });

  it('voiding one transaction takes exactly its cash out of the expected drawer and lists it', () => {
    fc.assert(
      fc.property(
        day.filter((d) => d.transactions.some((t) => !t.voided)),
        fc.nat(),
        (d, pick) => {
          const candidates = d.transactions.filter((t) => !t.voided);
          const target = candidates[pick % candidates.length] as DayTransaction;
          const voidedDay = {
            ...d,
            transactions: d.transactions.map((t) =>
              t === target ? { ...t, voided: true, cancellationRequested: false } : t,
            ),
          };
          const before = reconcile(d);
          const after = reconcile(voidedDay);
          expect(after.expectedCash).toBe(before.expectedCash - cashKept(target));
          expect(after.expectedCard).toBe(before.expectedCard - cardKept(target));
          expect(after.voided.count).toBe(before.voided.count + 1);
          expect(after.kept.count + after.voided.count).toBe(d.transactions.length);
        },
      ),
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(
        day.chain((d) =>
          fc
            .shuffledSubarray([...d.transactions], { minLength: d.transactions.length })
            .map((s) => [d, s] as const),
        ),
        ([d, shuffled]) => {
          expect(reconcile({ ...d, transactions: shuffled })).toEqual(reconcile(d));
        },
      ),
    );
  });
});
