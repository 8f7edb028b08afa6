import type { DaySummary } from '../../../shared/ipc/calls/manager';
import type { CashMovement, DayInput, DayTransaction, LateVoid } from '../../../shared/reconciliation';
import { AppError } from '../../../shared/result';
import { prepared } from '../db/open';
import type { Core } from '../core';
import { businessDateFor } from './business-date';

export interface DayRow {
  id: string;
  terminal_number: number;
  business_date: string;
  state: 'open' | 'closed';
  opening_float: number;
  opened_by: number;
  opened_at: number;
  closed_by: number | null;
  closed_at: number | null;
  counted_cash: number | null;
  card_slip_total: number | null;
  expected_cash: number | null;
  expected_card: number | null;
  cash_difference: number | null;
  card_difference: number | null;
  cash_note: string | null;
  card_note: string | null;
  voids_through: number | null;
  settlement: string | null;
}

const SUMMARY_SQL = `SELECT d.*, o.username AS opened_by_name, c.username AS closed_by_name
  FROM business_days d JOIN users o ON o.id = d.opened_by LEFT JOIN users c ON c.id = d.closed_by`;

type SummaryRow = DayRow & { opened_by_name: string; closed_by_name: string | null };

function toSummary(row: SummaryRow): DaySummary {
  return {
    id: row.id,
    terminalNumber: row.terminal_number,
    businessDate: row.business_date,
    state: row.state,
    openingFloat: row.opening_float,
    openedAt: row.opened_at,
    openedBy: row.opened_by_name,
    closedAt: row.closed_at,
    closedBy: row.closed_by_name,
  };
}

export function findDay(core: Core, id: string): DayRow | null {
  return (
    (prepared(core.db, 'SELECT * FROM business_days WHERE id = ?').get(id) as DayRow | undefined) ?? null
  );
}

export function requireDay(core: Core, id: string): DayRow {
  const day = findDay(core, id);
  if (!day) throw new AppError('day_not_found');
  return day;
}

export function daySummary(core: Core, id: string): DaySummary {
  const row = prepared(core.db, `${SUMMARY_SQL} WHERE d.id = ?`).get(id) as SummaryRow | undefined;
  if (!row) throw new AppError('day_not_found');
  return toSummary(row);
}

/**
 * Every open day (each still has to be closed, however many there are and however old), newest
 * first, then the `closedLimit` most recent closed ones. Both read the state index.
 */
export function recentDays(core: Core, terminalNumber: number, closedLimit: number): DaySummary[] {
  const open = prepared(
    core.db,
    `${SUMMARY_SQL} WHERE d.terminal_number = ? AND d.state = 'open' ORDER BY d.business_date DESC`,
  ).all(terminalNumber) as SummaryRow[];
  const closed = prepared(
    core.db,
    `${SUMMARY_SQL} WHERE d.terminal_number = ? AND d.state = 'closed' ORDER BY d.business_date DESC LIMIT ?`,
  ).all(terminalNumber, closedLimit) as SummaryRow[];
  return [...open, ...closed].map(toSummary);
}

/**
 * Every date with sales, or refunds of earlier days' sales paid on it, but no business day opened
 * (the manager must open them to close them), newest first: however long ago, since a day left
 * unclosed never goes away by itself. The dates are walked through the business-date indexes of
 * transactions and voids, one seek per date (a few hundred a year), not by reading every row; only
 * a date no day was opened for is looked at further.
 */
export function unopenedDates(core: Core, terminalNumber: number): string[] {
  const rows = prepared(
    core.db,
    `WITH RECURSIVE
       sale_dates(date) AS (
         SELECT min(business_date) FROM transactions
         UNION ALL
         SELECT (SELECT min(business_date) FROM transactions WHERE business_date > date)
           FROM sale_dates WHERE date IS NOT NULL),
       void_dates(date) AS (
         SELECT min(business_date) FROM voids
         UNION ALL
         SELECT (SELECT min(business_date) FROM voids WHERE business_date > date)
           FROM void_dates WHERE date IS NOT NULL)
     SELECT date FROM sale_dates s WHERE date IS NOT NULL AND ${notOpened('s')}
     UNION
     SELECT date FROM void_dates w WHERE date IS NOT NULL AND ${notOpened('w')}
       AND EXISTS (SELECT 1 ${LATE_VOIDS} WHERE v.business_date = w.date AND ${NOT_TAKEN})
     ORDER BY date DESC`,
  ).all({ terminal: terminalNumber }) as { date: string }[];
  return rows.map((r) => r.date);
}

/** No business day of this terminal was opened on the date of the row `alias`. */
function notOpened(alias: string): string {
  return `NOT EXISTS (SELECT 1 FROM business_days o
    WHERE o.terminal_number = :terminal AND o.business_date = ${alias}.date)`;
}

interface TxRow {
  id: string;
  service_code: string;
  service_name_fa: string;
  service_name_en: string;
  operator_user_id: number;
  operator_name: string;
  municipal_total: number;
  office_total: number;
  total: number;
  status: string;
}

interface PaymentRow {
  transaction_id: string;
  method: 'cash' | 'card';
  amount: number;
  change_given: number;
}

/** Everything the reconciliation of one day needs, read from its lines. */
export function dayInput(core: Core, day: DayRow): DayInput {
  const txs = prepared(
    core.db,
    `SELECT t.id, t.service_code, t.service_name_fa, t.service_name_en, t.operator_user_id,
            u.full_name AS operator_name, t.municipal_total, t.office_total, t.total, t.status
       FROM transactions t JOIN users u ON u.id = t.operator_user_id
      WHERE t.business_date = ? ORDER BY t.sequence`,
  ).all(day.business_date) as TxRow[];
  const payments = new Map<string, PaymentRow[]>();
  for (const p of prepared(
    core.db,
    `SELECT p.transaction_id, p.method, p.amount, p.change_given FROM payments p
       JOIN transactions t ON t.id = p.transaction_id WHERE t.business_date = ? ORDER BY p.id`,
  ).all(day.business_date) as PaymentRow[]) {
    const list = payments.get(p.transaction_id);
    if (list) list.push(p);
    else payments.set(p.transaction_id, [p]);
  }
  const transactions: DayTransaction[] = txs.map((t) => ({
    id: t.id,
    serviceCode: t.service_code,
    serviceName: { fa: t.service_name_fa, en: t.service_name_en },
    operatorId: t.operator_user_id,
    operatorName: t.operator_name,
    municipalTotal: t.municipal_total,
    officeTotal: t.office_total,
    total: t.total,
    payments: (payments.get(t.id) ?? []).map((p) => ({
      method: p.method,
      amount: p.amount,
      change: p.change_given,
    })),
    voided: t.status === 'voided',
    cancellationRequested: t.status === 'cancellation_requested',
  }));
  const movements = prepared(
    core.db,
    'SELECT direction, amount, reason FROM cash_movements WHERE day_id = ? ORDER BY id',
  ).all(day.id) as CashMovement[];
  return {
    openingFloat: day.opening_float,
    transactions,
    movements,
    lateVoids:
      day.state === 'open'
        ? pendingLateVoids(core, day.terminal_number, day.business_date)
        : attributedLateVoids(core, day.id),
  };
}

const LATE_VOID_SUMS = `SELECT v.transaction_id AS transactionId,
    coalesce(sum(CASE WHEN p.method = 'cash' THEN p.amount END), 0) AS cash,
    coalesce(sum(CASE WHEN p.method = 'card' THEN p.amount END), 0) AS card,
    t.total AS total`;
const LATE_VOID_AMOUNTS = `${LATE_VOID_SUMS}
  FROM voids v JOIN transactions t ON t.id = v.transaction_id
  LEFT JOIN payments p ON p.transaction_id = v.transaction_id`;

/**
 * A late void is the void of a sale whose day was already closed when it was made (v.id beyond
 * that day's `voids_through`): its refund left the drawer of the business day it was made on, so
 * only that day's close takes it. The municipality's feed brings voids with the date this counter
 * recorded them on (sync/pull.ts); one it brought before that was done has no date: it counts on
 * the business date being worked now (`:current`).
 */
const LATE_VOIDS = `FROM voids v
     CROSS JOIN transactions t ON t.id = v.transaction_id
     CROSS JOIN business_days d
       ON d.business_date = t.business_date AND d.terminal_number = :terminal AND d.state = 'closed'`;
const NOT_TAKEN = `v.kind = 'void' AND v.id > d.voids_through
       AND NOT EXISTS (SELECT 1 FROM late_voids l WHERE l.transaction_id = v.transaction_id)`;

/**
 * The late voids made on `businessDate` not taken by a close yet: their refunds left the drawer of
 * that day, and its close takes them. Only that date's voids are read (voids_business_date).
 */
export function pendingLateVoids(core: Core, terminalNumber: number, businessDate: string): LateVoid[] {
  // CROSS JOIN keeps the voids as the outer loop: the planner otherwise started from the closed
  // days and walked every transaction of each (0.36 s on a year of closed days, 0.6 s on three:
  // bench day-view, day-close, year-report).
  return prepared(
    core.db,
    `${LATE_VOID_SUMS} ${LATE_VOIDS} LEFT JOIN payments p ON p.transaction_id = v.transaction_id
     WHERE (v.business_date = :date OR (v.business_date IS NULL AND :date = :current)) AND ${NOT_TAKEN}
     GROUP BY v.transaction_id ORDER BY v.at`,
  ).all({
    terminal: terminalNumber,
    date: businessDate,
    current: businessDateFor(core, core.now()),
  }) as LateVoid[];
}

/**
 * Every late void no close has taken yet, with the business date whose close will take it. Only
 * voids dated on a day not closed can be waiting (a close takes its date's late voids, and no void
 * is dated on a closed day after it): the rest are passed over before their sale is looked up, which
 * on years of voids was most of a report's time (bench year-report, 36 → 71 ms when all were).
 */
export function allPendingLateVoids(
  core: Core,
  terminalNumber: number,
): { transactionId: string; businessDate: string }[] {
  return prepared(
    core.db,
    `SELECT v.transaction_id AS transactionId, coalesce(v.business_date, :current) AS businessDate
     ${LATE_VOIDS}
     WHERE (v.business_date IS NULL OR NOT EXISTS (SELECT 1 FROM business_days c
              WHERE c.business_date = v.business_date AND c.terminal_number = :terminal AND c.state = 'closed'))
       AND ${NOT_TAKEN} ORDER BY v.at`,
  ).all({ terminal: terminalNumber, current: businessDateFor(core, core.now()) }) as {
    transactionId: string;
    businessDate: string;
  }[];
}

export function attributedLateVoids(core: Core, dayId: string): LateVoid[] {
  return prepared(
    core.db,
    `${LATE_VOID_AMOUNTS} JOIN late_voids l ON l.transaction_id = v.transaction_id
     WHERE l.day_id = ? GROUP BY v.transaction_id ORDER BY v.at`,
  ).all(dayId) as LateVoid[];
}

/** The day's transactions still waiting for the municipality's acknowledgement. */
export function unacknowledgedCount(core: Core, businessDate: string): number {
  const row = prepared(
    core.db,
    `SELECT count(*) AS n FROM transactions t JOIN outbox o ON o.id = t.id
      WHERE t.business_date = ? AND o.kind = 'transaction' AND o.state != 'delivered'`,
  ).get(businessDate) as { n: number };
  return row.n;
}
