import type { Queryable } from '../db/database';
import type { PushItemKind, ServerTransactionStatus } from '../../shared/sync/protocol';
import { parseTrackingCode } from '../../shared/tracking-code';

export interface StoredItemKey {
  readonly officeId: number;
  readonly bodySha256: string;
}

/** The stored items among these ids (lower-case uuids): id → who stored it and its body's hash. */
export async function findItemKeys(
  tx: Queryable,
  ids: readonly string[],
): Promise<Map<string, StoredItemKey>> {
  const found = new Map<string, StoredItemKey>();
  if (ids.length === 0) return found;
  const rows = await tx.query<StoredItemKey & { id: string }>(
    'SELECT id::text AS id, office_id AS "officeId", body_sha256 AS "bodySha256" FROM items WHERE id = ANY($1::uuid[])',
    [ids],
  );
  for (const row of rows) found.set(row.id, { officeId: row.officeId, bodySha256: row.bodySha256 });
  return found;
}

/** Which of these tracking codes a stored transaction already has. */
export async function takenTrackingCodes(tx: Queryable, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await tx.query<{ code: string }>(
    "SELECT tracking_code AS code FROM items WHERE kind = 'transaction' AND tracking_code = ANY($1::text[])",
    [codes],
  );
  return new Set(rows.map((r) => r.code));
}

/**
 * The highest sequence among the tracking codes of one terminal's transactions held here (0: none).
 * A terminal's codes share their first six digits (office, terminal), so this is the last entry of
 * that range in the tracking-code index.
 */
export async function lastTrackingSequence(
  db: Queryable,
  officeCode: string,
  terminalNumber: number,
): Promise<number> {
  const prefix = `${officeCode}${String(terminalNumber).padStart(2, '0')}`;
  const rows = await db.query<{ code: string | null }>(
    `SELECT max(tracking_code) AS code FROM items
     WHERE kind = 'transaction' AND tracking_code >= $1 AND tracking_code <= $2`,
    [`${prefix}00000000`, `${prefix}99999999`],
  );
  const code = rows[0]?.code;
  if (!code) return 0;
  const parsed = parseTrackingCode(code);
  return parsed.ok ? parsed.value.sequence : 0;
}

export interface NewItem {
  readonly id: string;
  readonly kind: PushItemKind;
  /** The body's canonical JSON: its text, or that text's UTF-8 bytes (a push has them, hashed). */
  readonly bodyJson: string | Buffer;
  readonly bodySha256: string;
  readonly trackingCode: string | null;
  readonly transactionId: string | null;
  status: ServerTransactionStatus | null;
}

/**
 * Inserts a batch's new items with one statement, in order (their seq follows it). The rows go as
 * one JSON document with each body embedded as received (canonical JSON already), so neither
 * side escapes them again; the document goes as UTF-8 bytes put together from each body's own,
 * so the push's bodies are encoded once (for their hash) and not again by the driver. Returns
 * how many went in: fewer than given means another push stored one of these ids (or tracking
 * codes) meanwhile.
 */
export async function insertItems(
  tx: Queryable,
  items: readonly NewItem[],
  owner: { officeId: number; terminalId: string; now: number },
): Promise<number> {
  if (items.length === 0) return 0;
  const parts: Buffer[] = [];
  for (const [n, i] of items.entries()) {
    const head =
      `${n === 0 ? '[' : ','}{"id":${JSON.stringify(i.id)},"kind":${JSON.stringify(i.kind)},` +
      `"sha":${JSON.stringify(i.bodySha256)},"code":${JSON.stringify(i.trackingCode)},` +
      `"tid":${JSON.stringify(i.transactionId)},"status":${JSON.stringify(i.status)},"body":`;
    const body = typeof i.bodyJson === 'string' ? Buffer.from(i.bodyJson, 'utf8') : i.bodyJson;
    parts.push(Buffer.from(head, 'utf8'), body, CLOSE_ROW);
  }
  parts.push(CLOSE_ARRAY);
  // Only how many went in comes back: a row per item was as many messages for both sides to handle.
  const [inserted] = await tx.query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, tracking_code, transaction_id, status, received_at)
       SELECT (e->>'id')::uuid, e->>'kind', $2, $3, e->'body', e->>'sha', e->>'code', (e->>'tid')::uuid, e->>'status', $4
       FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS u(e, n)
       ORDER BY u.n
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    [Buffer.concat(parts), owner.officeId, owner.terminalId, owner.now],
  );
  return inserted?.n ?? 0;
}

// A Buffer parameter goes to either driver as the bytes of the text it is cast from.
const CLOSE_ROW = Buffer.from('}');
const CLOSE_ARRAY = Buffer.from(']');

export interface NewConflict {
  readonly itemId: string;
  readonly bodyJson: string;
  readonly bodySha256: string;
}

export async function recordConflicts(
  tx: Queryable,
  conflicts: readonly NewConflict[],
  by: { terminalId: string; now: number },
): Promise<void> {
  if (conflicts.length === 0) return;
  await tx.query(
    `INSERT INTO push_conflicts (item_id, terminal_id, body, body_sha256, seen_at)
     SELECT u.id, $4, u.body::jsonb, u.sha, $5
     FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS u(id, body, sha, n) ORDER BY u.n`,
    [
      conflicts.map((c) => c.itemId),
      conflicts.map((c) => c.bodyJson),
      conflicts.map((c) => c.bodySha256),
      by.terminalId,
      by.now,
    ],
  );
}

/** Stored transactions by id, locked for this database transaction. */
export async function lockTransactions(
  tx: Queryable,
  ids: readonly string[],
): Promise<Map<string, TransactionState>> {
  const found = new Map<string, TransactionState>();
  if (ids.length === 0) return found;
  const rows = await tx.query<TransactionState>(
    `SELECT id::text AS id, office_id AS "officeId", tracking_code AS "trackingCode", status
     FROM items WHERE kind = 'transaction' AND id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  for (const row of rows) found.set(row.id, row);
  return found;
}

/** New statuses of stored transactions, one statement. */
export async function updateStatuses(
  tx: Queryable,
  updates: ReadonlyMap<string, ServerTransactionStatus>,
): Promise<void> {
  if (updates.size === 0) return;
  await tx.query(
    `UPDATE items AS i SET status = u.status FROM unnest($1::uuid[], $2::text[]) AS u(id, status)
     WHERE i.id = u.id AND i.kind = 'transaction'`,
    [[...updates.keys()], [...updates.values()]],
  );
}

export interface HistoryRow {
  readonly transactionId: string;
  readonly status: ServerTransactionStatus;
  readonly source: 'counter' | 'municipality';
  readonly reason: string | null;
  readonly actor: string | null;
}

/** Status history rows, in order, one statement. Never a transaction's received entry (see transactionHistory). */
export async function insertHistory(tx: Queryable, rows: readonly HistoryRow[], now: number): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO status_history (transaction_id, status, source, reason, actor, at)
     SELECT r.tid, r.status, r.source, r.reason, r.actor, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(tid uuid, status text, source text, reason text, actor text, n integer)
     ORDER BY r.n`,
    [
      JSON.stringify(
        rows.map((r, n) => ({
          tid: r.transactionId,
          status: r.status,
          source: r.source,
          reason: r.reason,
          actor: r.actor,
          n,
        })),
      ),
      now,
    ],
  );
}

export interface TransactionState {
  readonly id: string;
  readonly officeId: number;
  readonly trackingCode: string;
  readonly status: ServerTransactionStatus;
}

/** A transaction of any office, locked for this transaction, by id or by tracking code. */
export async function lockTransaction(
  tx: Queryable,
  by: { id: string } | { trackingCode: string },
): Promise<TransactionState | null> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['tracking_code', by.trackingCode];
  const [row] = await tx.query<TransactionState>(
    `SELECT id::text AS id, office_id AS "officeId", tracking_code AS "trackingCode", status
     FROM items WHERE kind = 'transaction' AND ${column} = $1 FOR UPDATE`,
    [value],
  );
  return row ?? null;
}

export async function setTransactionStatus(
  tx: Queryable,
  change: {
    transactionId: string;
    status: ServerTransactionStatus;
    source: 'counter' | 'municipality';
    reason: string | null;
    actor: string | null;
    now: number;
  },
): Promise<void> {
  await tx.query("UPDATE items SET status = $2 WHERE id = $1 AND kind = 'transaction'", [
    change.transactionId,
    change.status,
  ]);
  await tx.query(
    'INSERT INTO status_history (transaction_id, status, source, reason, actor, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [change.transactionId, change.status, change.source, change.reason, change.actor, change.now],
  );
}

export interface AdminTransactionRow {
  readonly seq: number;
  readonly id: string;
  readonly trackingCode: string;
  readonly office: string;
  readonly terminal: number;
  readonly status: ServerTransactionStatus;
  readonly receivedAt: number;
  readonly body: Record<string, unknown>;
}

const ADMIN_COLUMNS = `i.seq::float8 AS seq, i.id::text AS id, i.tracking_code AS "trackingCode", o.code AS office,
  t.number AS terminal, i.status, i.received_at::float8 AS "receivedAt", i.body`;

export async function listTransactions(
  db: Queryable,
  filter: { officeCode: string | null; status: string | null; afterSeq: number; limit: number },
): Promise<AdminTransactionRow[]> {
  return db.query<AdminTransactionRow>(
    `SELECT ${ADMIN_COLUMNS}
     FROM items i JOIN offices o ON o.id = i.office_id JOIN terminals t ON t.id = i.terminal_id
     WHERE i.kind = 'transaction' AND i.seq > $1 AND ($2::text IS NULL OR o.code = $2)
       AND ($3::text IS NULL OR i.status = $3)
     ORDER BY i.seq LIMIT $4`,
    [filter.afterSeq, filter.officeCode, filter.status, filter.limit],
  );
}

export async function countTransactions(
  db: Queryable,
  filter: { officeCode: string | null; status: string | null },
): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    `SELECT count(*)::float8 AS count FROM items i JOIN offices o ON o.id = i.office_id
     WHERE i.kind = 'transaction' AND ($1::text IS NULL OR o.code = $1) AND ($2::text IS NULL OR i.status = $2)`,
    [filter.officeCode, filter.status],
  );
  return row?.count ?? 0;
}

export async function findTransactionByTrackingCode(db: Queryable, trackingCode: string) {
  const [row] = await db.query<AdminTransactionRow>(
    `SELECT ${ADMIN_COLUMNS}
     FROM items i JOIN offices o ON o.id = i.office_id JOIN terminals t ON t.id = i.terminal_id
     WHERE i.kind = 'transaction' AND i.tracking_code = $1`,
    [trackingCode],
  );
  if (!row) return null;
  const stored = await db.query<HistoryEntry>(
    `SELECT status, source, reason, actor, at::float8 AS at FROM status_history WHERE transaction_id = $1 ORDER BY id`,
    [row.id],
  );
  return { ...row, history: transactionHistory(row, stored) };
}

type HistoryEntry = Omit<HistoryRow, 'transactionId'> & { readonly at: number };

/**
 * A transaction's history: the received entry, then the status changes stored in status_history,
 * in order. The received entry is read from the item's own row (received_at, and the operator its
 * body names): storing it again cost every push one more row per transaction. Servers before this
 * version did store it, as the first row and at the item's received_at: such a row is shown as
 * stored, not twice. Nothing stores a received row from the counter any more (insertHistory,
 * setTransactionStatus), so only theirs matches.
 */
function transactionHistory(
  item: { readonly receivedAt: number; readonly body: Record<string, unknown> },
  stored: readonly HistoryEntry[],
): HistoryEntry[] {
  const [first] = stored;
  if (first?.status === 'received' && first.source === 'counter' && first.at === item.receivedAt)
    return [...stored];
  // The re-check takes only an operator of 1 to 200 characters; the body's type does not say so.
  const operator = item.body['operator'];
  const received: HistoryEntry = {
    status: 'received',
    source: 'counter',
    reason: null,
    actor: typeof operator === 'string' ? operator.slice(0, 200) : null,
    at: item.receivedAt,
  };
  return [received, ...stored];
}

export async function listConflicts(db: Queryable, afterId: number, limit: number) {
  return db.query<{ id: number; itemId: string; terminalId: string; seenAt: number; body: unknown }>(
    `SELECT id::float8 AS id, item_id::text AS "itemId", terminal_id::text AS "terminalId",
       seen_at::float8 AS "seenAt", body
     FROM push_conflicts WHERE id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
}
