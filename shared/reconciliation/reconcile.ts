import { lateVoidRefund } from './late-refund';
import type {
  DayInput,
  DayTransaction,
  OperatorTotals,
  Reconciliation,
  ServiceTotals,
  Totals,
} from './types';

const ZERO: Totals = { count: 0, municipal: 0, office: 0, total: 0, cash: 0, card: 0, changeGiven: 0 };

function add(totals: Totals, t: DayTransaction): Totals {
  let cash = 0;
  let card = 0;
  let changeGiven = 0;
  for (const p of t.payments) {
    if (p.method === 'cash') {
      cash += p.amount;
      changeGiven += p.change;
    } else card += p.amount;
  }
  return {
    count: totals.count + 1,
    municipal: totals.municipal + t.municipalTotal,
    office: totals.office + t.officeTotal,
    total: totals.total + t.total,
    cash: totals.cash + cash,
    card: totals.card + card,
    changeGiven: totals.changeGiven + changeGiven,
  };
}

interface Group<K> {
  readonly key: K;
  kept: Totals;
  voidedCount: number;
  voidedTotal: number;
}

function grouped<K>(
  transactions: readonly DayTransaction[],
  keyOf: (t: DayTransaction) => string,
  describe: (t: DayTransaction) => K,
): Group<K>[] {
  const groups = new Map<string, Group<K>>();
  for (const t of transactions) {
    const id = keyOf(t);
    let group = groups.get(id);
    if (!group) {
      group = { key: describe(t), kept: ZERO, voidedCount: 0, voidedTotal: 0 };
      groups.set(id, group);
    }
    if (t.voided) {
      group.voidedCount += 1;
      group.voidedTotal += t.total;
    } else group.kept = add(group.kept, t);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/**
 * The day's books from its lines alone: totals of the money kept, per payment method, operator and
 * service; voids shown apart and left out of what the drawer should hold; and the expected cash and
 * card totals the manager's count and the POS settlement slip are compared against.
 */
export function reconcile(day: DayInput): Reconciliation {
  let kept = ZERO;
  let voided = ZERO;
  let cancellations = { count: 0, total: 0 };
  let cashPayments = 0;
  let cardPayments = 0;
  for (const t of day.transactions) {
    if (t.voided) {
      voided = add(voided, t);
      continue;
    }
    kept = add(kept, t);
    if (t.cancellationRequested)
      cancellations = { count: cancellations.count + 1, total: cancellations.total + t.total };
    for (const p of t.payments) {
      if (p.method === 'cash') cashPayments += 1;
      else cardPayments += 1;
    }
  }

  const movements = { count: day.movements.length, in: 0, out: 0 };
  for (const m of day.movements) {
    if (m.direction === 'in') movements.in += m.amount;
    else movements.out += m.amount;
  }
  // Booked by how the refund is paid, not how the sale was (lateVoidRefund: from the drawer); one
  // paid another way (a bank transfer) shows as a cash surplus of exactly its amount, for the
  // manager's note. `card` stays in the books (and the settlement's rules) for days closed before.
  const lateVoids = { count: day.lateVoids.length, cash: 0, card: 0, total: 0 };
  for (const v of day.lateVoids) {
    const refund = lateVoidRefund(v);
    lateVoids.cash += refund.cash;
    lateVoids.card += refund.card;
    lateVoids.total += v.total;
  }

  const byOperator: OperatorTotals[] = grouped(
    day.transactions,
    (t) => String(t.operatorId).padStart(12, '0'),
    (t) => ({ operatorId: t.operatorId, operatorName: t.operatorName }),
  ).map((g) => ({ ...g.key, ...g.kept, voidedCount: g.voidedCount, voidedTotal: g.voidedTotal }));
  const byService: ServiceTotals[] = grouped(
    day.transactions,
    (t) => t.serviceCode,
    (t) => ({ serviceCode: t.serviceCode, serviceName: t.serviceName }),
  ).map((g) => ({ ...g.key, ...g.kept, voidedCount: g.voidedCount, voidedTotal: g.voidedTotal }));

  return {
    openingFloat: day.openingFloat,
    kept,
    voided,
    cancellationsRequested: cancellations,
    byMethod: {
      cash: { payments: cashPayments, amount: kept.cash, changeGiven: kept.changeGiven },
      card: { payments: cardPayments, amount: kept.card },
    },
    byOperator,
    byService,
    movements,
    lateVoids,
    expectedCash: day.openingFloat + kept.cash + movements.in - movements.out - lateVoids.cash,
    expectedCard: kept.card - lateVoids.card,
  };
}
