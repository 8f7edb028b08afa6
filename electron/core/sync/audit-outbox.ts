import { randomUUID } from 'node:crypto';
import { MAX_AUDIT_ENTRIES_PER_ITEM, type AuditEntryMessage } from '../../../shared/sync/audit-batch';
import type { Core } from '../core';
import { prepared } from '../db/open';
import { readIdentity } from './state';

/** One audit_batch item stays well inside a push's byte limit. */
const MAX_AUDIT_ITEM_BYTES = 256 * 1024;

interface AuditRow {
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

function message(row: AuditRow): AuditEntryMessage {
  return {
    seq: row.seq,
    at: row.at,
    actorUserId: row.actor_user_id,
    actorUsername: row.actor_username,
    terminal: row.terminal,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Puts the audit entries not yet queued into the outbox as `audit_batch` items (consecutive
 * stretches, in order, each with a random id), so the trail reaches the municipality exactly once
 * with the outbox's own guarantees, without an extra write on every save. An item's `entity_id` is
 * the last sequence number it carries, which is where the next stretch starts. While a stretch is
 * set aside (the server found the chain broken), nothing after it is queued: it would not continue
 * the chain the server holds either. Returns how many entries were queued.
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
      "SELECT entity_id FROM outbox WHERE kind = 'audit_batch' ORDER BY seq DESC LIMIT 1",
    ).get() as { entity_id: string } | undefined;
    let after = last ? Number(last.entity_id) : 0;
    const read = prepared(core.db, 'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?');
    const insert = prepared(
      core.db,
      "INSERT INTO outbox (id, kind, entity_id, body, created_at) VALUES (?, 'audit_batch', ?, ?, ?)",
    );
    const now = core.now();
    let queued = 0;
    for (;;) {
      const rows = read.all(after, MAX_AUDIT_ENTRIES_PER_ITEM) as AuditRow[];
      if (rows.length === 0) return queued;
      const entries: AuditEntryMessage[] = [];
      let bytes = 0;
      for (const row of rows) {
        const entry = message(row);
        bytes += JSON.stringify(entry).length;
        if (entries.length > 0 && bytes > MAX_AUDIT_ITEM_BYTES) break;
        entries.push(entry);
      }
      const body = { office: identity.officeCode, terminal: identity.terminalNumber, entries };
      after = entries.at(-1)?.seq ?? after;
      insert.run(randomUUID(), String(after), JSON.stringify(body), now);
      queued += entries.length;
    }
  })();
}
