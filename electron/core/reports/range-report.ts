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
 * them. Only a few rows: voids of a day already closed.
 */
const LATE = `late AS (
  SELECT t.id, t.business_date AS sale_date, r.refund_date, t.service_code, t.service_name_fa, t.service_name_en,
         t.operator_user_id, t.municipal_total, t.office_total, t.total, t.status = 'voided' AS still_voided
    FROM (SELECT l.transaction_id AS id, d.business_date AS refund_date
            FROM late_voids l JOIN business_days d ON d.id = l.day_id
          UNION ALL
          SELECT value ->> 0, value ->> 1 FROM json_each(:pending)) r
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

const METHODS = `WITH ${LATE}, methods AS (
  SELECT method, payments, amount, change_given, 0 AS refunds, 0 AS refunded
    FROM report_day_methods WHERE business_date BETWEEN :from AND :to
  UNION ALL
  SELECT p.method, 1, p.amount, p.change_given, 0, 0 FROM late CROSS JOIN payments p ON p.transaction_id = late.id
   WHERE late.still_voided AND late.sale_date BETWEEN :from AND :to
  UNION ALL
  SELECT p.method, 0, 0, 0, 1, p.amount FROM late CROSS JOIN payments p ON p.transaction_id = late.id
   WHERE late.refund_date BETWEEN :from AND :to)`;

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
  const byMethod = prepared(
    core.db,
    `${METHODS} SELECT method, sum(payments) AS payments, sum(amount) AS amount, sum(change_given) AS changeGiven,
            sum(refunds) AS refunds, sum(refunded) AS refunded
       FROM methods GROUP BY method HAVING sum(payments) > 0 OR sum(refunds) > 0 ORDER BY method DESC`,
  ).all(params) as RangeReport['byMethod'][number][];

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
    byMethod,
  };
}
