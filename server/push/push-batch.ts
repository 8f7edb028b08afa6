import type { Database, Queryable } from '../db/database';
import type { AuthenticatedTerminal } from '../context';
import { sha256Hex } from '../crypto';
import { canonicalJson } from '../../shared/sync/canonical-json';
import {
  pushItemSchema,
  type PushItem,
  type PushResult,
  type ServerTransactionStatus,
} from '../../shared/sync/protocol';
import {
  findItemKey,
  insertItem,
  lockTransaction,
  recordConflict,
  setTransactionStatus,
} from '../store/items';
import { recheck } from './recheck';
import { catalogsByVersion } from './catalog-cache';
import type { Catalog } from '../../shared/catalog/schema';

// A void only before the municipality acted; a cancellation request after it received the item.
const VOIDABLE: ReadonlySet<ServerTransactionStatus> = new Set(['received']);
const CANCELLABLE: ReadonlySet<ServerTransactionStatus> = new Set([
  'received',
  'in_review',
  'approved',
  'completed',
]);

function idOf(raw: unknown): string {
  if (typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string')
    return raw.id.slice(0, 64);
  return '';
}

/** Same id already stored: the same body from the same office is a retry, anything else a conflict. */
async function answerForExisting(
  tx: Queryable,
  item: PushItem,
  terminal: AuthenticatedTerminal,
  bodyJson: string,
  bodySha256: string,
  now: number,
): Promise<PushResult | null> {
  const existing = await findItemKey(tx, item.id);
  if (!existing) return null;
  if (existing.officeId === terminal.officeId && existing.bodySha256 === bodySha256)
    return { id: item.id, outcome: 'duplicate' };
  await recordConflict(tx, { itemId: item.id, terminalId: terminal.id, bodyJson, bodySha256, now });
  return { id: item.id, outcome: 'conflict', reason: 'different_body' };
}

async function storeItem(
  tx: Queryable,
  raw: unknown,
  terminal: AuthenticatedTerminal,
  catalogs: ReadonlyMap<string, Catalog>,
  now: number,
): Promise<PushResult> {
  const parsed = pushItemSchema.safeParse(raw);
  if (!parsed.success) return { id: idOf(raw), outcome: 'rejected', reason: 'invalid_item' };
  const item: PushItem = { ...parsed.data, id: parsed.data.id.toLowerCase() };

  const bodyJson = canonicalJson(item.body);
  const bodySha256 = sha256Hex(bodyJson);
  const existing = await answerForExisting(tx, item, terminal, bodyJson, bodySha256, now);
  if (existing) return existing;

  const checked = recheck(item, {
    officeCode: terminal.officeCode,
    terminalNumber: terminal.number,
    catalog: (version) => catalogs.get(version) ?? null,
  });
  if (!checked.ok) return { id: item.id, outcome: 'rejected', reason: checked.reason };

  if (item.kind !== 'transaction') {
    // Only this office's transactions: another office's is as good as unknown.
    const target = await lockTransaction(tx, { id: checked.index.transactionId });
    if (!target || target.officeId !== terminal.officeId)
      return { id: item.id, outcome: 'rejected', reason: 'unknown_transaction' };
    if (target.trackingCode !== checked.index.trackingCode)
      return { id: item.id, outcome: 'rejected', reason: 'tracking_code_mismatch' };
    const allowed = item.kind === 'void' ? VOIDABLE : CANCELLABLE;
    if (!allowed.has(target.status))
      return { id: item.id, outcome: 'rejected', reason: `not_allowed_when_${target.status}` };
  }

  const inserted = await insertItem(tx, {
    id: item.id,
    kind: item.kind,
    officeId: terminal.officeId,
    terminalId: terminal.id,
    bodyJson,
    bodySha256,
    trackingCode: checked.index.trackingCode,
    transactionId: checked.index.transactionId,
    status: item.kind === 'transaction' ? 'received' : null,
    now,
  });
  if (!inserted) {
    // Stored meanwhile by a concurrent push of the same id, or the tracking code is another's.
    const raced = await answerForExisting(tx, item, terminal, bodyJson, bodySha256, now);
    return raced ?? { id: item.id, outcome: 'rejected', reason: 'tracking_code_taken' };
  }

  const reason = typeof item.body.reason === 'string' ? item.body.reason : null;
  const actorField = item.kind === 'transaction' ? item.body.operator : item.body.approvedBy;
  const actor = typeof actorField === 'string' ? actorField.slice(0, 200) : null;
  await setTransactionStatus(tx, {
    transactionId: checked.index.transactionId,
    status:
      item.kind === 'transaction' ? 'received' : item.kind === 'void' ? 'voided' : 'cancellation_requested',
    source: 'counter',
    reason: item.kind === 'transaction' ? null : reason,
    actor,
    now,
  });
  return { id: item.id, outcome: 'accepted' };
}

/**
 * Stores one push batch in ONE database transaction, item by item in the order sent (a void after
 * the transaction it voids). An item that fails its checks is `rejected` and the rest go on; an
 * unexpected database error rolls the whole batch back and the terminal sends it again, which
 * the idempotency keys make safe.
 */
export function storePushBatch(
  db: Database,
  items: readonly unknown[],
  terminal: AuthenticatedTerminal,
  now: number,
): Promise<PushResult[]> {
  return db.transaction(async (tx) => {
    const catalogs = await catalogsByVersion(db, tx, items);
    const results: PushResult[] = [];
    for (const raw of items) results.push(await storeItem(tx, raw, terminal, catalogs, now));
    return results;
  });
}
