import type { GroupTotals, RangeReport } from '../../../shared/reports';
import { prepared } from '../db/open';
import type { Core } from '../core';

const GROUP_SUMS = `sum(count) AS count, sum(municipal) AS municipal, sum(office) AS office, sum(total) AS total,
  sum(voided_count) AS voidedCount, sum(voided_total) AS voidedTotal`;

type Sums = GroupTotals;

/**
 * Totals over a range of business dates (both included) by day, service, operator and payment
 * method. Voided transactions are counted apart, never in the money kept. Read from the per-day
 * totals the database keeps as lines are written (migration 0005): a year is a few thousand rows.
 */
export function rangeReport(core: Core, from: string, to: string): RangeReport {
  const byDay = prepared(
    core.db,
    `SELECT business_date AS date, ${GROUP_SUMS} FROM report_day_groups
      WHERE business_date BETWEEN ? AND ? GROUP BY business_date ORDER BY business_date`,
  ).all(from, to) as (Sums & { date: string })[];
  const services = prepared(
    core.db,
    `SELECT service_code AS serviceCode, max(service_name_fa) AS fa, max(service_name_en) AS en, ${GROUP_SUMS}
       FROM report_day_groups WHERE business_date BETWEEN ? AND ? GROUP BY service_code ORDER BY total DESC, service_code`,
  ).all(from, to) as (Sums & { serviceCode: string; fa: string; en: string })[];
  const operators = prepared(
    core.db,
    `SELECT t.operatorId, u.full_name AS operatorName, t.count, t.municipal, t.office, t.total, t.voidedCount, t.voidedTotal
       FROM (SELECT operator_user_id AS operatorId, ${GROUP_SUMS} FROM report_day_groups
              WHERE business_date BETWEEN ? AND ? GROUP BY operator_user_id) t
       JOIN users u ON u.id = t.operatorId ORDER BY t.total DESC, u.full_name`,
  ).all(from, to) as (Sums & { operatorId: number; operatorName: string })[];
  const byMethod = prepared(
    core.db,
    `SELECT method, sum(payments) AS payments, sum(amount) AS amount, sum(change_given) AS changeGiven
       FROM report_day_methods WHERE business_date BETWEEN ? AND ?
      GROUP BY method HAVING sum(payments) > 0 ORDER BY method DESC`,
  ).all(from, to) as RangeReport['byMethod'][number][];

  const totals: GroupTotals = { count: 0, municipal: 0, office: 0, total: 0, voidedCount: 0, voidedTotal: 0 };
  for (const d of byDay) {
    totals.count += d.count;
    totals.municipal += d.municipal;
    totals.office += d.office;
    totals.total += d.total;
    totals.voidedCount += d.voidedCount;
    totals.voidedTotal += d.voidedTotal;
  }
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
