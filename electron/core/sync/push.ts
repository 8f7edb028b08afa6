import { pushResponseSchema, type PushResult } from '../../../shared/sync/protocol';
import type { Core } from '../core';
import type { SyncClient } from './client';
import { SyncFailure } from './errors';

/** One push request carries at most this many items… */
export const PUSH_MAX_ITEMS = 200;
/** …and at most this many bytes of items (the server accepts 5 MB; this leaves room). */
export const PUSH_MAX_BYTES = 1024 * 1024;

interface OutboxRow {
  seq: number;
  id: string;
  kind: 'transaction' | 'void' | 'cancellation_request';
  entity_id: string;
  body: string;
}

export interface PushCounts {
  /** Items sent (each batch counted once per request that got an answer). */
  pushed: number;
  /** Items the server accepted or already had. */
  delivered: number;
  /** Items refused or conflicting: set aside for a person, the rest went on. */
  needsAttention: number;
  batches: number;
}

/**
 * The next batch: pending items in outbox order, at most PUSH_MAX_ITEMS and PUSH_MAX_BYTES (an item
 * larger than that alone goes alone, and the server says whether it takes it).
 */
function nextBatch(core: Core): { rows: OutboxRow[]; payload: string } | null {
  const rows = core.db
    .prepare("SELECT seq, id, kind, entity_id, body FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?")
    .all(PUSH_MAX_ITEMS) as OutboxRow[];
  if (rows.length === 0) return null;
  const parts: string[] = [];
  const taken: OutboxRow[] = [];
  let bytes = '{"items":[]}'.length;
  for (const row of rows) {
    const part = `{"id":${JSON.stringify(row.id)},"kind":${JSON.stringify(row.kind)},"body":${row.body}}`;
    const size = Buffer.byteLength(part, 'utf8') + 1;
    if (taken.length > 0 && bytes + size > PUSH_MAX_BYTES) break;
    parts.push(part);
    taken.push(row);
    bytes += size;
  }
  return { rows: taken, payload: `{"items":[${parts.join(',')}]}` };
}

/**
 * Applies one batch's answers in ONE SQLite transaction: accepted or duplicate → delivered (and a
 * transaction still `saved` becomes `received`, with its history row); conflict or rejected → set
 * aside as needs attention, with the reason. Only rows still pending change (another process may
 * have applied the same answer).
 */
function applyResults(
  core: Core,
  rows: readonly OutboxRow[],
  results: readonly PushResult[],
  counts: PushCounts,
): void {
  const byId = new Map(results.map((r) => [r.id.toLowerCase(), r]));
  const now = core.now();
  const deliver = core.db.prepare(
    "UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ? AND state = 'pending'",
  );
  const setAside = core.db.prepare(
    "UPDATE outbox SET state = 'needs_attention', attempts = attempts + 1, last_error = ? WHERE seq = ? AND state = 'pending'",
  );
  const received = core.db.prepare(
    "UPDATE transactions SET status = 'received' WHERE id = ? AND status = 'saved'",
  );
  const history = core.db.prepare(
    "INSERT INTO status_history (transaction_id, status, source, at) VALUES (?, 'received', 'municipality', ?)",
  );
  core.db.transaction(() => {
    for (const row of rows) {
      const result = byId.get(row.id.toLowerCase());
      if (!result) continue;
      if (result.outcome === 'accepted' || result.outcome === 'duplicate') {
        if (deliver.run(now, row.seq).changes === 0) continue;
        counts.delivered++;
        if (row.kind === 'transaction' && received.run(row.entity_id).changes > 0)
          history.run(row.entity_id, now);
      } else {
        const reason = `${result.outcome}${result.reason ? `: ${result.reason}` : ''}`;
        if (setAside.run(reason, row.seq).changes === 0) continue;
        counts.needsAttention++;
        core.audit.append({
          action: 'sync_item_needs_attention',
          entity: row.kind === 'transaction' ? 'transaction' : row.kind,
          entityId: row.entity_id,
          details: { outboxId: row.id, outcome: result.outcome, reason: result.reason ?? null },
        });
      }
    }
  })();
}

/**
 * Drains the outbox: batch after batch, in order, one request at a time, until nothing is pending.
 * A failed request throws (the caller retries later); what earlier batches delivered stays delivered.
 */
export async function pushAll(
  core: Core,
  client: SyncClient,
  shouldStop: () => boolean,
): Promise<PushCounts> {
  const counts: PushCounts = { pushed: 0, delivered: 0, needsAttention: 0, batches: 0 };
  for (;;) {
    if (shouldStop()) return counts;
    const batch = nextBatch(core);
    if (!batch) return counts;
    let answer;
    try {
      answer = await client.request(
        'POST',
        '/v1/push',
        JSON.parse(batch.payload) as unknown,
        pushResponseSchema,
      );
    } catch (error) {
      // One item too large for the server on its own: set it aside rather than block the queue.
      const only = batch.rows[0];
      if (batch.rows.length === 1 && only && error instanceof SyncFailure && error.httpStatus === 413) {
        applyResults(core, batch.rows, [{ id: only.id, outcome: 'rejected', reason: 'too_large' }], counts);
        continue;
      }
      throw error;
    }
    const sent = new Set(batch.rows.map((r) => r.id.toLowerCase()));
    const answered = new Set(answer.results.map((r) => r.id.toLowerCase()));
    if (answered.size !== sent.size || [...sent].some((id) => !answered.has(id)))
      throw new SyncFailure('bad_response', 'the push answer does not match the items sent', true);
    counts.pushed += batch.rows.length;
    counts.batches++;
    applyResults(core, batch.rows, answer.results, counts);
  }
}
