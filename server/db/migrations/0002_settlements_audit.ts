import type { Migration } from '../migration';

/**
 * Day settlements and the terminals' audit trails. Both arrive as push items, so the items table
 * (the idempotency ledger) takes the two new kinds, which are about no transaction. A settlement's
 * figures get columns for the admin API; each terminal's audit chain is kept entry by entry, and
 * a pushed stretch that does not continue it is recorded as a break.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'settlements_audit',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE items DROP CONSTRAINT items_kind_check;
      ALTER TABLE items ADD CONSTRAINT items_kind_check
        CHECK (kind IN ('transaction', 'void', 'cancellation_request', 'day_settlement', 'audit_batch'));
      ALTER TABLE items ALTER COLUMN transaction_id DROP NOT NULL;
      ALTER TABLE items ADD CONSTRAINT items_transaction_id_needed
        CHECK (transaction_id IS NOT NULL OR kind IN ('day_settlement', 'audit_batch'));

      CREATE TABLE day_settlements (
        item_id uuid PRIMARY KEY REFERENCES items (id),
        day_id uuid NOT NULL,
        office_id integer NOT NULL REFERENCES offices (id),
        terminal_id uuid NOT NULL REFERENCES terminals (id),
        business_date date NOT NULL,
        opened_at bigint NOT NULL,
        closed_at bigint NOT NULL,
        closed_by text NOT NULL,
        transactions integer NOT NULL,
        total bigint NOT NULL,
        municipal_total bigint NOT NULL,
        office_total bigint NOT NULL,
        expected_cash bigint NOT NULL,
        counted_cash bigint NOT NULL,
        cash_difference bigint NOT NULL,
        expected_card bigint NOT NULL,
        card_slip_total bigint NOT NULL,
        card_difference bigint NOT NULL,
        unacknowledged_at_close integer NOT NULL,
        received_at bigint NOT NULL,
        CONSTRAINT day_settlements_day_unique UNIQUE (day_id),
        CONSTRAINT day_settlements_terminal_date_unique UNIQUE (terminal_id, business_date)
      );
      CREATE INDEX day_settlements_office_date ON day_settlements (office_id, business_date);

      CREATE TABLE audit_entries (
        terminal_id uuid NOT NULL REFERENCES terminals (id),
        seq bigint NOT NULL CHECK (seq > 0),
        at bigint NOT NULL,
        actor_user_id integer,
        actor_username text,
        terminal_label text NOT NULL,
        action text NOT NULL,
        entity text,
        entity_id text,
        details text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        item_id uuid NOT NULL REFERENCES items (id),
        received_at bigint NOT NULL,
        PRIMARY KEY (terminal_id, seq)
      );

      -- A pushed stretch of a trail that did not continue what the server holds: never stored as
      -- entries, kept here for municipal staff.
      CREATE TABLE audit_chain_breaks (
        id bigserial PRIMARY KEY,
        terminal_id uuid NOT NULL REFERENCES terminals (id),
        item_id uuid NOT NULL,
        reason text NOT NULL,
        at_seq bigint NOT NULL,
        expected_prev_hash text,
        received_prev_hash text,
        seen_at bigint NOT NULL
      );
      CREATE INDEX audit_chain_breaks_terminal ON audit_chain_breaks (terminal_id, id);
    `);
  },
};
