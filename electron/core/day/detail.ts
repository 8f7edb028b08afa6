import { createHash } from 'node:crypto';
import type { DayDetail } from '../../../shared/ipc/calls/manager';
import {
  reconcile,
  reconciliationSchema,
  type LateVoid,
  type Reconciliation,
} from '../../../shared/reconciliation';
import { outboxDelivery } from '../sync/outbox-delivery';
import { prepared } from '../db/open';
import type { Core } from '../core';
import {
  attributedLateVoids,
  dayInput,
  daySummary,
  requireDay,
  unacknowledgedCount,
  type DayRow,
} from './queries';

/**
 * The day's books (recomputed from the lines while open, as signed once closed) and the earlier
 * days' voids whose refunds they take: those this day took at its close, or while it is open, those
 * it would take if it closed now.
 */
function dayBooks(
  core: Core,
  day: DayRow,
): { reconciliation: Reconciliation; lateVoids: readonly LateVoid[] } {
  if (day.state === 'closed' && day.settlement !== null) {
    const stored = JSON.parse(day.settlement) as { reconciliation: unknown };
    return {
      reconciliation: reconciliationSchema.parse(stored.reconciliation),
      lateVoids: attributedLateVoids(core, day.id),
    };
  }
  const input = dayInput(core, day);
  return { reconciliation: reconcile(input), lateVoids: input.lateVoids };
}

/** The day's books: recomputed from the lines while open, as signed once closed. */
export function dayReconciliation(core: Core, day: DayRow): Reconciliation {
  return dayBooks(core, day).reconciliation;
}

export function fingerprintOf(reconciliation: Reconciliation, movements: number): string {
  return createHash('sha256')
    .update(JSON.stringify([reconciliation, movements]))
    .digest('hex')
    .slice(0, 32);
}

type SettlementState = NonNullable<DayDetail['closing']>['settlement'];

/**
 * The settlement report's outbox row as the day's screen says it: a report the municipality refused
 * is not "queued", it waits for the manager on the Sync screen with the refusal's reason.
 */
function settlementOf(row: { state: string; last_error: string | null } | undefined): SettlementState {
  return row ? outboxDelivery(row) : { state: 'pending', reason: null };
}

export function dayDetail(core: Core, dayId: string): DayDetail {
  const day = requireDay(core, dayId);
  const { reconciliation, lateVoids } = dayBooks(core, day);
  const movements = prepared(
    core.db,
    `SELECT m.direction, m.amount, m.reason, m.note, u.username AS by_name, m.at
       FROM cash_movements m JOIN users u ON u.id = m.user_id WHERE m.day_id = ? ORDER BY m.id`,
  ).all(day.id) as {
    direction: 'in' | 'out';
    amount: number;
    reason: DayDetail['movements'][number]['reason'];
    note: string;
    by_name: string;
    at: number;
  }[];
  // The late ones are exactly those the reconciliation counts.
  const late = JSON.stringify(lateVoids.map((v) => v.transactionId));
  const voids = prepared(
    core.db,
    `SELECT t.tracking_code, t.total, v.reason, 0 AS late FROM voids v JOIN transactions t ON t.id = v.transaction_id
      WHERE t.business_date = ? AND v.kind = 'void' AND (? IS NULL OR v.id <= ?)
     UNION ALL
     SELECT t.tracking_code, t.total, v.reason, 1 AS late FROM json_each(?) l
       JOIN voids v ON v.transaction_id = l.value JOIN transactions t ON t.id = l.value
      WHERE v.kind = 'void'`,
  ).all(day.business_date, day.voids_through, day.voids_through, late) as {
    tracking_code: string;
    total: number;
    reason: string;
    late: number;
  }[];
  const transactions = (
    prepared(core.db, 'SELECT count(*) AS n FROM transactions WHERE business_date = ?').get(
      day.business_date,
    ) as {
      n: number;
    }
  ).n;
  const outbox =
    day.state === 'closed'
      ? (prepared(
          core.db,
          "SELECT state, last_error FROM outbox WHERE kind = 'day_settlement' AND entity_id = ?",
        ).get(day.id) as { state: string; last_error: string | null } | undefined)
      : undefined;
  return {
    day: daySummary(core, day.id),
    reconciliation,
    movements: movements.map((m) => ({
      direction: m.direction,
      amount: m.amount,
      reason: m.reason,
      note: m.note,
      by: m.by_name,
      at: m.at,
    })),
    voids: voids.map((v) => ({
      trackingCode: v.tracking_code,
      total: v.total,
      reason: v.reason,
      late: v.late === 1,
    })),
    unacknowledged: unacknowledgedCount(core, day.business_date),
    transactions,
    fingerprint: fingerprintOf(reconciliation, movements.length),
    closing:
      day.state === 'closed'
        ? {
            countedCash: day.counted_cash ?? 0,
            cardSlipTotal: day.card_slip_total ?? 0,
            cashDifference: day.cash_difference ?? 0,
            cardDifference: day.card_difference ?? 0,
            cashNote: day.cash_note,
            cardNote: day.card_note,
            settlement: settlementOf(outbox),
          }
        : null,
  };
}
