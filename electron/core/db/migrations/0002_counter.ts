import type { Migration } from '../migration';

/**
 * The counter: the catalog as applied, citizens seen at this terminal, transactions with their fee
 * lines, payments and status history, voids, receipt prints, and the outbox that sync drains.
 * Money is INTEGER Rials. Nothing here is ever deleted, and a saved amount never changes.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'counter',
  up(db) {
    db.exec(`
      CREATE TABLE catalogs (
        id INTEGER PRIMARY KEY,
        catalog_version TEXT NOT NULL,
        sample INTEGER NOT NULL CHECK (sample IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('bundled', 'municipality')),
        content TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX catalogs_version_unique ON catalogs (catalog_version);

      CREATE TABLE citizens (
        national_id TEXT PRIMARY KEY,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        mobile TEXT,
        last_seen_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE transactions (
        id TEXT PRIMARY KEY,
        -- Hash of the request as the counter sent it: the same id again with the same request is a
        -- retry (answered with the saved transaction), with a different one a conflict.
        request_hash TEXT NOT NULL,
        tracking_code TEXT NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence > 0),
        service_code TEXT NOT NULL,
        service_name_fa TEXT NOT NULL,
        service_name_en TEXT NOT NULL,
        catalog_version TEXT NOT NULL,
        tariff_version INTEGER NOT NULL,
        sample_tariff INTEGER NOT NULL CHECK (sample_tariff IN (0, 1)),
        citizen_national_id TEXT NOT NULL,
        citizen_first_name TEXT NOT NULL,
        citizen_last_name TEXT NOT NULL,
        citizen_mobile TEXT,
        fields TEXT NOT NULL,
        municipal_total INTEGER NOT NULL CHECK (municipal_total >= 0),
        office_total INTEGER NOT NULL CHECK (office_total >= 0),
        total INTEGER NOT NULL CHECK (total = municipal_total + office_total),
        status TEXT NOT NULL,
        operator_user_id INTEGER NOT NULL REFERENCES users (id),
        created_at INTEGER NOT NULL,
        business_date TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX transactions_tracking_code_unique ON transactions (tracking_code);
      CREATE UNIQUE INDEX transactions_sequence_unique ON transactions (sequence);
      CREATE INDEX transactions_citizen ON transactions (citizen_national_id, created_at);
      CREATE INDEX transactions_mobile ON transactions (citizen_mobile, created_at);
      CREATE INDEX transactions_business_date ON transactions (business_date);

      CREATE TABLE fee_lines (
        transaction_id TEXT NOT NULL REFERENCES transactions (id),
        line_no INTEGER NOT NULL,
        line_key TEXT NOT NULL,
        label_fa TEXT NOT NULL,
        label_en TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('municipal', 'office')),
        -- Negative only on a municipal discount line (e.g. paying several years at once).
        amount INTEGER NOT NULL CHECK (amount >= 0 OR kind = 'municipal'),
        PRIMARY KEY (transaction_id, line_no)
      ) STRICT;

      CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        transaction_id TEXT NOT NULL REFERENCES transactions (id),
        method TEXT NOT NULL CHECK (method IN ('cash', 'card')),
        amount INTEGER NOT NULL CHECK (amount > 0),
        tendered INTEGER CHECK (tendered IS NULL OR tendered >= amount),
        change_given INTEGER NOT NULL DEFAULT 0 CHECK (change_given >= 0),
        reference TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX payments_transaction ON payments (transaction_id);

      CREATE TABLE status_history (
        id INTEGER PRIMARY KEY,
        transaction_id TEXT NOT NULL REFERENCES transactions (id),
        status TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('counter', 'municipality')),
        reason TEXT,
        actor_user_id INTEGER REFERENCES users (id),
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX status_history_transaction ON status_history (transaction_id, id);

      CREATE TABLE voids (
        id INTEGER PRIMARY KEY,
        transaction_id TEXT NOT NULL REFERENCES transactions (id),
        kind TEXT NOT NULL CHECK (kind IN ('void', 'cancellation_request')),
        reason TEXT NOT NULL,
        requested_by INTEGER NOT NULL REFERENCES users (id),
        approved_by INTEGER NOT NULL REFERENCES users (id),
        at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX voids_transaction_unique ON voids (transaction_id);

      CREATE TABLE receipt_prints (
        id INTEGER PRIMARY KEY,
        transaction_id TEXT NOT NULL REFERENCES transactions (id),
        copy_number INTEGER NOT NULL,
        layout TEXT NOT NULL,
        printed_by INTEGER NOT NULL REFERENCES users (id),
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX receipt_prints_transaction ON receipt_prints (transaction_id);

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'needs_attention')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        delivered_at INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX outbox_id_unique ON outbox (id);
      CREATE INDEX outbox_pending ON outbox (state, seq);

      -- Saved money is never rewritten and nothing is deleted: a transaction changes only its status.
      CREATE TRIGGER transactions_no_delete BEFORE DELETE ON transactions
        BEGIN SELECT RAISE(ABORT, 'transactions are never deleted'); END;
      CREATE TRIGGER transactions_frozen BEFORE UPDATE OF
        id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en, catalog_version, tariff_version,
        sample_tariff, citizen_national_id,
        citizen_first_name, citizen_last_name, citizen_mobile, fields, municipal_total, office_total, total,
        operator_user_id, created_at, business_date ON transactions
        BEGIN SELECT RAISE(ABORT, 'a saved transaction only changes its status'); END;
      CREATE TRIGGER fee_lines_no_delete BEFORE DELETE ON fee_lines
        BEGIN SELECT RAISE(ABORT, 'fee lines are never deleted'); END;
      CREATE TRIGGER fee_lines_no_update BEFORE UPDATE ON fee_lines
        BEGIN SELECT RAISE(ABORT, 'fee lines are never changed'); END;
      CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
        BEGIN SELECT RAISE(ABORT, 'payments are never deleted'); END;
      CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
        BEGIN SELECT RAISE(ABORT, 'payments are never changed'); END;
      CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
        BEGIN SELECT RAISE(ABORT, 'status history is never deleted'); END;
      CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids
        BEGIN SELECT RAISE(ABORT, 'voids are never deleted'); END;
      CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
        BEGIN SELECT RAISE(ABORT, 'outbox entries are never deleted'); END;
    `);
  },
};
