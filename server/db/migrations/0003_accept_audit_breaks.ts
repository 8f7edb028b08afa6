import type { Migration } from '../migration';

/**
 * Accepting an audit-chain break (a terminal restored from a backup continues its trail from an
 * earlier entry): municipal staff accept it with a note, the entries the server held after the
 * fork are set aside in `audit_entries_superseded` (never deleted), and the terminal's chain goes
 * on from the fork.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'accept_audit_breaks',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE audit_chain_breaks ADD COLUMN accepted_at bigint;
      ALTER TABLE audit_chain_breaks ADD COLUMN accepted_note text;
      ALTER TABLE audit_chain_breaks ADD COLUMN superseded_entries integer;
      CREATE TABLE audit_entries_superseded (
        break_id bigint NOT NULL REFERENCES audit_chain_breaks (id),
        terminal_id uuid NOT NULL REFERENCES terminals (id),
        seq bigint NOT NULL,
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
        superseded_at bigint NOT NULL,
        PRIMARY KEY (break_id, seq)
      );
    `);
  },
};
