import type { Migration } from '../migration';

/**
 * The keys a terminal held before it was re-keyed. A revoked terminal whose office enrolls it again
 * with a new activation code (issued after the revocation) keeps its id and number, so its
 * transactions, tracking codes, settlements and audit trail go on; its row takes the new public key
 * and loses the revocation, and this table keeps the old key, the revocation it ended and the code
 * that ended it. A key listed here is never enrolled again. Rows are never changed or deleted.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'terminal_rekeys',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE terminal_rekeys (
        id bigserial PRIMARY KEY,
        terminal_id uuid NOT NULL REFERENCES terminals (id),
        old_public_key text NOT NULL,
        new_public_key text NOT NULL,
        revoked_at bigint NOT NULL,
        revoked_reason text,
        activation_code text NOT NULL REFERENCES activation_codes (code),
        rekeyed_at bigint NOT NULL,
        CONSTRAINT terminal_rekeys_old_public_key_unique UNIQUE (old_public_key),
        CONSTRAINT terminal_rekeys_activation_code_unique UNIQUE (activation_code)
      );
      CREATE INDEX terminal_rekeys_terminal ON terminal_rekeys (terminal_id, id);

      CREATE FUNCTION refuse_rekey_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'terminal_rekeys: a re-keying is never changed or deleted' USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER terminal_rekeys_kept BEFORE UPDATE OR DELETE ON terminal_rekeys
        FOR EACH ROW EXECUTE FUNCTION refuse_rekey_change();
      CREATE TRIGGER terminal_rekeys_not_truncated BEFORE TRUNCATE ON terminal_rekeys
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_rekey_change();
    `);
  },
};
