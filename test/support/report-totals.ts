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

/**
 * Every transaction with how the days' closes booked it, straight from the raw rows: `kept` unless
 * voided before its day closed (or its day is not closed); a void after its day's close (a void id
 * past the day's `voids_through`) leaves it kept and books its refund on the date of the day whose
 * close took it; while none has, on the business date it was made on (whose close will take it), or
 * `:today` for a void that carries none (one the feed brought before voids were dated).
 */
const BOOKED = `booked AS (
  SELECT t.*, t.status != 'voided' OR late.id IS NOT NULL AS kept, late.refund_date
    FROM transactions t
    LEFT JOIN (SELECT v.transaction_id AS id, coalesce(taker.business_date, v.business_date, :today) AS refund_date
                 FROM voids v JOIN transactions s ON s.id = v.transaction_id
                 JOIN business_days d ON d.business_date = s.business_date AND d.state = 'closed'
                 LEFT JOIN late_voids l ON l.transaction_id = v.transaction_id
                 LEFT JOIN business_days taker ON taker.id = l.day_id
                WHERE v.kind = 'void' AND v.id > d.voids_through) late ON late.id = t.id)`;

/** Sale rows on their own date, refund rows on the refund's date, both within :from–:to. */
const ROWS = `WITH ${BOOKED}, rows AS (
  SELECT business_date AS date, service_code, service_name_fa, service_name_en, operator_user_id,
         kept, NOT kept AS voided, total, municipal_total, office_total, 0 AS refund
    FROM booked WHERE business_date BETWEEN :from AND :to
  UNION ALL
  SELECT refund_date, service_code, service_name_fa, service_name_en, operator_user_id, 0, 0, total, municipal_total,
         office_total, 1
    FROM booked WHERE refund_date BETWEEN :from AND :to)`;

const ROW_SUMS = `count(*) FILTER (WHERE kept) AS count,
  coalesce(sum(municipal_total) FILTER (WHERE kept), 0) AS municipal,
  coalesce(sum(office_total) FILTER (WHERE kept), 0) AS office,
  coalesce(sum(total) FILTER (WHERE kept), 0) AS total,
  count(*) FILTER (WHERE voided) AS voidedCount,
  coalesce(sum(total) FILTER (WHERE voided), 0) AS voidedTotal,
  count(*) FILTER (WHERE refund) AS refundCount,
  coalesce(sum(total) FILTER (WHERE refund), 0) AS refundTotal,
  coalesce(sum(municipal_total) FILTER (WHERE refund), 0) AS refundMunicipal,
  coalesce(sum(office_total) FILTER (WHERE refund), 0) AS refundOffice`;

/**
 * A range report computed straight from the raw rows as plain SQL aggregates (what 0005 replaced),
 * with each sale booked as the days' closes booked it. `today` is the business date that takes the
 * refunds no close has taken yet and no date was recorded for.
 */
export function rawRangeReport(db: Db, from: string, to: string, today: string): Omit<RangeReport, 'totals'> {
  const params = { from, to, today };
  const services = db
    .prepare(
      `${ROWS} SELECT service_code AS serviceCode, max(service_name_fa) AS fa, max(service_name_en) AS en, ${ROW_SUMS}
         FROM rows GROUP BY service_code ORDER BY total DESC, service_code`,
    )
    .all(params) as ({ serviceCode: string; fa: string; en: string } & Record<string, number>)[];
  return {
    from,
    to,
    byDay: db
      .prepare(`${ROWS} SELECT date, ${ROW_SUMS} FROM rows GROUP BY date ORDER BY date`)
      .all(params) as RangeReport['byDay'],
    byService: services.map(({ fa, en, ...s }) => ({
      ...s,
      serviceName: { fa, en },
    })) as unknown as RangeReport['byService'],
    byOperator: db
      .prepare(
        `${ROWS} SELECT t.operatorId, u.full_name AS operatorName, t.count, t.municipal, t.office, t.total,
                t.voidedCount, t.voidedTotal, t.refundCount, t.refundTotal, t.refundMunicipal, t.refundOffice
           FROM (SELECT operator_user_id AS operatorId, ${ROW_SUMS} FROM rows GROUP BY operator_user_id) t
           JOIN users u ON u.id = t.operatorId ORDER BY t.total DESC, u.full_name`,
      )
      .all(params) as RangeReport['byOperator'],
    byMethod: db
      .prepare(
        `WITH ${BOOKED},
         sold AS (
           SELECT p.method, count(*) AS payments, sum(p.amount) AS amount, sum(p.change_given) AS changeGiven
             FROM booked b JOIN payments p ON p.transaction_id = b.id
            WHERE b.kept AND b.business_date BETWEEN :from AND :to GROUP BY p.method),
         -- Every refund is paid from the drawer, whatever paid the sale: a settled POS payment is
         -- not reversed (these tests close no day under the rule before that).
         paid_back AS (
           SELECT 'cash' AS method, count(*) AS refunds, coalesce(sum(paid), 0) AS refunded
             FROM (SELECT sum(p.amount) AS paid FROM booked b JOIN payments p ON p.transaction_id = b.id
                    WHERE b.refund_date BETWEEN :from AND :to GROUP BY b.id)),
         methods AS (SELECT 'cash' AS method UNION ALL SELECT 'card')
         SELECT m.method, coalesce(s.payments, 0) AS payments, coalesce(s.amount, 0) AS amount,
                coalesce(s.changeGiven, 0) AS changeGiven, coalesce(r.refunds, 0) AS refunds,
                coalesce(r.refunded, 0) AS refunded
           FROM methods m LEFT JOIN sold s ON s.method = m.method LEFT JOIN paid_back r ON r.method = m.method
          WHERE coalesce(s.payments, 0) > 0 OR coalesce(r.refunds, 0) > 0 ORDER BY m.method DESC`,
      )
      .all(params) as RangeReport['byMethod'],
  };
}
