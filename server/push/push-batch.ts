import type { Database, Queryable } from '../db/database';
import type { AuthenticatedTerminal } from '../context';
import { sha256Hex } from '../crypto';
import { canonicalJson } from '../../shared/sync/canonical-json';
import {
  PUSH_ITEM_KINDS,
  pushItemSchema,
  type PushItem,
  type PushResult,
  SERVER_CANCELLABLE,
  SERVER_VOIDABLE,
  type ServerTransactionStatus,
} from '../../shared/sync/protocol';
import type { PushAnswer, PushRefusalReason } from '../../shared/sync/refusals';
import { auditBatchBodySchema, type AuditBatchBody } from '../../shared/sync/audit-batch';
import {
  daySettlementBodySchema,
  settlementProblem,
  type DaySettlementBody,
} from '../../shared/sync/settlement';
import {
  findItemKeys,
  insertHistory,
  insertItems,
  lockTransactions,
  recordConflicts,
  takenTrackingCodes,
  updateStatuses,
  type HistoryRow,
  type NewConflict,
  type NewItem,
  type StoredItemKey,
} from '../store/items';
import { insertSettlements, settledDays, settledLateVoids, type NewSettlement } from '../store/settlements';
import { matchSettlementHeads } from '../store/settlement-heads';
import { appendChanges } from '../store/changes';
import {
  insertAuditEntries,
  lockChainHead,
  lockTerminal,
  recordChainBreaks,
  storedHashes,
  type ChainHead,
  type NewAuditEntry,
  type NewChainBreak,
} from '../store/audit';
import { recheck, type ItemIndex, type RecheckContext } from './recheck';
import { checkAuditChain } from './audit-chain';
import { catalogsByVersion } from './catalog-cache';

// A void only before the municipality acted; a cancellation request after it received the item.
const VOIDABLE: ReadonlySet<ServerTransactionStatus> = new Set(SERVER_VOIDABLE);
const CANCELLABLE: ReadonlySet<ServerTransactionStatus> = new Set(SERVER_CANCELLABLE);
const KNOWN_KINDS: ReadonlySet<string> = new Set(PUSH_ITEM_KINDS);

/** Another push stored some of this batch's ids meanwhile: roll back and decide again. */
class ConcurrentPush extends Error {}

interface Received {
  readonly item: PushItem;
  /**
   * The body's canonical JSON in UTF-8, encoded once: hashed, then stored as it is. Only the bytes
   * are kept while the batch is decided, off the JS heap (a batch's text would be copied by every
   * young-generation collection meanwhile).
   */
  readonly bodyJson: Buffer;
  readonly bodySha256: string;
}

/** What the pure checks found about an item not yet stored. */
type Checked =
  | { readonly kind: 'rejected'; readonly reason: PushRefusalReason }
  | { readonly kind: 'indexed'; readonly index: ItemIndex }
  | { readonly kind: 'settlement'; readonly body: DaySettlementBody }
  | { readonly kind: 'audit'; readonly body: AuditBatchBody };

function idOf(raw: unknown): string {
  if (typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string')
    return raw.id.slice(0, 64).toLowerCase();
  return '';
}

/** `\u0000` in JSON text, and not a backslash written out before the letters `u0000`. */
const NUL_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u0000/;

function receive(raw: unknown): Received | PushAnswer {
  if (typeof raw === 'object' && raw !== null && 'kind' in raw && typeof raw.kind === 'string')
    if (!KNOWN_KINDS.has(raw.kind)) return { id: idOf(raw), outcome: 'rejected', reason: 'unknown_kind' };
  const parsed = pushItemSchema.safeParse(raw);
  if (!parsed.success) return { id: idOf(raw), outcome: 'rejected', reason: 'invalid_item' };
  const item: PushItem = { ...parsed.data, id: parsed.data.id.toLowerCase() };
  const bodyJson = canonicalJson(item.body);
  // PostgreSQL's jsonb cannot hold U+0000: such an item is answered on its own instead of failing
  // the whole batch (and so every batch after it) with a database error.
  if (NUL_ESCAPE.test(bodyJson)) return { id: item.id, outcome: 'rejected', reason: 'text_contains_nul' };
  const bytes = Buffer.from(bodyJson, 'utf8');
  return { item, bodyJson: bytes, bodySha256: sha256Hex(bytes) };
}

/** `context` is the batch's: the pushing terminal and the catalogs its items name. */
function check(item: PushItem, terminal: AuthenticatedTerminal, context: RecheckContext): Checked {
  switch (item.kind) {
    case 'transaction':
    case 'void':
    case 'cancellation_request': {
      const checked = recheck({ ...item, kind: item.kind }, context);
      return checked.ok
        ? { kind: 'indexed', index: checked.index }
        : { kind: 'rejected', reason: checked.reason };
    }
    case 'day_settlement': {
      const parsed = daySettlementBodySchema.safeParse(item.body);
      if (!parsed.success) return { kind: 'rejected', reason: 'settlement_invalid' };
      // Only the pushing terminal's own day.
      if (parsed.data.office !== terminal.officeCode || parsed.data.terminal !== terminal.number)
        return { kind: 'rejected', reason: 'settlement_not_this_terminal' };
      const problem = settlementProblem(parsed.data);
      return problem ? { kind: 'rejected', reason: problem } : { kind: 'settlement', body: parsed.data };
    }
    case 'audit_batch': {
      const parsed = auditBatchBodySchema.safeParse(item.body);
      if (!parsed.success) return { kind: 'rejected', reason: 'audit_batch_invalid' };
      if (parsed.data.office !== terminal.officeCode || parsed.data.terminal !== terminal.number)
        return { kind: 'rejected', reason: 'audit_not_this_terminal' };
      return { kind: 'audit', body: parsed.data };
    }
  }
}

/** Everything a batch writes, gathered while deciding and written with a few statements at the end. */
class BatchWrites {
  readonly items: NewItem[] = [];
  readonly newTransactions = new Map<string, NewItem>();
  readonly statusUpdates = new Map<string, ServerTransactionStatus>();
  readonly history: HistoryRow[] = [];
  readonly conflicts: NewConflict[] = [];
  readonly settlements: NewSettlement[] = [];
  readonly auditEntries: NewAuditEntry[] = [];
  readonly breaks: NewChainBreak[] = [];
  /** Voids and cancellation requests taken: each goes on the office's feed after what came before it. */
  readonly feed: {
    transactionId: string;
    trackingCode: string;
    status: ServerTransactionStatus;
    reason: string | null;
    actor: string | null;
    counterAt: number;
  }[] = [];

  async flush(tx: Queryable, terminal: AuthenticatedTerminal, now: number): Promise<void> {
    const owner = { officeId: terminal.officeId, terminalId: terminal.id, now };
    if ((await insertItems(tx, this.items, owner)) !== this.items.length) throw new ConcurrentPush();
    await updateStatuses(tx, this.statusUpdates);
    await insertHistory(tx, this.history, now);
    await recordConflicts(tx, this.conflicts, owner);
    if (!(await insertSettlements(tx, this.settlements, owner))) throw new ConcurrentPush();
    if ((await insertAuditEntries(tx, this.auditEntries, owner)) !== this.auditEntries.length)
      throw new ConcurrentPush();
    await recordChainBreaks(tx, this.breaks, owner);
    // Whichever of a settlement and its trail's head entry arrived first, they are compared now.
    if (this.settlements.length > 0 || this.auditEntries.length > 0)
      await matchSettlementHeads(tx, terminal.id, now);
    // A counter pulling a status staff set before the void or request arrived (it was taken from
    // that status) then reads this one after it, and ends where the server is.
    await appendChanges(tx, {
      officeId: terminal.officeId,
      type: 'status',
      payloads: this.feed.map((change) => ({ ...change, at: now })),
      now,
    });
  }
}

/**
 * Decides every item of one batch, in the order sent, against what is stored and what the batch
 * itself accepted before it (a void after the transaction it voids; the same id twice), with a
 * handful of set-wise queries; then writes it all with one statement per table.
 */
async function storeOnce(
  db: Database,
  tx: Queryable,
  raws: readonly unknown[],
  terminal: AuthenticatedTerminal,
  now: number,
): Promise<PushAnswer[]> {
  const received = raws.map(receive);
  const ids = new Set<string>();
  for (const r of received) if ('item' in r) ids.add(r.item.id);
  const stored = await findItemKeys(tx, [...ids]);
  const catalogs = await catalogsByVersion(db, tx, raws);
  const context: RecheckContext = {
    officeCode: terminal.officeCode,
    terminalNumber: terminal.number,
    catalog: (version) => catalogs.get(version) ?? null,
  };
  const checked = received.map((r) =>
    'item' in r && !stored.has(r.item.id) ? check(r.item, terminal, context) : null,
  );

  const codes: string[] = [];
  const targetIds: string[] = [];
  const days: { dayId: string; businessDate: string }[] = [];
  const lateVoids: string[] = [];
  let hasAudit = false;
  for (const [i, c] of checked.entries()) {
    const r = received[i];
    if (!c || !r || !('item' in r)) continue;
    if (c.kind === 'indexed') {
      if (r.item.kind === 'transaction') codes.push(c.index.trackingCode);
      else targetIds.push(c.index.transactionId);
    } else if (c.kind === 'settlement') {
      days.push({ dayId: c.body.id, businessDate: c.body.businessDate });
      lateVoids.push(...c.body.lateVoids);
    } else if (c.kind === 'audit') hasAudit = true;
  }
  const taken = await takenTrackingCodes(tx, codes);
  const targets = await lockTransactions(tx, targetIds);
  const settled = await settledDays(tx, terminal.id, days);
  const refunded = await settledLateVoids(tx, lateVoids);
  let head: ChainHead | null = hasAudit ? await lockChainHead(tx, terminal.id) : null;
  if (!hasAudit && days.length > 0) await lockTerminal(tx, terminal.id);
  const storedHead = head;
  const heldInBatch = new Map<number, string>();

  const writes = new BatchWrites();
  const accepted = new Map<string, StoredItemKey>();
  const statusOf = (id: string) => writes.newTransactions.get(id)?.status ?? targets.get(id)?.status;

  const results: PushAnswer[] = [];
  for (const [i, r] of received.entries()) {
    if (!('item' in r)) {
      results.push(r);
      continue;
    }
    const { item, bodyJson, bodySha256 } = r;
    const earlier = stored.get(item.id) ?? accepted.get(item.id);
    if (earlier) {
      // Same id again: the same body from the same office is a retry, anything else a conflict.
      if (earlier.officeId === terminal.officeId && earlier.bodySha256 === bodySha256)
        results.push({ id: item.id, outcome: 'duplicate' });
      else {
        writes.conflicts.push({ itemId: item.id, bodyJson: bodyJson.toString('utf8'), bodySha256 });
        results.push({ id: item.id, outcome: 'conflict', reason: 'different_body' });
      }
      continue;
    }
    const c = checked[i];
    if (!c) throw new Error('an item neither stored nor checked');
    const reject = (reason: PushRefusalReason) => results.push({ id: item.id, outcome: 'rejected', reason });
    const accept = (row: NewItem) => {
      writes.items.push(row);
      accepted.set(item.id, { officeId: terminal.officeId, bodySha256 });
      results.push({ id: item.id, outcome: 'accepted' });
    };
    const row = { id: item.id, kind: item.kind, bodyJson, bodySha256 };

    switch (c.kind) {
      case 'rejected':
        reject(c.reason);
        break;
      case 'indexed': {
        const { trackingCode, transactionId } = c.index;
        if (item.kind === 'transaction') {
          if (taken.has(trackingCode)) {
            reject('tracking_code_taken');
            break;
          }
          taken.add(trackingCode);
          const newItem: NewItem = { ...row, trackingCode, transactionId, status: 'received' };
          writes.newTransactions.set(transactionId, newItem);
          // No status history row: the item's own row is its received entry (store/items transactionHistory).
          accept(newItem);
          break;
        }
        // Only this office's transactions: another office's is as good as unknown.
        const inBatch = writes.newTransactions.get(transactionId);
        const target = inBatch ?? targets.get(transactionId);
        const status = statusOf(transactionId);
        if (!target || !status || (!inBatch && targets.get(transactionId)?.officeId !== terminal.officeId)) {
          reject('unknown_transaction');
          break;
        }
        if (target.trackingCode !== trackingCode) {
          reject('tracking_code_mismatch');
          break;
        }
        if (!(item.kind === 'void' ? VOIDABLE : CANCELLABLE).has(status)) {
          reject(`not_allowed_when_${status}`);
          break;
        }
        const next: ServerTransactionStatus = item.kind === 'void' ? 'voided' : 'cancellation_requested';
        if (inBatch) inBatch.status = next;
        else writes.statusUpdates.set(transactionId, next);
        accept({ ...row, trackingCode, transactionId, status: null });
        const { reason, approvedBy, at } = item.body;
        const change = {
          transactionId,
          status: next,
          reason: typeof reason === 'string' ? reason : null,
          actor: typeof approvedBy === 'string' ? approvedBy.slice(0, 200) : null,
        };
        writes.history.push({ ...change, source: 'counter' });
        // The counter's own moment of it goes on the feed too (the re-check took only an integer
        // one): a counter restored from a backup older than this void records it again as made
        // then, not when it reached the server.
        writes.feed.push({ ...change, trackingCode, counterAt: at as number });
        break;
      }
      case 'settlement': {
        if (settled.dayIds.has(c.body.id) || settled.dates.has(c.body.businessDate)) {
          reject('day_already_settled');
          break;
        }
        // A refund another settlement took (a terminal restored from a backup older than that
        // close counts it again): the municipality holds each refund once.
        if (c.body.lateVoids.some((id) => refunded.has(id.toLowerCase()))) {
          reject('late_void_already_settled');
          break;
        }
        settled.dayIds.add(c.body.id);
        settled.dates.add(c.body.businessDate);
        for (const id of c.body.lateVoids) refunded.add(id.toLowerCase());
        accept({ ...row, trackingCode: null, transactionId: null, status: null });
        writes.settlements.push({ itemId: item.id, body: c.body });
        break;
      }
      case 'audit': {
        const overlap = c.body.entries
          .filter((e) => e.seq <= (storedHead?.seq ?? 0) && !heldInBatch.has(e.seq))
          .map((e) => e.seq);
        const held = await storedHashes(tx, terminal.id, overlap);
        const verdict = checkAuditChain(c.body, head, (seq) => heldInBatch.get(seq) ?? held.get(seq));
        if (!verdict.ok) {
          const { ok: _ok, ...where } = verdict;
          writes.breaks.push({ itemId: item.id, ...where });
          reject(verdict.reason);
          break;
        }
        // The entries themselves are kept in audit_entries; the ledger keeps what the item covered
        // (its hash is still over the whole body, so a different body under this id conflicts).
        const { entries } = c.body;
        const summary = {
          office: c.body.office,
          terminal: c.body.terminal,
          firstSeq: entries[0]?.seq ?? null,
          lastSeq: entries.at(-1)?.seq ?? null,
          entries: entries.length,
        };
        accept({
          ...row,
          bodyJson: JSON.stringify(summary),
          trackingCode: null,
          transactionId: null,
          status: null,
        });
        for (const entry of verdict.fresh) {
          writes.auditEntries.push({ itemId: item.id, entry });
          heldInBatch.set(entry.seq, entry.hash);
          head = { seq: entry.seq, hash: entry.hash };
        }
        break;
      }
    }
  }
  await writes.flush(tx, terminal, now);
  return results;
}

/**
 * Stores one push batch in ONE database transaction. An item that fails its checks is `rejected`
 * with a stable reason and the rest go on; an item of a kind this server does not know is
 * rejected as `unknown_kind`. If another push stored some of the same ids meanwhile, the batch is
 * decided again from what is now stored; an unexpected database error rolls the whole batch back
 * and the terminal sends it again, which the idempotency keys make safe.
 */
export async function storePushBatch(
  db: Database,
  items: readonly unknown[],
  terminal: AuthenticatedTerminal,
  now: number,
): Promise<PushResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => storeOnce(db, tx, items, terminal, now));
    } catch (error) {
      if (!(error instanceof ConcurrentPush) || attempt >= 3) throw error;
    }
  }
}
