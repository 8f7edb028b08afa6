import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  MAX_PUSH_ITEMS,
  pushResponseSchema,
  TRANSACTION_SET_ASIDE,
  type PushResult,
} from '../../../shared/sync/protocol';
import type { Core } from '../core';
import { clockOffsetMs } from '../day/business-date';
import { prepared } from '../db/open';
import {
  auditBatchBody,
  enqueueAuditTrail,
  MAX_AUDIT_ITEM_BYTES,
  PENDING_STRETCHES,
  type AuditStretch,
} from './audit-outbox';
import type { SyncClient } from './client';
import { SyncFailure } from './errors';

/** One push request carries at most this many items (the server takes up to MAX_PUSH_ITEMS)… */
export const PUSH_MAX_ITEMS = MAX_PUSH_ITEMS;
/** …and at most this many bytes of items (the server accepts 5 MB; this leaves room). */
export const PUSH_MAX_BYTES = 2 * 1024 * 1024;

interface OutboxRow {
  seq: number;
  id: string;
  /** What the server knows as the item's kind; a kind it does not know comes back rejected. */
  kind: string;
  entity_id: string;
  body: string;
}

export interface PushCounts {
  /** Items sent (each batch counted once per request that got an answer); the audit trail apart. */
  pushed: number;
  /** Items the server accepted or already had; the audit trail apart. */
  delivered: number;
  /** Audit trail entries the server accepted or already had. */
  auditEntries: number;
  /** Items refused or conflicting: set aside for a person, the rest went on. */
  needsAttention: number;
  batches: number;
}

/** At most this many push requests are in flight at once (see pushAll). */
export const PUSH_IN_FLIGHT = 2;

interface Batch {
  readonly rows: OutboxRow[];
  readonly payload: string;
}

/** What the requests still in flight carry, which an item sent beside them must not depend on. */
interface InFlightItems {
  /** Transactions (by id) with an item in flight: a void or cancellation of one waits for its answer. */
  readonly entities: ReadonlySet<string>;
  /** The audit trail goes one stretch after another: the server checks each against the last. */
  readonly audit: boolean;
}

/**
 * May this row travel while `inFlight` is unanswered? A transaction always may; a void or
 * cancellation once its transaction's item is answered; an audit stretch once the previous one is;
 * anything else (a day settlement, a kind this version does not know) only alone, in order.
 */
function independent(row: OutboxRow, inFlight: InFlightItems): boolean {
  switch (row.kind) {
    case 'transaction':
      return true;
    case 'void':
    case 'cancellation_request':
      return !inFlight.entities.has(row.entity_id);
    case 'audit_batch':
      return !inFlight.audit;
    default:
      return false;
  }
}

/** At most this share of a request's bytes goes to the audit trail: sales travel beside it. */
const AUDIT_SHARE = 0.5;

/**
 * The next batch. First the audit trail's pending stretches, in order, while none is in flight and
 * the trail is not held (up to AUDIT_SHARE of the bytes): a backlog's trail is queued behind all
 * its sales, and sent after them it went one request at a time, each waiting for the answer to the
 * one before, while nothing else travelled. The server takes a stretch beside any sale (it checks
 * the trail against itself, and a settlement against the trail whichever comes first). Then the
 * other pending items in outbox order after `afterSeq`, up to `limit` items and PUSH_MAX_BYTES in
 * all (an item larger than that alone goes alone, and the server says whether it takes it). With
 * requests in flight it stops before the first item that depends on them. The payload is
 * assembled from the stored JSON as is, a slice at a time (SLICE_ITEMS items, or one audit stretch
 * read from the trail), with the calls waiting meanwhile let in between slices.
 */
async function nextBatch(
  core: Core,
  limit: number,
  afterSeq: number,
  inFlight: InFlightItems | null,
  skipAudit = false,
): Promise<Batch | null> {
  const stretches =
    skipAudit || inFlight?.audit ? [] : (prepared(core.db, PENDING_STRETCHES).all(limit) as OutboxRow[]);
  const parts: string[] = [];
  const taken: OutboxRow[] = [];
  let bytes = '{"items":[]}'.length;
  const take = (row: OutboxRow, most: number): boolean => {
    const part = itemPart(core, row);
    const size = Buffer.byteLength(part, 'utf8') + 1;
    if (taken.length > 0 && bytes + size > most) return false;
    parts.push(part);
    taken.push(row);
    bytes += size;
    return true;
  };
  for (const row of stretches) {
    // A stretch's body is read from the trail to be measured: not one that may not fit.
    if (taken.length > 0 && bytes + MAX_AUDIT_ITEM_BYTES > PUSH_MAX_BYTES * AUDIT_SHARE) break;
    await letCallsIn();
    if (!take(row, PUSH_MAX_BYTES * AUDIT_SHARE)) break;
  }
  const rows = prepared(
    core.db,
    `SELECT seq, id, kind, entity_id, body FROM outbox WHERE state = 'pending' AND seq > ?
        AND kind != 'audit_batch' ORDER BY seq LIMIT ?`,
  ).all(afterSeq, limit - taken.length) as OutboxRow[];
  let slice = 0;
  for (const row of rows) {
    if (inFlight && !independent(row, inFlight)) break;
    if (++slice === SLICE_ITEMS) {
      slice = 0;
      await letCallsIn();
    }
    if (!take(row, PUSH_MAX_BYTES)) break;
  }
  if (taken.length === 0) return null;
  return { rows: taken, payload: `{"items":[${parts.join(',')}]}` };
}

/** One item as the push request carries it; an audit stretch's entries are read from the trail. */
function itemPart(core: Core, row: OutboxRow): string {
  const body = row.kind === 'audit_batch' ? auditBatchBody(core, stretchOf(row)) : row.body;
  return `{"id":${JSON.stringify(row.id)},"kind":${JSON.stringify(row.kind)},"body":${body}}`;
}

/** Rows looked through for an item to probe the server with (see pushAll). */
const PROBE_SCAN = 1_000;

/**
 * The first pending item after `lone` (not an audit stretch) that does not depend on it (not its
 * own void, not an item that goes only in order), alone: what the server is asked to take to tell
 * whether it fails on `lone` or on everything. A stretch never probes: the trail leads every batch
 * it can, so one still pending here is held, or follows one that is, and would arrive out of order.
 */
function probeAfter(core: Core, lone: OutboxRow): Batch | null {
  const rows = prepared(
    core.db,
    `SELECT seq, id, kind, entity_id, body FROM outbox WHERE state = 'pending' AND seq > ?
       AND kind != 'audit_batch' ORDER BY seq LIMIT ?`,
  ).all(lone.seq, PROBE_SCAN) as OutboxRow[];
  const waiting: InFlightItems = { entities: new Set([lone.entity_id]), audit: true };
  const row = rows.find((r) => independent(r, waiting));
  return row ? { rows: [row], payload: `{"items":[${itemPart(core, row)}]}` } : null;
}

function stretchOf(row: OutboxRow): AuditStretch {
  return JSON.parse(row.body) as AuditStretch;
}

/** A void or cancellation request the server did not know, its transaction being refused. */
export const UNKNOWN_TRANSACTION = 'rejected: unknown_transaction';
/** How such a one is set aside: waiting beside its transaction (see TRANSACTION_SET_ASIDE). */
export const WAITS_FOR_TRANSACTION = `rejected: ${TRANSACTION_SET_ASIDE}`;

/**
 * Applies one batch's answers, SLICE_ITEMS items per SQLite transaction with the calls waiting
 * meanwhile let in between, set-wise with prepared statements: accepted or duplicate → delivered
 * (and a transaction still `saved` becomes `received`, with its history row); conflict or rejected
 * → set aside as needs attention, with the reason. Only rows still pending change (another process
 * may have applied the same answer). A slice is whole: an item's mark, its transaction's status
 * and its history row commit together. Should the process stop between slices, the items not yet
 * marked go again and the server answers them as duplicates.
 */
async function applyResults(
  core: Core,
  rows: readonly OutboxRow[],
  results: readonly PushResult[],
  counts: PushCounts,
): Promise<void> {
  const byId = new Map(results.map((r) => [r.id.toLowerCase(), r]));
  for (let from = 0; from < rows.length; from += SLICE_ITEMS) {
    if (from > 0) await letCallsIn();
    applySlice(core, rows.slice(from, from + SLICE_ITEMS), byId, counts);
  }
}

function applySlice(
  core: Core,
  rows: readonly OutboxRow[],
  byId: ReadonlyMap<string, PushResult>,
  counts: PushCounts,
): void {
  const now = core.now();
  const deliver = prepared(
    core.db,
    `UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL
     WHERE seq IN (SELECT value FROM json_each(?)) AND state = 'pending' RETURNING seq`,
  );
  const setAside = prepared(
    core.db,
    "UPDATE outbox SET state = 'needs_attention', attempts = attempts + 1, last_error = ? WHERE seq = ? AND state = 'pending'",
  );
  // The server refused the transaction itself (not a conflict: then it holds a version of it).
  const transactionRefused = prepared(
    core.db,
    `SELECT 1 FROM outbox WHERE id = ? AND kind = 'transaction' AND state = 'needs_attention'
       AND last_error LIKE 'rejected:%'`,
  );
  const received = prepared(
    core.db,
    `UPDATE transactions SET status = 'received'
     WHERE id IN (SELECT value FROM json_each(?)) AND status = 'saved' RETURNING id`,
  ).pluck();
  const history = prepared(
    core.db,
    `INSERT INTO status_history (transaction_id, status, source, at)
     SELECT value, 'received', 'municipality', ? FROM json_each(?)`,
  );
  const delivered: OutboxRow[] = [];
  const refused: { row: OutboxRow; result: PushResult }[] = [];
  for (const row of rows) {
    const result = byId.get(row.id.toLowerCase());
    if (!result) continue;
    if (result.outcome === 'accepted' || result.outcome === 'duplicate') delivered.push(row);
    else refused.push({ row, result });
  }
  // Marking items delivered needs no fsync of its own: if a power cut loses the marks, the items
  // go again and the server answers them as duplicates. The next save's commit (synchronous=FULL)
  // makes them durable anyway, so a batch's answer costs no disk flush.
  core.db.pragma('synchronous = NORMAL');
  try {
    core.db.transaction(applyAnswers)();
  } finally {
    core.db.pragma('synchronous = FULL');
  }

  function applyAnswers(): void {
    const changed = new Set(
      (deliver.all(now, JSON.stringify(delivered.map((r) => r.seq))) as { seq: number }[]).map((r) => r.seq),
    );
    const transactions: string[] = [];
    for (const row of delivered) {
      if (!changed.has(row.seq)) continue;
      if (row.kind === 'audit_batch') {
        const stretch = stretchOf(row);
        counts.auditEntries += stretch.lastSeq - stretch.firstSeq + 1;
      } else counts.delivered++;
      if (row.kind === 'transaction') transactions.push(row.entity_id);
    }
    if (transactions.length > 0) {
      const nowReceived = received.all(JSON.stringify(transactions)) as string[];
      // The municipality's row, in the municipality's time as the last answers told it (the PC's
      // clock may be days off; the rows the pull brings carry the server's time too).
      if (nowReceived.length > 0) history.run(now + clockOffsetMs(core), JSON.stringify(nowReceived));
    }
    for (const { row, result } of refused) {
      let reason = `${result.outcome}${result.reason ? `: ${result.reason}` : ''}`;
      // A void of a transaction set aside, refused as unknown because the server never took that
      // transaction: it waits beside it, and goes again with it (SyncEngine.requeue).
      if (
        reason === UNKNOWN_TRANSACTION &&
        (row.kind === 'void' || row.kind === 'cancellation_request') &&
        transactionRefused.get(row.entity_id) !== undefined
      )
        reason = WAITS_FOR_TRANSACTION;
      if (setAside.run(reason, row.seq).changes === 0) continue;
      counts.needsAttention++;
      core.audit.append({
        action: 'sync_item_needs_attention',
        entity: row.kind,
        entityId: row.entity_id,
        details: {
          outboxId: row.id,
          outcome: result.outcome,
          reason: result.reason ?? null,
          ...(reason === WAITS_FOR_TRANSACTION ? { setAsideAs: TRANSACTION_SET_ASIDE } : {}),
        },
      });
    }
  }
}

/**
 * The server failed on the request itself (500: its own fault, not a proxy's 502/504 or an
 * overload's 503): perhaps for something one item carries, which it would fail on every time.
 */
function serverFailedOn(error: unknown): error is SyncFailure {
  return error instanceof SyncFailure && error.code === 'server_error' && error.httpStatus === 500;
}

/** The server refused the request as a whole, for what it carried (not who sent it or when). */
function refusedForContent(error: unknown): error is SyncFailure {
  return error instanceof SyncFailure && (error.code === 'request_refused' || error.httpStatus === 413);
}

type Answer =
  | { readonly ok: true; readonly results: readonly PushResult[] }
  | { readonly ok: false; readonly error: unknown };

interface Sent {
  readonly batch: Batch;
  readonly answer: Promise<Answer>;
  /** The order it was sent in, in this run. */
  readonly no: number;
}

/**
 * Lets the calls that came in meanwhile run before the next step of a push. Reading and sending a
 * batch, and applying an answer, took the core's thread for up to 100 ms on a large batch; back to
 * back they kept a counter's lookup waiting over 100 ms (bench `lookup-during-drain-*`). So each
 * is done a slice at a time with this between slices. Two turns: the first ends the current
 * event-loop phase, the second comes after the next timers and I/O, where a waiting call is.
 */
async function letCallsIn(): Promise<void> {
  await nextTurn();
  await nextTurn();
}

/** Items read into a batch, or answers applied, between two chances for waiting calls to run. */
export const SLICE_ITEMS = 100;

/**
 * The item limit after the server refused or failed on `batch` as a whole: the audit trail's
 * stretches that led it apart from the rest, then halves. A server failing on the trail then
 * costs two requests, not one per halving, before the sales go on.
 */
function narrowed(batch: Batch): number {
  const stretches = batch.rows.filter((r) => r.kind === 'audit_batch').length;
  if (stretches > 0 && stretches < batch.rows.length) return stretches;
  return Math.max(1, Math.floor(batch.rows.length / 2));
}

/**
 * Drains the outbox: batch after batch, in outbox order (the audit trail's stretches ahead, see
 * nextBatch), until nothing is pending. Up to PUSH_IN_FLIGHT requests travel at once — when an
 * answer comes, the next batch is read and sent first, then the answer applied, while the server
 * works — but an item never travels beside one it depends on (a void beside its transaction, an
 * audit stretch beside the one before it, or one whose answer is not applied yet), so the server
 * decides every item after what it depends on, as if the batches went one by one. Answers are
 * applied in the order the batches were sent. A failed request throws (the caller retries later)
 * once the others in flight are answered; what was delivered stays delivered. A batch the server
 * refuses as a whole (malformed or too large) is narrowed (the trail's stretches apart, then
 * halves) until the item it cannot take travels alone, and that one is set aside: nothing in the
 * outbox stalls it. A batch the server fails on (500) is narrowed the same way, down to the item
 * it fails on (see `failsOnlyOn`). `counts` is filled in as answers are applied, a failed run's
 * too.
 */
export async function pushAll(
  core: Core,
  client: SyncClient,
  shouldStop: () => boolean,
  counts: PushCounts = { pushed: 0, delivered: 0, auditEntries: 0, needsAttention: 0, batches: 0 },
): Promise<PushCounts> {
  enqueueAuditTrail(core);
  let limit = PUSH_MAX_ITEMS;
  const inFlight: Sent[] = [];
  let sends = 0;
  /** The latest request (by `no`) the server answered with its items' outcomes. */
  let lastTaken = -1;
  /** An audit stretch the server fails on waits for the next run; the rest of the queue goes on. */
  let auditHeld: unknown = null;
  const send = (batch: Batch): Sent => {
    const no = sends++;
    return {
      batch,
      no,
      answer: client.send('POST', '/v1/push', batch.payload, pushResponseSchema).then(
        (answer): Answer => {
          lastTaken = Math.max(lastTaken, no);
          return { ok: true, results: answer.results };
        },
        (error: unknown): Answer => ({ ok: false, error }),
      ),
    };
  };
  const apply = async (batch: Batch, results: readonly PushResult[]): Promise<void> => {
    const sent = new Set(batch.rows.map((r) => r.id.toLowerCase()));
    const answered = new Set(results.map((r) => r.id.toLowerCase()));
    if (answered.size !== sent.size || [...sent].some((id) => !answered.has(id)))
      throw new SyncFailure('bad_response', 'the push answer does not match the items sent', true);
    counts.pushed += batch.rows.filter((r) => r.kind !== 'audit_batch').length;
    counts.batches++;
    await applyResults(core, batch.rows, results, counts);
  };
  // The first failure, kept until every request in flight is answered and applied.
  let failure: { readonly sent: Sent; readonly error: unknown } | null = null;

  // The next batch after those sent and not yet applied, none of whose items depends on them.
  const nextAfter = (sent: readonly Sent[]): Promise<Batch | null> =>
    sent.length === 0
      ? nextBatch(core, limit, 0, null, auditHeld !== null)
      : nextBatch(
          core,
          limit,
          // The trail's stretches apart: they are taken on their own, ahead of the rest.
          Math.max(
            0,
            ...sent.flatMap((s) => s.batch.rows.filter((r) => r.kind !== 'audit_batch').map((r) => r.seq)),
          ),
          {
            entities: new Set(sent.flatMap((s) => s.batch.rows.map((r) => r.entity_id))),
            audit: sent.some((s) => s.batch.rows.some((r) => r.kind === 'audit_batch')),
          },
          auditHeld !== null,
        );

  /**
   * The server failed (500) on `lone`, an item alone, sent as request `no`. Unless it took a
   * request sent after that one, the first later item that does not depend on `lone` is sent to
   * find out. If the server takes others and fails on `lone` once more, `lone` is what it cannot
   * take, and it no longer holds back the queue: an item is set aside for a person (requeued once
   * the municipality fixes its server). Otherwise (the server may be down, or nothing else is
   * waiting to tell) this throws, and every item stays pending. An audit stretch is never set
   * aside (the trail goes in order, and a stretch set aside would look like a gap in it): failed
   * once more, it waits for the next run, pending, and the rest goes on without the trail: no
   * probe first. Says whether it held the stretch.
   */
  const failsOnlyOn = async (lone: Batch, no: number, error: unknown): Promise<'went' | 'held'> => {
    const only = lone.rows[0];
    if (!only || shouldStop()) throw error;
    if (only.kind !== 'audit_batch' && lastTaken <= no) {
      const probe = probeAfter(core, only);
      if (!probe) throw error;
      const answer = await send(probe).answer;
      if (!answer.ok) throw error;
      await apply(probe, answer.results);
    }
    const again = await send(lone).answer;
    if (again.ok) {
      await apply(lone, again.results);
      return 'went';
    }
    if (!serverFailedOn(again.error)) throw again.error;
    if (only.kind === 'audit_batch') {
      auditHeld = again.error;
      return 'held';
    }
    await applyResults(
      core,
      lone.rows,
      [{ id: only.id, outcome: 'rejected', reason: 'server_error' }],
      counts,
    );
    return 'went';
  };

  for (;;) {
    if (!failure && !shouldStop() && inFlight.length < PUSH_IN_FLIGHT) {
      const batch = await nextAfter(inFlight);
      if (batch) {
        inFlight.push(send(batch));
        continue;
      }
    }
    const oldest = inFlight.shift();
    if (!oldest) break;
    const answer = await oldest.answer;
    if (answer.ok && !failure && !shouldStop()) {
      // The server gets its next batch before this answer is applied (the answered items count as
      // in flight until then), and calls waiting meanwhile run between the two.
      const next = await nextAfter([oldest, ...inFlight]);
      if (next) inFlight.push(send(next));
      await letCallsIn();
    }
    let problem: { error: unknown } | null = answer.ok ? null : { error: answer.error };
    if (answer.ok)
      try {
        await apply(oldest.batch, answer.results);
        if (!failure) limit = PUSH_MAX_ITEMS;
      } catch (error) {
        problem = { error };
      }
    failure ??= problem && { sent: oldest, error: problem.error };
    if (!failure || inFlight.length > 0) continue;
    // Nothing in flight any more: deal with the failure as if the batches had gone one by one.
    const { sent, error } = failure;
    const { batch } = sent;
    failure = null;
    if (serverFailedOn(error)) {
      // Narrowed down to the item the server fails on, if there is one. A server that fails on
      // everything fails on the first lone item and on the items after it: all stay pending.
      if (shouldStop()) throw error;
      if (batch.rows.length > 1) {
        limit = narrowed(batch);
        continue;
      }
      // An audit stretch held: the next item goes alone too, and tells whether the server fails
      // on everything before whole batches go again.
      if ((await failsOnlyOn(batch, sent.no, error)) === 'went') limit = PUSH_MAX_ITEMS;
      continue;
    }
    if (!refusedForContent(error)) throw error;
    const only = batch.rows[0];
    if (batch.rows.length === 1 && only) {
      const reason = error.httpStatus === 413 ? 'too_large' : 'refused';
      await applyResults(core, batch.rows, [{ id: only.id, outcome: 'rejected', reason }], counts);
    } else limit = narrowed(batch);
  }
  // The rest went; the audit stretch the server fails on is sent again next run.
  if (auditHeld !== null) throw auditHeld;
  return counts;
}
