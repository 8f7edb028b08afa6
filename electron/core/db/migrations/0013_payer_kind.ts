import type { Migration } from '../migration';

/**
 * A transaction's payer may be a legal person (شخص حقوقی: a company paying its business-trade
 * dues), not only a citizen. Additive: every row saved before is a citizen, which the default says.
 *
 * - `citizen_kind` ('natural' | 'legal') on transactions and `kind` on citizens say which.
 * - A legal person's شناسه ملی goes where a citizen's کد ملی goes (`citizen_national_id`,
 *   `citizens.national_id`): it is the payer's national identifier, and at 11 digits it is never a
 *   10-digit کد ملی, so the one column keeps one meaning for the Tracking box, the list's digit
 *   filter, the returning-payer lookup and their indexes.
 * - Its registered name goes in the last name, with an empty first name: the list's name filter,
 *   its trigram index (whose text is the first and last name, 0007) and every place that shows
 *   "first last" find and show the name with no index rebuilt. The check below holds a legal row
 *   to that: 11 digits, no first name.
 *
 * The Tracking box's search by ID is answered from one covering index (0008); the summary it reads
 * now carries the kind, so that index is replaced by one that also holds it (same columns, same
 * order, `citizen_kind` added). Like 0008 it is built once over every transaction: 1.4 s for
 * 200,000 transactions measured on a shared 2-core machine (so about 7 s for 1,000,000), behind
 * the slow start's window.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'payer_kind',
  up(db) {
    db.exec(`
      ALTER TABLE transactions ADD COLUMN citizen_kind TEXT NOT NULL DEFAULT 'natural'
        CHECK (citizen_kind = 'natural'
          OR (citizen_kind = 'legal' AND length(citizen_national_id) = 11 AND citizen_first_name = ''));
      ALTER TABLE citizens ADD COLUMN kind TEXT NOT NULL DEFAULT 'natural'
        CHECK (kind = 'natural' OR (kind = 'legal' AND length(national_id) = 11 AND first_name = ''));

      CREATE INDEX transactions_payer_lookup ON transactions (citizen_national_id, created_at, id,
        tracking_code, service_code, service_name_fa, service_name_en, citizen_kind, citizen_first_name,
        citizen_last_name, citizen_mobile, total, status);
      DROP INDEX transactions_citizen_lookup;

      DROP TRIGGER transactions_frozen;
      CREATE TRIGGER transactions_frozen BEFORE UPDATE OF
        id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en, catalog_version, tariff_version,
        sample_tariff, citizen_kind, citizen_national_id,
        citizen_first_name, citizen_last_name, citizen_mobile, fields, municipal_total, office_total, total,
        operator_user_id, created_at, business_date ON transactions
        BEGIN SELECT RAISE(ABORT, 'a saved transaction only changes its status'); END;
    `);
  },
};
