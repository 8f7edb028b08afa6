import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MANAGER, setUpOffice, startCore, managerApproval } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { sell } from './support';

const SERVICES = ['property-renewal-dues', 'waste-fee', 'vehicle-dues', 'business-dues'] as const;

const step = fc.oneof(
  fc.record({
    kind: fc.constant('sale' as const),
    service: fc.constantFrom(...SERVICES),
    how: fc.constantFrom('cash' as const, 'card' as const, 'split' as const),
    change: fc.integer({ min: 0, max: 900_000 }),
  }),
  fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('movement' as const),
    direction: fc.constantFrom('in' as const, 'out' as const),
    amount: fc.integer({ min: 1, max: 3_000_000 }),
  }),
);

describe('a business day run through the real core, for any sequence of sales, voids and movements', () => {
  const tempDir = useTempDirs();

  it('reconciles to the sums of what was done, and closes with zero difference on an exact count', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(step, { minLength: 1, maxLength: 10 }),
        async (float, steps) => {
          const t = startCore(tempDir());
          await setUpOffice(t);
          const overview = await t.call('day.overview', {});
          if (!overview.ok) throw new Error(overview.error.code);
          const opened = await t.call('day.open', {
            businessDate: overview.value.businessDate,
            openingFloat: String(float),
          });
          if (!opened.ok) throw new Error(opened.error.code);
          const sales: { id: string; total: number; cash: number; card: number; voided: boolean }[] = [];
          let drawer = float;
          let moved = 0;
          for (const s of steps) {
            if (s.kind === 'sale') {
              const sale = await sell(t, s.service, s.how, { change: s.change });
              sales.push({ ...sale, voided: false });
              drawer += sale.cash;
            } else if (s.kind === 'void') {
              const open = sales.filter((x) => !x.voided);
              const target = open[s.pick % Math.max(1, open.length)];
              if (!target) continue;
              const r = await t.call('transactions.void', {
                id: target.id,
                ...managerApproval('آزمون ابطال'),
              });
              expect(r.ok).toBe(true);
              target.voided = true;
              drawer -= target.cash;
            } else {
              const r = await t.call('day.recordMovement', {
                dayId: opened.value.id,
                direction: s.direction,
                amount: String(s.amount),
                reason: 'other',
                note: 'آزمون',
              });
              // Taking out more than the drawer holds is refused, and then changes nothing.
              if (s.direction === 'out' && s.amount > drawer) {
                expect(r).toMatchObject({ ok: false, error: { code: 'movement_exceeds_drawer' } });
                continue;
              }
              expect(r.ok).toBe(true);
              drawer += s.direction === 'in' ? s.amount : -s.amount;
              moved += 1;
            }
          }
          const detail = await t.call('day.detail', { dayId: opened.value.id });
          if (!detail.ok) throw new Error(detail.error.code);
          const r = detail.value.reconciliation;
          const kept = sales.filter((x) => !x.voided);
          expect(r.kept.count).toBe(kept.length);
          expect(r.kept.total).toBe(kept.reduce((a, x) => a + x.total, 0));
          expect(r.voided.count).toBe(sales.length - kept.length);
          expect(r.expectedCash).toBe(drawer);
          expect(r.expectedCard).toBe(kept.reduce((a, x) => a + x.card, 0));
          expect(r.movements.count).toBe(moved);
          // A void can refund more cash than is left after money was taken out: the drawer cannot
          // hold less than nothing, so the count is 0 and the shortfall is a difference with a note.
          const counted = Math.max(0, drawer);
          const closed = await t.call('day.close', {
            dayId: opened.value.id,
            fingerprint: detail.value.fingerprint,
            countedCash: String(counted),
            cardSlipTotal: String(r.expectedCard),
            cashNote: counted === drawer ? '' : 'بازپرداخت ابطال از پول خارج از صندوق',
            cardNote: '',
            password: MANAGER.password,
          });
          expect(closed).toMatchObject({
            ok: true,
            value: { closing: { cashDifference: counted - drawer, cardDifference: 0 } },
          });
          await t.close();
        },
      ),
      {
        numRuns: 12,
        examples: [
          [
            0,
            [
              { kind: 'sale', service: 'property-renewal-dues', how: 'cash', change: 0 },
              { kind: 'movement', direction: 'out', amount: 1 },
              { kind: 'void', pick: 0 },
            ],
          ],
        ],
      },
    );
  }, 120_000);
});
