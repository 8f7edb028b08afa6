import type { Migration } from '../migration';

/**
 * A settlement names the audit trail's head when its day closed (its sequence number and hash,
 * signed with the rest of the report). The server now keeps that head beside the settlement and
 * compares it with the terminal's trail as it arrives: `pending` until the server holds the entry
 * at that sequence number, then `matched` or `mismatched`; `none` for a day closed before the trail
 * had an entry. Settlements stored before this step get their head from the body as pushed and are
 * compared at once against what the server already holds.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'settlement_audit_head',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE day_settlements ADD COLUMN audit_head_seq bigint;
      ALTER TABLE day_settlements ADD COLUMN audit_head_hash text;
      ALTER TABLE day_settlements ADD COLUMN audit_head_check text NOT NULL DEFAULT 'pending'
        CHECK (audit_head_check IN ('none', 'pending', 'matched', 'mismatched'));
      ALTER TABLE day_settlements ADD COLUMN audit_head_checked_at bigint;

      UPDATE day_settlements s
         SET audit_head_seq = (i.body -> 'auditHead' ->> 'seq')::bigint,
             audit_head_hash = i.body -> 'auditHead' ->> 'hash',
             audit_head_check = CASE WHEN jsonb_typeof(i.body -> 'auditHead') = 'object' THEN 'pending' ELSE 'none' END
        FROM items i
       WHERE i.id = s.item_id;
      ALTER TABLE day_settlements ADD CONSTRAINT day_settlements_audit_head_whole
        CHECK ((audit_head_seq IS NULL) = (audit_head_hash IS NULL)
               AND (audit_head_check = 'none') = (audit_head_seq IS NULL));

      -- Only the settlements still waiting for their entry are looked up as a trail arrives.
      CREATE INDEX day_settlements_head_pending ON day_settlements (terminal_id, audit_head_seq)
        WHERE audit_head_check = 'pending';
    `);
    // Compared at once with what is already held (as store/settlement-heads.ts does on each push;
    // written out here so that this step stays as it shipped).
    await tx.query(
      `UPDATE day_settlements s
          SET audit_head_check = CASE WHEN e.hash = s.audit_head_hash THEN 'matched' ELSE 'mismatched' END,
              audit_head_checked_at = $1
         FROM audit_entries e
        WHERE s.audit_head_check = 'pending' AND e.terminal_id = s.terminal_id AND e.seq = s.audit_head_seq`,
      [Date.now()],
    );
  },
};
