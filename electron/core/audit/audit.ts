import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, auditCanonical } from '../../../shared/audit/chain';
import { AUDIT_FIELD_MAX, cutText, fitDetails, storableText } from '../../../shared/audit/limits';
import type { Db } from '../db/open';

export { AUDIT_GENESIS_HASH };

export interface AuditEntry {
  readonly action: string;
  readonly actorUserId?: number | null;
  readonly actorUsername?: string | null;
  readonly entity?: string | null;
  readonly entityId?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

interface StoredAuditRow {
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

/** The hash covers every field of the entry and the previous entry's hash: a chain. */
export function auditHash(row: Omit<StoredAuditRow, 'hash'>): string {
  const canonical = auditCanonical({
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
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** A text field as the municipality takes it (see shared/audit/limits), fitted before it is hashed. */
function fit(text: string, max: number): string {
  return cutText(storableText(text), max);
}

function fitOrNull(text: string | null | undefined, max: number): string | null {
  return text === null || text === undefined ? null : fit(text, max);
}

export interface AuditLog {
  append(entry: AuditEntry): void;
}

/**
 * Appends to the trail; call inside the same SQLite transaction as the change it records. Text
 * longer than the municipality takes is cut here, before it is hashed: the entry stored is the one
 * sent, and the server never refuses it (a refused stretch would hold back the rest of the trail).
 */
export function createAuditLog(db: Db, now: () => number, terminal: () => string): AuditLog {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(`INSERT INTO audit_log
    (seq, at, actor_user_id, actor_username, terminal, action, entity, entity_id, details, prev_hash, hash)
    VALUES (@seq, @at, @actor_user_id, @actor_username, @terminal, @action, @entity, @entity_id, @details, @prev_hash, @hash)`);
  return {
    append(entry) {
      const prev = last.get() as { seq: number; hash: string } | undefined;
      const action = fit(entry.action, AUDIT_FIELD_MAX.action);
      if (action === '') throw new Error('an audit entry needs an action');
      const row = {
        seq: (prev?.seq ?? 0) + 1,
        at: now(),
        actor_user_id: entry.actorUserId ?? null,
        actor_username: fitOrNull(entry.actorUsername, AUDIT_FIELD_MAX.actorUsername),
        terminal: fit(terminal(), AUDIT_FIELD_MAX.terminal),
        action,
        entity: fitOrNull(entry.entity, AUDIT_FIELD_MAX.entity),
        entity_id: fitOrNull(entry.entityId, AUDIT_FIELD_MAX.entityId),
        // JSON.stringify escapes U+0000 and lone surrogates: only the length needs fitting.
        details: fitDetails(JSON.stringify(entry.details ?? {}), AUDIT_FIELD_MAX.details),
        prev_hash: prev?.hash ?? AUDIT_GENESIS_HASH,
      };
      insert.run({ ...row, hash: auditHash(row) });
    },
  };
}

export type AuditVerification =
  | { readonly ok: true; readonly entries: number }
  | {
      readonly ok: false;
      readonly brokenAtSeq: number;
      readonly reason: 'hash_mismatch' | 'chain_broken' | 'sequence_gap';
    };

/** Walks the chain from the start; reports the first entry that does not follow from the one before. */
export function verifyAuditLog(db: Db): AuditVerification {
  let prevHash = AUDIT_GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const row of db
    .prepare('SELECT * FROM audit_log ORDER BY seq')
    .iterate() as IterableIterator<StoredAuditRow>) {
    if (row.seq !== expectedSeq) return { ok: false, brokenAtSeq: row.seq, reason: 'sequence_gap' };
    if (row.prev_hash !== prevHash) return { ok: false, brokenAtSeq: row.seq, reason: 'chain_broken' };
    const { hash, ...rest } = row;
    if (auditHash(rest) !== hash) return { ok: false, brokenAtSeq: row.seq, reason: 'hash_mismatch' };
    prevHash = hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, entries: count };
}
