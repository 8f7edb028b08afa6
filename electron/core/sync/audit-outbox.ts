import { newId } from '../../../shared/ids';
import { MAX_AUDIT_ENTRIES_PER_ITEM } from '../../../shared/sync/audit-batch';
import type { Core } from '../core';
import { prepared } from '../db/open';
import { readIdentity } from './state';

/** One audit_batch item stays well inside a push's byte limit. */
export const MAX_AUDIT_ITEM_BYTES = 256 * 1024;

/**
 * The trail's stretches waiting to go, in order, through the partial index of migration 11 (named:
 * left to itself, the planner reads the pending index, all of a backlog's sales before them).
 */
export const PENDING_STRETCHES = `SELECT seq, id, kind, entity_id, body FROM outbox INDEXED BY outbox_audit_pending
  WHERE kind = 'audit_batch' AND state = 'pending' ORDER BY seq LIMIT ?`;

/** What an `audit_batch` outbox row holds: the stretch of the trail it stands for. */
export interface AuditStretch {
  readonly office: string;
  readonly terminal: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

export interface AuditRow {
  seq: number;
  at: number;
  actor_user_id: number | null;
  actor_username: string | null;
  terminal: string;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** An entry as pushed, its keys in canonical (sorted) order as the server spells it: see canonicalJson. */
export function entryJson(row: AuditRow): string {
  return JSON.stringify({
    action: row.action,
    actorUserId: row.actor_user_id,
    actorUsername: row.actor_username,
    at: row.at,
    details: row.details,
    entity: row.entity,
    entityId: row.entity_id,
    hash: row.hash,
    prevHash: row.prev_hash,
    seq: row.seq,
    terminal: row.terminal,
  });
}

/**
 * Queues the audit entries not yet queued as `audit_batch` outbox items: consecutive stretches,
 * in order, each with a random id, so the trail reaches the municipality exactly once with the
 * outbox's own guarantees and no extra write on every save. A row holds only its stretch
 * (`entity_id` is `first-last`); the entries are read from the trail, which never changes, when
 * the push is built. While a stretch is set aside (the server found the chain broken), nothing
 * after it is queued: it would not continue the chain the server holds either. Returns how many
 * entries were queued.
 */
export function enqueueAuditTrail(core: Core): number {
  const identity = readIdentity(core.db);
  if (!identity) return 0;
  return core.db.transaction(() => {
    const blocked = prepared(
      core.db,
      "SELECT 1 FROM outbox WHERE state = 'needs_attention' AND kind = 'audit_batch' LIMIT 1",
    ).get();
    if (blocked) return 0;
    const last = prepared(
      core.db,
      "SELECT body FROM outbox WHERE kind = 'audit_batch' ORDER BY seq DESC LIMIT 1",
    ).get() as { body: string } | undefined;
    let after = last ? (JSON.parse(last.body) as AuditStretch).lastSeq : 0;
    const sizes = prepared(
      core.db,
      `SELECT seq, length(CAST(details AS BLOB)) + coalesce(length(CAST(actor_username AS BLOB)), 0)
         + length(CAST(action AS BLOB)) + coalesce(length(CAST(entity_id AS BLOB)), 0) + 400 AS bytes
       FROM audit_log WHERE seq > ? ORDER BY seq`,
    );
    const insert = prepared(
      core.db,
      "INSERT INTO outbox (id, kind, entity_id, body, created_at) VALUES (?, 'audit_batch', ?, ?, ?)",
    );
    const now = core.now();
    let queued = 0;
    let first: number | null = null;
    let count = 0;
    let bytes = 0;
    const close = () => {
      if (first === null) return;
      const stretch: AuditStretch = {
        office: identity.officeCode,
        terminal: identity.terminalNumber,
        firstSeq: first,
        lastSeq: after,
      };
      insert.run(newId(), `${first}-${after}`, JSON.stringify(stretch), now);
      queued += count;
      first = null;
      count = 0;
      bytes = 0;
    };
    for (const row of sizes.all(after) as { seq: number; bytes: number }[]) {
      if (count === MAX_AUDIT_ENTRIES_PER_ITEM || (count > 0 && bytes + row.bytes > MAX_AUDIT_ITEM_BYTES))
        close();
      first ??= row.seq;
      after = row.seq;
      count += 1;
      bytes += row.bytes;
    }
    close();
    return queued;
  })();
}

/** The push body of a queued stretch: its entries read from the trail as they stand, in canonical order. */
export function auditBatchBody(core: Core, stretch: AuditStretch): string {
  const rows = prepared(core.db, 'SELECT * FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq').all(
    stretch.firstSeq,
    stretch.lastSeq,
  ) as AuditRow[];
  return `{"entries":[${rows.map(entryJson).join(',')}],"office":${JSON.stringify(stretch.office)},"terminal":${stretch.terminal}}`;
}
