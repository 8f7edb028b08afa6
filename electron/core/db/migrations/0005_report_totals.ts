import type { Migration } from '../migration';

/** The per-group sums of one transaction: kept money when it stands, voided apart when it does not. */
const GROUP_VALUES = `NEW.business_date, NEW.service_code, NEW.operator_user_id, NEW.service_name_fa, NEW.service_name_en,
  NEW.status != 'voided', iif(NEW.status != 'voided', NEW.municipal_total, 0),
  iif(NEW.status != 'voided', NEW.office_total, 0), iif(NEW.status != 'voided', NEW.total, 0),
  NEW.status = 'voided', iif(NEW.status = 'voided', NEW.total, 0)`;

const ADD_GROUP = `ON CONFLICT (business_date, service_code, operator_user_id) DO UPDATE SET
  service_name_fa = max(service_name_fa, excluded.service_name_fa),
  service_name_en = max(service_name_en, excluded.service_name_en),
  count = count + excluded.count, municipal = municipal + excluded.municipal, office = office + excluded.office,
  total = total + excluded.total, voided_count = voided_count + excluded.voided_count,
  voided_total = voided_total + excluded.voided_total`;

const ADD_METHOD = `ON CONFLICT (business_date, method) DO UPDATE SET payments = payments + excluded.payments,
  amount = amount + excluded.amount, change_given = change_given + excluded.change_given`;

/**
 * Report totals kept per business date as the lines are written, so a report over a year reads a
 * few thousand summary rows instead of walking every transaction and joining every payment (1.2 s
 * on 365,000 transactions, measured by the benchmark). Triggers keep them in the same SQLite
 * transaction as whatever writes a transaction, a payment or a status — the save, a void, a status
 * from the municipality — so no path can forget them. What they add up is exactly what the report
 * read from the raw rows: voided transactions apart, payments only of transactions not voided.
 * Amounts, dates, services and operators of a saved transaction never change (0002's triggers), so
 * only a status crossing 'voided' moves money between the columns.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'report_totals',
  up(db) {
    db.exec(`
      CREATE TABLE report_day_groups (
        business_date TEXT NOT NULL,
        service_code TEXT NOT NULL,
        operator_user_id INTEGER NOT NULL,
        -- The greatest name seen in the group, as max() over the raw rows gives.
        service_name_fa TEXT NOT NULL,
        service_name_en TEXT NOT NULL,
        count INTEGER NOT NULL,
        municipal INTEGER NOT NULL,
        office INTEGER NOT NULL,
        total INTEGER NOT NULL,
        voided_count INTEGER NOT NULL,
        voided_total INTEGER NOT NULL,
        PRIMARY KEY (business_date, service_code, operator_user_id)
      ) STRICT, WITHOUT ROWID;

      -- Payments of transactions not voided, by the business date of their transaction.
      CREATE TABLE report_day_methods (
        business_date TEXT NOT NULL,
        method TEXT NOT NULL,
        payments INTEGER NOT NULL,
        amount INTEGER NOT NULL,
        change_given INTEGER NOT NULL,
        PRIMARY KEY (business_date, method)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO report_day_groups (business_date, service_code, operator_user_id, service_name_fa, service_name_en,
          count, municipal, office, total, voided_count, voided_total)
        SELECT business_date, service_code, operator_user_id, max(service_name_fa), max(service_name_en),
               count(*) FILTER (WHERE status != 'voided'),
               coalesce(sum(municipal_total) FILTER (WHERE status != 'voided'), 0),
               coalesce(sum(office_total) FILTER (WHERE status != 'voided'), 0),
               coalesce(sum(total) FILTER (WHERE status != 'voided'), 0),
               count(*) FILTER (WHERE status = 'voided'),
               coalesce(sum(total) FILTER (WHERE status = 'voided'), 0)
          FROM transactions GROUP BY business_date, service_code, operator_user_id;
      INSERT INTO report_day_methods (business_date, method, payments, amount, change_given)
        SELECT t.business_date, p.method, count(*), sum(p.amount), sum(p.change_given)
          FROM payments p JOIN transactions t ON t.id = p.transaction_id
         WHERE t.status != 'voided' GROUP BY t.business_date, p.method;

      CREATE TRIGGER transactions_report_totals_insert AFTER INSERT ON transactions
        BEGIN
          INSERT INTO report_day_groups (business_date, service_code, operator_user_id, service_name_fa,
              service_name_en, count, municipal, office, total, voided_count, voided_total)
            VALUES (${GROUP_VALUES}) ${ADD_GROUP};
        END;

      CREATE TRIGGER payments_report_totals_insert AFTER INSERT ON payments
        BEGIN
          INSERT INTO report_day_methods (business_date, method, payments, amount, change_given)
            SELECT t.business_date, NEW.method, 1, NEW.amount, NEW.change_given FROM transactions t
             WHERE t.id = NEW.transaction_id AND t.status != 'voided'
            ${ADD_METHOD};
        END;

      -- Voided (sign -1) or, should a status ever leave 'voided', restored (+1).
      CREATE TRIGGER transactions_report_totals_status AFTER UPDATE OF status ON transactions
        WHEN (OLD.status = 'voided') != (NEW.status = 'voided')
        BEGIN
          UPDATE report_day_groups SET
              count = count + iif(NEW.status = 'voided', -1, 1),
              municipal = municipal + iif(NEW.status = 'voided', -1, 1) * NEW.municipal_total,
              office = office + iif(NEW.status = 'voided', -1, 1) * NEW.office_total,
              total = total + iif(NEW.status = 'voided', -1, 1) * NEW.total,
              voided_count = voided_count - iif(NEW.status = 'voided', -1, 1),
              voided_total = voided_total - iif(NEW.status = 'voided', -1, 1) * NEW.total
            WHERE business_date = NEW.business_date AND service_code = NEW.service_code
              AND operator_user_id = NEW.operator_user_id;
          INSERT INTO report_day_methods (business_date, method, payments, amount, change_given)
            SELECT NEW.business_date, p.method, iif(NEW.status = 'voided', -1, 1) * count(*),
                   iif(NEW.status = 'voided', -1, 1) * sum(p.amount), iif(NEW.status = 'voided', -1, 1) * sum(p.change_given)
              FROM payments p WHERE p.transaction_id = NEW.id GROUP BY p.method
            ${ADD_METHOD};
        END;
    `);
  },
};
