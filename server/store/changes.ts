import type { Queryable } from '../db/database';

// Held from taking a sequence number until commit, so the feed's numbers are committed in order
// and a reader never passes a number whose row commits later (a cursor would skip it for good).
const CHANGES_LOCK = 7_345_002;

export type ChangeType = 'status' | 'catalog' | 'notice';

/**
 * Takes the feed's lock until the transaction ends. A catalog's publication takes it before it
 * numbers the catalog, so catalogs are numbered, dated and announced in one order.
 */
export async function lockFeed(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGES_LOCK]);
}

/** Appends to the pull feed; `officeId` null means every office. Call inside a transaction. */
export async function appendChange(
  tx: Queryable,
  change: { officeId: number | null; type: ChangeType; payload: Record<string, unknown>; now: number },
): Promise<number> {
  const [seq] = await appendChanges(tx, { ...change, payloads: [change.payload] });
  if (seq === undefined) throw new Error('appendChange: no row returned');
  return seq;
}

/**
 * Appends changes of one office (or of every office) to the pull feed with one statement, numbered
 * in the order given: a push's voids and cancellation requests, after what came before them.
 * Returns their numbers, ascending: the first payload's is the first (they are handed out in the
 * payloads' order under the feed's lock). Call inside a transaction.
 */
export async function appendChanges(
  tx: Queryable,
  changes: {
    officeId: number | null;
    type: ChangeType;
    payloads: readonly Record<string, unknown>[];
    now: number;
  },
): Promise<number[]> {
  if (changes.payloads.length === 0) return [];
  await lockFeed(tx);
  const rows = await tx.query<{ seq: number }>(
    `INSERT INTO changes (office_id, type, payload, created_at)
     SELECT $1, $2, u.p, $4 FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS u(p, n) ORDER BY u.n
     RETURNING seq::float8 AS seq`,
    [changes.officeId, changes.type, JSON.stringify(changes.payloads), changes.now],
  );
  return rows.map((r) => r.seq).sort((a, b) => a - b);
}

export interface ChangeRow {
  readonly seq: number;
  readonly type: ChangeType;
  readonly payload: Record<string, unknown>;
}

/**
 * The office's feed after `cursor`. A catalog is brought only while it is the one published last:
 * a counter only ever needs that one, and a page then carries one whole catalog at most, however
 * many were published since the counter last pulled (each may be megabytes). The cursor passes
 * the ones left out. Catalogs are for every office (office_id NULL), found through
 * changes_office_seq.
 */
export async function changesAfter(
  db: Queryable,
  officeId: number,
  cursor: number,
  limit: number,
): Promise<ChangeRow[]> {
  return db.query<ChangeRow>(
    `SELECT c.seq::float8 AS seq, c.type, c.payload FROM changes c
     WHERE c.seq > $1 AND (c.office_id = $2 OR c.office_id IS NULL)
       AND (c.type <> 'catalog' OR c.seq = (
         SELECT l.seq FROM changes l WHERE l.office_id IS NULL AND l.type = 'catalog' ORDER BY l.seq DESC LIMIT 1))
     ORDER BY c.seq LIMIT $3`,
    [cursor, officeId, limit],
  );
}
