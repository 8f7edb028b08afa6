import type { Migration } from '../migration';

/**
 * Municipalities, their offices and terminals; activation codes; the items terminals push; the
 * status history; the feed terminals pull; published catalogs; and the nonces of recent requests.
 * Times are milliseconds since the epoch (bigint), as the terminals send them.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE municipalities (
        id serial PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        district_count integer NOT NULL CHECK (district_count > 0),
        CONSTRAINT municipalities_code_unique UNIQUE (code)
      );

      CREATE TABLE offices (
        id serial PRIMARY KEY,
        municipality_id integer NOT NULL REFERENCES municipalities (id),
        code text NOT NULL,
        name text NOT NULL,
        district integer NOT NULL CHECK (district > 0),
        created_at bigint NOT NULL,
        CONSTRAINT offices_code_unique UNIQUE (code)
      );

      CREATE TABLE terminals (
        id uuid PRIMARY KEY,
        office_id integer NOT NULL REFERENCES offices (id),
        number integer NOT NULL CHECK (number > 0),
        public_key text NOT NULL,
        label text,
        enrolled_at bigint NOT NULL,
        revoked_at bigint,
        revoked_reason text,
        CONSTRAINT terminals_office_number_unique UNIQUE (office_id, number),
        CONSTRAINT terminals_public_key_unique UNIQUE (public_key)
      );

      CREATE TABLE activation_codes (
        code text PRIMARY KEY,
        office_id integer NOT NULL REFERENCES offices (id),
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint,
        terminal_id uuid REFERENCES terminals (id)
      );

      CREATE TABLE request_nonces (
        terminal_id uuid NOT NULL REFERENCES terminals (id),
        nonce text NOT NULL,
        seen_at bigint NOT NULL,
        PRIMARY KEY (terminal_id, nonce)
      );
      CREATE INDEX request_nonces_seen_at ON request_nonces (seen_at);

      -- Everything a terminal pushed, stored whole under the client's id (the idempotency key).
      CREATE TABLE items (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL,
        kind text NOT NULL CHECK (kind IN ('transaction', 'void', 'cancellation_request')),
        office_id integer NOT NULL REFERENCES offices (id),
        terminal_id uuid NOT NULL REFERENCES terminals (id),
        body jsonb NOT NULL,
        body_sha256 text NOT NULL,
        tracking_code text,
        -- For a transaction its own id; for a void or cancellation request the transaction it is about.
        transaction_id uuid NOT NULL,
        status text CHECK (status IN ('received', 'in_review', 'approved', 'rejected', 'completed',
                                      'voided', 'cancellation_requested')),
        received_at bigint NOT NULL,
        CONSTRAINT items_seq_unique UNIQUE (seq)
      );
      CREATE UNIQUE INDEX items_tracking_code_unique ON items (tracking_code) WHERE kind = 'transaction';
      CREATE INDEX items_office_seq ON items (office_id, seq);
      CREATE INDEX items_transaction ON items (transaction_id);

      -- Same id pushed again with a different body: kept for a person to look at, never applied.
      CREATE TABLE push_conflicts (
        id bigserial PRIMARY KEY,
        item_id uuid NOT NULL,
        terminal_id uuid NOT NULL REFERENCES terminals (id),
        body jsonb NOT NULL,
        body_sha256 text NOT NULL,
        seen_at bigint NOT NULL
      );
      CREATE INDEX push_conflicts_item ON push_conflicts (item_id);

      CREATE TABLE status_history (
        id bigserial PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES items (id),
        status text NOT NULL,
        source text NOT NULL CHECK (source IN ('counter', 'municipality')),
        reason text,
        actor text,
        at bigint NOT NULL
      );
      CREATE INDEX status_history_transaction ON status_history (transaction_id, id);

      CREATE TABLE catalogs (
        catalog_version text PRIMARY KEY,
        content jsonb NOT NULL,
        published_at bigint NOT NULL,
        seq bigserial NOT NULL
      );

      -- The pull feed. office_id NULL: for every office (a new catalog).
      CREATE TABLE changes (
        seq bigserial PRIMARY KEY,
        office_id integer REFERENCES offices (id),
        type text NOT NULL CHECK (type IN ('status', 'catalog', 'notice')),
        payload jsonb NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX changes_office_seq ON changes (office_id, seq);
    `);
  },
};
