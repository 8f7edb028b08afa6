import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RIALS } from '../../../../shared/payments';
import {
  differences,
  reconcile,
  type DayInput,
  type DayTransaction,
} from '../../../../shared/reconciliation';
import {
  daySettlementBodySchema,
  settlementProblem,
  type DaySettlementBody,
} from '../../../../shared/sync/settlement';

const rials = fc.integer({ min: 0, max: 50_000_000 });

const transaction: fc.Arbitrary<DayTransaction> = fc
  .record({
    id: fc.uuid({ version: 4 }),
    service: fc.constantFrom('waste-fee', 'vehicle-dues', 'business-dues'),
    operatorId: fc.integer({ min: 1, max: 3 }),
    municipal: rials,
    office: fc.integer({ min: 0, max: 300_000 }),
    card: fc.boolean(),
    change: fc.integer({ min: 0, max: 2_000_000 }),
    voided: fc.boolean(),
  })
  .map((r) => {
    const total = r.municipal + r.office;
    return {
      id: r.id,
      serviceCode: r.service,
      serviceName: { fa: r.service, en: r.service },
      operatorId: r.operatorId,
      operatorName: `operator-${r.operatorId}`,
      municipalTotal: r.municipal,
      officeTotal: r.office,
      total,
      payments:
        total === 0
          ? []
          : [
              {
                method: r.card ? ('card' as const) : ('cash' as const),
                amount: total,
                change: r.card ? 0 : r.change,
              },
            ],
      voided: r.voided,
      cancellationRequested: false,
    };
  });

const day: fc.Arbitrary<DayInput> = fc.record({
  openingFloat: rials,
  transactions: fc.array(transaction, { maxLength: 30 }),
  movements: fc.array(
    fc.record({
      direction: fc.constantFrom('in' as const, 'out' as const),
      amount: fc.integer({ min: 1, max: 5_000_000 }),
      reason: fc.constant('petty_cash' as const),
    }),
    { maxLength: 4 },
  ),
  lateVoids: fc.array(
    fc
      .record({ transactionId: fc.uuid({ version: 4 }), cash: rials, card: rials })
      .map((v) => ({ ...v, total: v.cash + v.card })),
    { maxLength: 3 },
  ),
});

/** A settlement as electron/core/day/close.ts writes it, for a day and a count off by `off` Rials. */
function settlementOf(d: DayInput, off: { cash: number; card: number }): DaySettlementBody {
  const reconciliation = reconcile(d);
  const counted = {
    cash: Math.max(0, reconciliation.expectedCash + off.cash),
    cardSlip: Math.max(0, reconciliation.expectedCard + off.card),
  };
  const diff = differences(reconciliation, counted);
  return daySettlementBodySchema.parse({
    id: '4a3c1f0e-8b7d-4c2a-9e1f-0a1b2c3d4e5f',
    office: '1234',
    terminal: 2,
    businessDate: '2026-11-28',
    openedAt: 1_000,
    closedAt: 2_000,
    closedBy: 'manager',
    reconciliation,
    counted,
    differences: diff,
    notes: { cash: diff.cash !== 0 ? 'شمارش' : null, card: diff.card !== 0 ? 'رسید' : null },
    lateVoids: d.lateVoids.map((v) => v.transactionId),
    unacknowledgedAtClose: 0,
    auditHead: { seq: 7, hash: 'a'.repeat(64) },
  });
}

const off = fc.record({
  cash: fc.integer({ min: -100_000, max: 100_000 }),
  card: fc.integer({ min: -100_000, max: 100_000 }),
});

describe('the server’s check of a day settlement’s figures', () => {
  it('finds nothing wrong with any settlement the counter’s own reconciliation produces', () => {
    fc.assert(
      fc.property(day, off, (d, o) => {
        expect(settlementProblem(settlementOf(d, o))).toBeNull();
      }),
    );
  });

  it('takes a day the PC’s clock says closed before it opened (a clock put back during the day)', () => {
    const s = settlementOf(
      { openingFloat: 0, transactions: [], movements: [], lateVoids: [] },
      { cash: 0, card: 0 },
    );
    expect(settlementProblem({ ...s, closedAt: s.openedAt - 2 * 3_600_000 })).toBeNull();
  });

  it('takes a day whose real figures are above what one drawer count was capped at', () => {
    // Each sale may be up to MAX_RIALS (10^12): a day of a few such card payments is legal.
    const big = (id: string, method: 'cash' | 'card', total: number): DayTransaction => ({
      id,
      serviceCode: 'property-renewal-dues',
      serviceName: { fa: 'عوارض نوسازی', en: 'Property renewal dues' },
      operatorId: 1,
      operatorName: 'operator-1',
      municipalTotal: total - 100_000,
      officeTotal: 100_000,
      total,
      payments: [{ method, amount: total, change: 0 }],
      voided: false,
      cancellationRequested: false,
    });
    const s = settlementOf(
      {
        openingFloat: 0,
        transactions: [
          big('4a3c1f0e-8b7d-4c2a-9e1f-0a1b2c3d4e51', 'card', MAX_RIALS),
          big('4a3c1f0e-8b7d-4c2a-9e1f-0a1b2c3d4e52', 'cash', MAX_RIALS / 2),
        ],
        movements: [],
        lateVoids: [],
      },
      { cash: 0, card: 0 },
    );
    expect(s.counted).toEqual({ cash: MAX_RIALS / 2, cardSlip: MAX_RIALS });
    expect(settlementProblem(s)).toBeNull();
  });

  it('refuses expected cash that does not follow opening + cash kept + in − out − late voids’ cash', () => {
    fc.assert(
      fc.property(day, off, fc.integer({ min: 1, max: 1_000_000 }), (d, o, bend) => {
        const s = settlementOf(d, o);
        const bent = {
          ...s,
          reconciliation: { ...s.reconciliation, expectedCash: s.reconciliation.expectedCash + bend },
          differences: { ...s.differences, cash: s.differences.cash - bend },
          notes: { ...s.notes, cash: 'x' },
        };
        expect(settlementProblem(bent)).toBe('settlement_expected_cash_mismatch');
      }),
    );
  });

  it('refuses each kind of inconsistency with its own reason', () => {
    const d: DayInput = {
      openingFloat: 1_000_000,
      transactions: fc.sample(transaction, { numRuns: 6, seed: 7 }).map((t) => ({ ...t, voided: false })),
      movements: [{ direction: 'out', amount: 200_000, reason: 'bank_deposit' }],
      lateVoids: [],
    };
    const s = settlementOf(d, { cash: -50_000, card: 0 });
    const r = s.reconciliation;
    const cases: [string, DaySettlementBody][] = [
      [
        'settlement_totals_inconsistent',
        { ...s, reconciliation: { ...r, kept: { ...r.kept, office: r.kept.office + 1 } } },
      ],
      [
        'settlement_methods_inconsistent',
        {
          ...s,
          reconciliation: {
            ...r,
            byMethod: {
              ...r.byMethod,
              cash: { ...r.byMethod.cash, changeGiven: r.byMethod.cash.changeGiven + 1 },
            },
          },
        },
      ],
      [
        'settlement_operators_inconsistent',
        { ...s, reconciliation: { ...r, byOperator: r.byOperator.slice(1) } },
      ],
      [
        'settlement_services_inconsistent',
        { ...s, reconciliation: { ...r, byService: r.byService.slice(1) } },
      ],
      [
        'settlement_expected_card_mismatch',
        { ...s, reconciliation: { ...r, expectedCard: r.expectedCard + 1 } },
      ],
      ['settlement_difference_mismatch', { ...s, differences: { ...s.differences, cash: 0 } }],
      ['settlement_note_missing', { ...s, notes: { cash: '  ', card: null } }],
      ['settlement_late_voids_inconsistent', { ...s, lateVoids: ['9b2f3e4d-1c0a-4b8e-9f7d-6a5b4c3d2e1f'] }],
    ];
    expect(settlementProblem(s)).toBeNull();
    for (const [reason, bent] of cases) expect([reason, settlementProblem(bent)]).toEqual([reason, reason]);
  });

  it('refuses a malformed body by its schema: negative counts, a bad date, extra fields', () => {
    const s = settlementOf(
      { openingFloat: 0, transactions: [], movements: [], lateVoids: [] },
      { cash: 0, card: 0 },
    );
    expect(daySettlementBodySchema.safeParse(s).success).toBe(true);
    expect(daySettlementBodySchema.safeParse({ ...s, counted: { cash: -1, cardSlip: 0 } }).success).toBe(
      false,
    );
    expect(daySettlementBodySchema.safeParse({ ...s, businessDate: '1405/09/07' }).success).toBe(false);
    expect(daySettlementBodySchema.safeParse({ ...s, extra: true }).success).toBe(false);
  });
});
