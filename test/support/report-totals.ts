import type { Db } from '../../electron/core/db/open';
import type { RangeReport } from '../../shared/reports';

/** Sums over raw transaction rows, voided apart; the voided columns named as the caller reads them. */
function rawSums(voidedCount: string, voidedTotal: string): string {
  return `count(*) FILTER (WHERE status != 'voided') AS count,
    coalesce(sum(municipal_total) FILTER (WHERE status != 'voided'), 0) AS municipal,
    coalesce(sum(office_total) FILTER (WHERE status != 'voided'), 0) AS office,
    coalesce(sum(total) FILTER (WHERE status != 'voided'), 0) AS total,
    count(*) FILTER (WHERE status = 'voided') AS ${voidedCount},
    coalesce(sum(total) FILTER (WHERE status = 'voided'), 0) AS ${voidedTotal}`;
}

const RAW_SUMS = rawSums('voidedCount', 'voidedTotal');

/** The per-day report totals as the database keeps them (migration 0005), in a stable order. */
export function storedReportTotals(db: Db): { groups: unknown[]; methods: unknown[] } {
  return {
    groups: db
      .prepare(
        `SELECT business_date, service_code, operator_user_id, service_name_fa, service_name_en, count, municipal,
                office, total, voided_count, voided_total
           FROM report_day_groups ORDER BY business_date, service_code, operator_user_id`,
      )
      .all(),
    // A method whose payments were all voided away keeps a row of zeros: the raw rows have none.
    methods: db
      .prepare(
        `SELECT business_date, method, payments, amount, change_given FROM report_day_methods
          WHERE payments != 0 OR amount != 0 OR change_given != 0 ORDER BY business_date, method`,
      )
      .all(),
  };
}

/** The same totals recomputed from the raw transactions and payments. */
export function recomputedReportTotals(db: Db): { groups: unknown[]; methods: unknown[] } {
  return {
    groups: db
      .prepare(
        `SELECT business_date, service_code, operator_user_id, max(service_name_fa) AS service_name_fa,
                max(service_name_en) AS service_name_en, ${rawSums('voided_count', 'voided_total')}
           FROM transactions GROUP BY business_date, service_code, operator_user_id
          ORDER BY business_date, service_code, operator_user_id`,
      )
      .all(),
    methods: db
      .prepare(
        `SELECT t.business_date, p.method, count(*) AS payments, sum(p.amount) AS amount,
                sum(p.change_given) AS change_given
           FROM payments p JOIN transactions t ON t.id = p.transaction_id WHERE t.status != 'voided'
          GROUP BY t.business_date, p.method ORDER BY t.business_date, p.method`,
      )
      .all(),
  };
}

/** A range report computed straight from the raw rows, as plain SQL aggregates (what 0005 replaced). */
export function rawRangeReport(db: Db, from: string, to: string): Omit<RangeReport, 'totals'> {
  const where = 'FROM transactions WHERE business_date BETWEEN ? AND ?';
  const services = db
    .prepare(
      `SELECT service_code AS serviceCode, max(service_name_fa) AS fa, max(service_name_en) AS en, ${RAW_SUMS}
         ${where} GROUP BY service_code ORDER BY total DESC, service_code`,
    )
    .all(from, to) as ({ serviceCode: string; fa: string; en: string } & Record<string, number>)[];
  return {
    from,
    to,
    byDay: db
      .prepare(
        `SELECT business_date AS date, ${RAW_SUMS} ${where} GROUP BY business_date ORDER BY business_date`,
      )
      .all(from, to) as RangeReport['byDay'],
    byService: services.map(({ fa, en, ...s }) => ({
      ...s,
      serviceName: { fa, en },
    })) as unknown as RangeReport['byService'],
    byOperator: db
      .prepare(
        `SELECT t.operatorId, u.full_name AS operatorName, t.count, t.municipal, t.office, t.total, t.voidedCount,
                t.voidedTotal
           FROM (SELECT operator_user_id AS operatorId, ${RAW_SUMS} ${where} GROUP BY operator_user_id) t
           JOIN users u ON u.id = t.operatorId ORDER BY t.total DESC, u.full_name`,
      )
      .all(from, to) as RangeReport['byOperator'],
    byMethod: db
      .prepare(
        `SELECT p.method, count(*) AS payments, sum(p.amount) AS amount, sum(p.change_given) AS changeGiven
           FROM transactions t JOIN payments p ON p.transaction_id = t.id
          WHERE t.business_date BETWEEN ? AND ? AND t.status != 'voided' GROUP BY p.method ORDER BY p.method DESC`,
      )
      .all(from, to) as RangeReport['byMethod'],
  };
}
