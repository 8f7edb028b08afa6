import { lateVoidRefund } from '../../../shared/reconciliation';
import type { GroupTotals, RangeReport } from '../../../shared/reports';
import { allPendingLateVoids } from '../day/queries';
import { prepared } from '../db/open';
import type { Core } from '../core';

const GROUP_SUMS = `sum(count) AS count, sum(municipal) AS municipal, sum(office) AS office, sum(total) AS total,
  sum(voided_count) AS voidedCount, sum(voided_total) AS voidedTotal,
  sum(refund_count) AS refundCount, sum(refund_total) AS refundTotal,
  sum(refund_municipal) AS refundMunicipal, sum(refund_office) AS refundOffice`;

/**
 * Sales voided after their day closed, with the date of the drawer that refunded them: the day whose
 * close took them (late_voids), or for those no close has taken yet (`:pending`, a JSON array of
 * `[transaction id, business date]`), the business date they were made on, whose close will take
 * them. Only a few rows: voids of a day already closed. `booked_by_sale`: the close that took it
 * booked its refunds by how each sale was paid, card apart (one signed before they were booked as
 * drawer cash, lateVoidRefund); its books stay as signed.
 */
const LATE = `late AS (
  SELECT t.id, t.business_date AS sale_date, r.refund_date, r.booked_by_sale, t.service_code, t.service_name_fa,
         t.service_name_en, t.operator_user_id, t.municipal_total, t.office_total, t.total,
         t.status = 'voided' AS still_voided
    FROM (SELECT l.transaction_id AS id, d.business_date AS refund_date,
                 coalesce(json_extract(d.settlement, '$.reconciliation.lateVoids.card'), 0) > 0 AS booked_by_sale
            FROM late_voids l JOIN business_days d ON d.id = l.day_id
          UNION ALL
          SELECT value ->> 0, value ->> 1, 0 FROM json_each(:pending)) r
    -- CROSS JOIN keeps the few late voids as the outer loop: the planner would otherwise walk the
    -- range's transactions by date and probe them (0.7 s on a year of 365,000, bench year-report).
    CROSS JOIN transactions t ON t.id = r.id)`;

/**
 * The per-day totals kept as lines are written (migration 0005) count a voided sale as voided on its
 * own date. A void after that date's close is booked as the close booked it instead: the sale kept
 * on its date, its refund on the date of the drawer that paid it.
 */
const GROUPS = `WITH ${LATE}, groups AS (
  SELECT business_date, service_code, operator_user_id, service_name_fa, service_name_en, count, municipal, office,
         total, voided_count, voided_total, 0 AS refund_count, 0 AS refund_total, 0 AS refund_municipal,
         0 AS refund_office
    FROM report_day_groups WHERE business_date BETWEEN :from AND :to
  UNION ALL
  SELECT sale_date, service_code, operator_user_id, service_name_fa, service_name_en, 1, municipal_total, office_total,
         total, -1, -total, 0, 0, 0, 0
    FROM late WHERE still_voided AND sale_date BETWEEN :from AND :to
  UNION ALL
  -- The refund gives back the sale's municipal share and office fee, each apart.
  SELECT refund_date, service_code, operator_user_id, service_name_fa, service_name_en, 0, 0, 0, 0, 0, 0, 1, total,
         municipal_total, office_total
    FROM late WHERE refund_date BETWEEN :from AND :to)`;

/** The range's payments by method, as for the groups: a sale voided after its close kept on its date. */
const METHOD_PAYMENTS = `WITH ${LATE}, methods AS (
  SELECT method, payments, amount, change_given
    FROM report_day_methods WHERE business_date BETWEEN :from AND :to
  UNION ALL
  SELECT p.method, 1, p.amount, p.change_given FROM late CROSS JOIN payments p ON p.transaction_id = late.id
   WHERE late.still_voided AND late.sale_date BETWEEN :from AND :to)
  SELECT method, sum(payments) AS payments, sum(amount) AS amount, sum(change_given) AS changeGiven
    FROM methods GROUP BY method`;

/** The refunds paid in the range, each with how its sale was paid. */
const REFUNDS = `WITH ${LATE}
  SELECT max(late.booked_by_sale) AS bookedBySale,
         coalesce(sum(p.amount) FILTER (WHERE p.method = 'cash'), 0) AS cash,
         coalesce(sum(p.amount) FILTER (WHERE p.method = 'card'), 0) AS card
    FROM late LEFT JOIN payments p ON p.transaction_id = late.id
   WHERE late.refund_date BETWEEN :from AND :to
   GROUP BY late.id`;

type Method = RangeReport['byMethod'][number]['method'];
const METHODS: readonly Method[] = ['cash', 'card'];

/**
 * The range's payment methods: what each took, and what each paid back for earlier days' sales as
 * the days' reconciliations book it (lateVoidRefund: from the drawer, a card sale's too), so the
 * column adds up with the day sheets; a day closed before that keeps the card refunds it signed.
 */
function byMethod(core: Core, params: Record<string, string>): RangeReport['byMethod'] {
  const taken = prepared(core.db, METHOD_PAYMENTS).all(params) as {
    method: Method;
    payments: number;
    amount: number;
    changeGiven: number;
  }[];
  const paidBack = new Map<Method, { refunds: number; refunded: number }>();
  const refunds = prepared(core.db, REFUNDS).all(params) as {
    bookedBySale: number;
    cash: number;
    card: number;
  }[];
  for (const r of refunds) {
    const paid = r.bookedBySale ? { cash: r.cash, card: r.card } : lateVoidRefund(r);
    for (const method of METHODS) {
      if (paid[method] <= 0) continue;
      const sum = paidBack.get(method) ?? { refunds: 0, refunded: 0 };
      paidBack.set(method, { refunds: sum.refunds + 1, refunded: sum.refunded + paid[method] });
    }
  }
  return METHODS.map((method) => ({
    method,
    payments: 0,
    amount: 0,
    changeGiven: 0,
    ...taken.find((m) => m.method === method),
    refunds: 0,
    refunded: 0,
    ...paidBack.get(method),
  })).filter((m) => m.payments > 0 || m.refunds > 0);
}

/**
 * Totals over a range of business dates (both included) by day, service, operator and payment
 * method, as the days' closes booked them (see `GroupTotals`): voided transactions apart, never in
 * the money kept, and earlier days' sales refunded in the range beside them. Read from the per-day
 * totals the database keeps as lines are written (migration 0005) and the few late voids: a year
 * is a few thousand rows.
 */
export function rangeReport(core: Core, from: string, to: string): RangeReport {
  const office = core.office();
  const params = {
    from,
    to,
    pending: JSON.stringify(
      office
        ? allPendingLateVoids(core, office.terminalNumber).map((v) => [v.transactionId, v.businessDate])
        : [],
    ),
  };
  const byDay = prepared(
    core.db,
    `${GROUPS} SELECT business_date AS date, ${GROUP_SUMS} FROM groups GROUP BY business_date ORDER BY business_date`,
  ).all(params) as (GroupTotals & { date: string })[];
  const services = prepared(
    core.db,
    `${GROUPS} SELECT service_code AS serviceCode, max(service_name_fa) AS fa, max(service_name_en) AS en, ${GROUP_SUMS}
       FROM groups GROUP BY service_code ORDER BY total DESC, service_code`,
  ).all(params) as (GroupTotals & { serviceCode: string; fa: string; en: string })[];
  const operators = prepared(
    core.db,
    `${GROUPS} SELECT t.operatorId, u.full_name AS operatorName, t.count, t.municipal, t.office, t.total,
            t.voidedCount, t.voidedTotal, t.refundCount, t.refundTotal, t.refundMunicipal, t.refundOffice
       FROM (SELECT operator_user_id AS operatorId, ${GROUP_SUMS} FROM groups GROUP BY operator_user_id) t
       JOIN users u ON u.id = t.operatorId ORDER BY t.total DESC, u.full_name`,
  ).all(params) as (GroupTotals & { operatorId: number; operatorName: string })[];

  const totals: GroupTotals = {
    count: 0,
    municipal: 0,
    office: 0,
    total: 0,
    voidedCount: 0,
    voidedTotal: 0,
    refundCount: 0,
    refundTotal: 0,
    refundMunicipal: 0,
    refundOffice: 0,
  };
  for (const d of byDay)
    for (const key of Object.keys(totals) as (keyof GroupTotals)[]) totals[key] += d[key];
  return {
    from,
    to,
    totals,
    byDay,
    byService: services.map(({ fa, en, ...s }) => ({ ...s, serviceName: { fa, en } })),
    byOperator: operators,
    byMethod: byMethod(core, params),
  };
}
