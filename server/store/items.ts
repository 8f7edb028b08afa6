import type { Queryable } from '../db/database';
import type { PushItemKind, ServerTransactionStatus } from '../../shared/sync/protocol';

export interface StoredItemKey {
  readonly officeId: number;
  readonly bodySha256: string;
}

export async function findItemKey(tx: Queryable, id: string): Promise<StoredItemKey | null> {
  const [row] = await tx.query<StoredItemKey>(
    'SELECT office_id AS "officeId", body_sha256 AS "bodySha256" FROM items WHERE id = $1',
    [id],
  );
  return row ?? null;
}

export interface NewItem {
  readonly id: string;
  readonly kind: PushItemKind;
  readonly officeId: number;
  readonly terminalId: string;
  readonly bodyJson: string;
  readonly bodySha256: string;
  readonly trackingCode: string;
  readonly transactionId: string;
  readonly status: ServerTransactionStatus | null;
  readonly now: number;
}

/** Inserts an item; false if its id (or, for a transaction, its tracking code) is already stored. */
export async function insertItem(tx: Queryable, item: NewItem): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, tracking_code, transaction_id, status, received_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      item.id,
      item.kind,
      item.officeId,
      item.terminalId,
      item.bodyJson,
      item.bodySha256,
      item.trackingCode,
      item.transactionId,
      item.status,
      item.now,
    ],
  );
  return rows.length > 0;
}

export async function recordConflict(
  tx: Queryable,
  conflict: { itemId: string; terminalId: string; bodyJson: string; bodySha256: string; now: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO push_conflicts (item_id, terminal_id, body, body_sha256, seen_at) VALUES ($1, $2, $3::jsonb, $4, $5)`,
    [conflict.itemId, conflict.terminalId, conflict.bodyJson, conflict.bodySha256, conflict.now],
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
  const history = await db.query(
    `SELECT status, source, reason, actor, at::float8 AS at FROM status_history WHERE transaction_id = $1 ORDER BY id`,
    [row.id],
  );
  return { ...row, history };
}

export async function listConflicts(db: Queryable, afterId: number, limit: number) {
  return db.query<{ id: number; itemId: string; terminalId: string; seenAt: number; body: unknown }>(
    `SELECT id::float8 AS id, item_id::text AS "itemId", terminal_id::text AS "terminalId",
       seen_at::float8 AS "seenAt", body
     FROM push_conflicts WHERE id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
}
