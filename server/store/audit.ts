import type { Queryable } from '../db/database';
import type { AuditEntryMessage } from '../../shared/sync/audit-batch';

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * One push per terminal writes its trail or its settlements at a time: the later one waits, then
 * sees what the earlier one committed (each statement reads anew under READ COMMITTED), so a
 * settlement and its head entry pushed side by side are still compared. The lock is NO KEY UPDATE:
 * it keeps out another such push and any change to the terminal's row (a revocation), but not a
 * row that only refers to the terminal. FOR UPDATE also held up the foreign-key check of each
 * request's nonce, so every other push of the terminal waited at its signature check, sales
 * included, until the push holding the trail committed.
 */
export async function lockTerminal(tx: Queryable, terminalId: string): Promise<void> {
  await tx.query('SELECT id FROM terminals WHERE id = $1 FOR NO KEY UPDATE', [terminalId]);
}

/** The last entry stored of a terminal's trail, or null before the first. Locks the terminal's row. */
export async function lockChainHead(tx: Queryable, terminalId: string): Promise<ChainHead | null> {
  await lockTerminal(tx, terminalId);
  const [row] = await tx.query<ChainHead>(
    'SELECT seq::float8 AS seq, hash FROM audit_entries WHERE terminal_id = $1 ORDER BY seq DESC LIMIT 1',
    [terminalId],
  );
  return row ?? null;
}

/** Stored hashes of some of a terminal's entries: seq → hash. */
export async function storedHashes(
  tx: Queryable,
  terminalId: string,
  seqs: readonly number[],
): Promise<Map<number, string>> {
  if (seqs.length === 0) return new Map();
  const rows = await tx.query<ChainHead>(
    'SELECT seq::float8 AS seq, hash FROM audit_entries WHERE terminal_id = $1 AND seq = ANY($2::bigint[])',
    [terminalId, seqs],
  );
  return new Map(rows.map((r) => [r.seq, r.hash]));
}

export interface NewAuditEntry {
  readonly itemId: string;
  readonly entry: AuditEntryMessage;
}

/** Appends entries with one statement; returns how many went in (fewer: stored meanwhile). */
export async function insertAuditEntries(
  tx: Queryable,
  entries: readonly NewAuditEntry[],
  owner: { terminalId: string; now: number },
): Promise<number> {
  if (entries.length === 0) return 0;
  // Only how many went in comes back (as for items): a row per entry was as many messages for both sides.
  const [inserted] = await tx.query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO audit_entries (terminal_id, seq, at, actor_user_id, actor_username, terminal_label, action, entity,
         entity_id, details, prev_hash, hash, item_id, received_at)
       SELECT $1, e.seq, e.at, e."actorUserId", e."actorUsername", e.terminal, e.action, e.entity, e."entityId",
         e.details, e."prevHash", e.hash, e."itemId", $2
       FROM jsonb_to_recordset($3::jsonb) AS e(seq bigint, at bigint, "actorUserId" integer, "actorUsername" text,
         terminal text, action text, entity text, "entityId" text, details text, "prevHash" text, hash text, "itemId" uuid)
       ORDER BY e.seq
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    [owner.terminalId, owner.now, JSON.stringify(entries.map(({ itemId, entry }) => ({ ...entry, itemId })))],
  );
  return inserted?.n ?? 0;
}

export interface NewChainBreak {
  readonly itemId: string;
  readonly reason: string;
  readonly atSeq: number;
  readonly expectedPrevHash: string | null;
  readonly receivedPrevHash: string | null;
}

export async function recordChainBreaks(
  tx: Queryable,
  breaks: readonly NewChainBreak[],
  by: { terminalId: string; now: number },
): Promise<void> {
  for (const b of breaks)
    await tx.query(
      `INSERT INTO audit_chain_breaks (terminal_id, item_id, reason, at_seq, expected_prev_hash, received_prev_hash, seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [by.terminalId, b.itemId, b.reason, b.atSeq, b.expectedPrevHash, b.receivedPrevHash, by.now],
    );
}

export interface TerminalTrail {
  readonly terminalId: string;
  readonly terminal: number;
  readonly entries: number;
  readonly headSeq: number | null;
  readonly headHash: string | null;
  readonly lastReceivedAt: number | null;
  readonly breaks: number;
  /** Settlements whose audit head is not the entry the server holds at that sequence number. */
  readonly settlementsMismatched: number;
  /** Settlements whose audit head entry has not arrived yet. */
  readonly settlementsPending: number;
}

/**
 * Each terminal of an office: how much of its trail the server holds, how many breaks, and how
 * many of its settlements name a head the trail does not have (or not yet).
 */
export async function officeTrails(db: Queryable, officeCode: string): Promise<TerminalTrail[]> {
  return db.query<TerminalTrail>(
    `SELECT t.id::text AS "terminalId", t.number AS terminal,
       (SELECT count(*)::float8 FROM audit_entries a WHERE a.terminal_id = t.id) AS entries,
       h.seq::float8 AS "headSeq", h.hash AS "headHash", h.received_at::float8 AS "lastReceivedAt",
       (SELECT count(*)::float8 FROM audit_chain_breaks b WHERE b.terminal_id = t.id) AS breaks,
       (SELECT count(*)::float8 FROM day_settlements s
         WHERE s.terminal_id = t.id AND s.audit_head_check = 'mismatched') AS "settlementsMismatched",
       (SELECT count(*)::float8 FROM day_settlements s
         WHERE s.terminal_id = t.id AND s.audit_head_check = 'pending') AS "settlementsPending"
     FROM terminals t JOIN offices o ON o.id = t.office_id
       LEFT JOIN LATERAL (SELECT seq, hash, received_at FROM audit_entries a WHERE a.terminal_id = t.id
                          ORDER BY seq DESC LIMIT 1) h ON true
     WHERE o.code = $1 ORDER BY t.number`,
    [officeCode],
  );
}

export interface ChainBreakRow {
  readonly id: number;
  readonly terminalId: string;
  readonly terminal: number;
  readonly office: string;
  readonly itemId: string;
  readonly reason: string;
  readonly atSeq: number;
  readonly expectedPrevHash: string | null;
  readonly receivedPrevHash: string | null;
  readonly seenAt: number;
  readonly acceptedAt: number | null;
  readonly acceptedNote: string | null;
  readonly supersededEntries: number | null;
}

export async function listChainBreaks(
  db: Queryable,
  filter: { officeCode: string | null; afterId: number; limit: number },
): Promise<ChainBreakRow[]> {
  return db.query<ChainBreakRow>(
    `SELECT b.id::float8 AS id, b.terminal_id::text AS "terminalId", t.number AS terminal, o.code AS office,
       b.item_id::text AS "itemId", b.reason, b.at_seq::float8 AS "atSeq", b.expected_prev_hash AS "expectedPrevHash",
       b.received_prev_hash AS "receivedPrevHash", b.seen_at::float8 AS "seenAt",
       b.accepted_at::float8 AS "acceptedAt", b.accepted_note AS "acceptedNote",
       b.superseded_entries AS "supersededEntries"
     FROM audit_chain_breaks b JOIN terminals t ON t.id = b.terminal_id JOIN offices o ON o.id = t.office_id
     WHERE b.id > $1 AND ($2::text IS NULL OR o.code = $2) ORDER BY b.id LIMIT $3`,
    [filter.afterId, filter.officeCode, filter.limit],
  );
}

export interface AdminAuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly actorUserId: number | null;
  readonly actorUsername: string | null;
  readonly action: string;
  readonly entity: string | null;
  readonly entityId: string | null;
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly receivedAt: number;
}

/** A terminal's stored trail, in order, after a sequence number. */
export async function listAuditEntries(
  db: Queryable,
  filter: { terminalId: string; afterSeq: number; limit: number },
): Promise<AdminAuditEntry[]> {
  return db.query<AdminAuditEntry>(
    `SELECT seq::float8 AS seq, at::float8 AS at, actor_user_id AS "actorUserId", actor_username AS "actorUsername",
       action, entity, entity_id AS "entityId", details, prev_hash AS "prevHash", hash, received_at::float8 AS "receivedAt"
     FROM audit_entries WHERE terminal_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [filter.terminalId, filter.afterSeq, filter.limit],
  );
}

export type AcceptBreakOutcome =
  | { readonly kind: 'accepted'; readonly headSeq: number; readonly superseded: number }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'already_accepted' }
  | { readonly kind: 'not_a_fork' };

/**
 * Municipal staff accept a break where a terminal's trail forks from one the server holds (the
 * terminal was restored from a backup, or its stretch was cut at a different place): the entries
 * held from the fork on are moved to audit_entries_superseded with the break's id, and the chain's
 * head goes back to the entry before the fork, so the terminal's own trail continues from there
 * when it sends the stretch again; settlements whose head was compared with an entry set aside wait
 * to be compared with the stretch sent again. A break whose received stretch does not start from an entry the
 * server holds (a gap, an entry that does not hash to itself) cannot be accepted this way.
 */
export async function acceptChainBreak(
  tx: Queryable,
  breakId: number,
  note: string,
  now: number,
  genesisHash: string,
): Promise<AcceptBreakOutcome> {
  const [found] = await tx.query<{
    terminalId: string;
    atSeq: number;
    receivedPrevHash: string | null;
    acceptedAt: number | null;
  }>(
    `SELECT terminal_id::text AS "terminalId", at_seq::float8 AS "atSeq", received_prev_hash AS "receivedPrevHash",
       accepted_at::float8 AS "acceptedAt"
     FROM audit_chain_breaks WHERE id = $1 FOR UPDATE`,
    [breakId],
  );
  if (!found) return { kind: 'not_found' };
  if (found.acceptedAt !== null) return { kind: 'already_accepted' };
  await lockChainHead(tx, found.terminalId);
  const forkSeq = found.atSeq - 1;
  const [before] =
    forkSeq === 0
      ? [{ hash: genesisHash }]
      : await tx.query<{ hash: string }>(
          'SELECT hash FROM audit_entries WHERE terminal_id = $1 AND seq = $2',
          [found.terminalId, forkSeq],
        );
  if (!before || found.receivedPrevHash === null || before.hash !== found.receivedPrevHash)
    return { kind: 'not_a_fork' };
  const moved = await tx.query(
    `WITH gone AS (DELETE FROM audit_entries WHERE terminal_id = $1 AND seq > $2 RETURNING *)
     INSERT INTO audit_entries_superseded (break_id, terminal_id, seq, at, actor_user_id, actor_username,
       terminal_label, action, entity, entity_id, details, prev_hash, hash, item_id, received_at, superseded_at)
     SELECT $3, terminal_id, seq, at, actor_user_id, actor_username, terminal_label, action, entity, entity_id,
       details, prev_hash, hash, item_id, received_at, $4 FROM gone RETURNING seq`,
    [found.terminalId, forkSeq, breakId, now],
  );
  // Settlements compared with an entry now set aside are compared again with the trail as it will
  // be held: the stretch the terminal sends again from the fork.
  await tx.query(
    `UPDATE day_settlements SET audit_head_check = 'pending', audit_head_checked_at = NULL
      WHERE terminal_id = $1 AND audit_head_seq > $2 AND audit_head_check IN ('matched', 'mismatched')`,
    [found.terminalId, forkSeq],
  );
  await tx.query(
    'UPDATE audit_chain_breaks SET accepted_at = $2, accepted_note = $3, superseded_entries = $4 WHERE id = $1',
    [breakId, now, note, moved.length],
  );
  return { kind: 'accepted', headSeq: forkSeq, superseded: moved.length };
}
