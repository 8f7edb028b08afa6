import { catalogSchema } from '../../../shared/catalog/schema';
import { TRANSACTION_STATUSES, type TransactionStatus } from '../../../shared/ipc/counter';
import { pullResponseSchema, type PullChange } from '../../../shared/sync/protocol';
import { applyCatalog } from '../catalog/catalog';
import type { Core } from '../core';
import { prepared } from '../db/open';
import { businessDateFor } from '../day/business-date';
import type { SyncClient } from './client';
import { readSyncState } from './state';
import { createLogger } from '../log';
import { lastIssuedSequence, raiseSequenceFloor } from '../transactions/sequence';

const log = createLogger('pull');

export interface PullCounts {
  pulled: number;
  statusChanges: number;
  catalogs: number;
  notices: number;
}

const KNOWN_STATUSES: ReadonlySet<string> = new Set(TRANSACTION_STATUSES);

function applyStatus(core: Core, change: Extract<PullChange, { type: 'status' }>): boolean {
  const row = core.db.prepare('SELECT status FROM transactions WHERE id = ?').get(change.transactionId) as
    { status: TransactionStatus } | undefined;
  // Another terminal's transaction (the feed is the office's), or a status this version does not know.
  if (!row || !KNOWN_STATUSES.has(change.status)) return false;
  if (row.status === change.status) return false;
  // The echo of this terminal's own push must not undo a void made since.
  if (change.status === 'received' && row.status !== 'saved') return false;
  // A void here refunded the citizen from the drawer. The municipality moved the transaction on
  // before the void reached it (and so refuses the void, which waits in "needs attention"): the
  // counter keeps its void, so the day's cash stays what the drawer holds, and the trail says what
  // the municipality did.
  if (row.status === 'voided') {
    core.audit.append({
      action: 'status_change_after_void_kept',
      entity: 'transaction',
      entityId: change.transactionId,
      details: {
        trackingCode: change.trackingCode,
        municipalityStatus: change.status,
        reason: change.reason,
        actor: change.actor,
        feedSeq: change.seq,
      },
    });
    return false;
  }
  const status = change.status as TransactionStatus;
  const voidRecorded = recordVoidFromFeed(core, change);
  core.db.prepare('UPDATE transactions SET status = ? WHERE id = ?').run(status, change.transactionId);
  core.db
    .prepare(
      "INSERT INTO status_history (transaction_id, status, source, reason, at) VALUES (?, ?, 'municipality', ?, ?)",
    )
    .run(change.transactionId, status, change.reason, change.at);
  core.audit.append({
    action: 'status_changed_by_municipality',
    entity: 'transaction',
    entityId: change.transactionId,
    details: {
      trackingCode: change.trackingCode,
      from: row.status,
      to: status,
      reason: change.reason,
      actor: change.actor,
      feedSeq: change.seq,
      ...(voidRecorded ? { voidRecorded: true } : {}),
    },
  });
  return true;
}

/** The record a status from the feed implies, kept in `voids` as the counter keeps its own. */
const VOID_KINDS: ReadonlyMap<string, 'void' | 'cancellation_request'> = new Map([
  ['voided', 'void'],
  ['cancellation_requested', 'cancellation_request'],
]);

/**
 * A void (or cancellation request) the feed reports and this counter holds no record of: made here
 * after the backup this database was restored from, and delivered before the restore. It is
 * recorded as the void it was, so the late-void rules apply to it as to any other: a closed day
 * keeps its signed figures, and the refund is booked on the day whose close takes it. The feed
 * names the approver (a username), the reason and when the counter made it, not who asked.
 * It is booked on the business date this counter records it on, as a void made here is
 * (transactions/void.ts): fixed now, so it does not move to whichever day is worked when a day
 * is later looked at or closed.
 */
function recordVoidFromFeed(core: Core, change: Extract<PullChange, { type: 'status' }>): boolean {
  const kind = VOID_KINDS.get(change.status);
  if (!kind) return false;
  const held = prepared(core.db, 'SELECT 1 FROM voids WHERE transaction_id = ?').get(change.transactionId);
  if (held) return false;
  const approver =
    change.actor === null
      ? undefined
      : (prepared(core.db, 'SELECT id FROM users WHERE username = ?').get(change.actor) as
          { id: number } | undefined);
  prepared(
    core.db,
    `INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at, source, recorded_approver,
       business_date)
     VALUES (?, ?, ?, NULL, ?, ?, 'municipality', ?, ?)`,
  ).run(
    change.transactionId,
    kind,
    change.reason ?? '',
    approver?.id ?? null,
    // As the counter recorded it before the restore, by its own clock, when the feed says (an
    // older server does not: then when the municipality took it).
    change.counterAt ?? change.at,
    change.actor,
    businessDateFor(core, core.now()),
  );
  return true;
}

function applyCatalogChange(core: Core, change: Extract<PullChange, { type: 'catalog' }>): boolean {
  // Replayed from an old cursor (or already brought by enrollment): never go back to an older one.
  const state = readSyncState(core.db);
  if (state.catalogPublishedAt !== null && change.publishedAt <= state.catalogPublishedAt) return false;
  const parsed = catalogSchema.safeParse(change.catalog);
  if (!parsed.success) {
    core.audit.append({
      action: 'catalog_refused',
      entity: 'catalog',
      entityId: change.catalogVersion.slice(0, 64),
      details: { reason: 'invalid', issues: parsed.error.issues.length },
    });
    return false;
  }
  applyCatalog(core, parsed.data, 'municipality');
  core.db.prepare('UPDATE sync_state SET catalog_published_at = ? WHERE id = 1').run(change.publishedAt);
  return true;
}

function applyNotice(core: Core, change: Extract<PullChange, { type: 'notice' }>): boolean {
  const inserted = core.db
    .prepare(
      `INSERT INTO notices (id, seq, text_fa, text_en, at, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    )
    .run(change.noticeId, change.seq, change.text.fa, change.text.en, change.at, core.now());
  return inserted.changes > 0;
}

/**
 * Applies one change of the office's feed, inside the caller's SQLite transaction. Returns what it
 * changed here, or null when it changed nothing (an echo, another terminal's transaction, a replay).
 */
export function applyPulledChange(core: Core, change: PullChange): PullChange['type'] | null {
  if (change.type === 'status') return applyStatus(core, change) ? 'status' : null;
  if (change.type === 'catalog') return applyCatalogChange(core, change) ? 'catalog' : null;
  return applyNotice(core, change) ? 'notice' : null;
}

/**
 * The municipality holds codes from this terminal up to `lastSequence`, and this database shows
 * fewer handed out: it went back in time (restored from a backup when the newer database could not
 * be read, on a new PC), and those codes are on citizens' receipts. The next save takes a code
 * above them instead of one the server would refuse as taken. Recorded in the audit trail.
 */
function respectDeliveredCodes(core: Core, lastSequence: number): void {
  const issued = lastIssuedSequence(core.db);
  if (lastSequence <= issued) return;
  raiseSequenceFloor(core.db, lastSequence);
  core.audit.append({
    action: 'sequence_floor_raised',
    details: { from: issued, to: lastSequence, source: 'municipality' },
  });
  log.warn(
    `tracking codes up to sequence ${lastSequence} were issued before this database went back in time`,
  );
}

/**
 * Pulls the office's feed from the stored cursor until the server has nothing more. Each page is
 * applied in ONE SQLite transaction together with the new cursor: a crash leaves either both or
 * neither, so nothing is skipped and nothing applied twice.
 */
export async function pullAll(
  core: Core,
  client: SyncClient,
  shouldStop: () => boolean,
): Promise<PullCounts> {
  const counts: PullCounts = { pulled: 0, statusChanges: 0, catalogs: 0, notices: 0 };
  for (;;) {
    if (shouldStop()) return counts;
    const cursor = readSyncState(core.db).pullCursor;
    const page = await client.request('GET', `/v1/pull?cursor=${cursor}`, undefined, pullResponseSchema);
    core.db.transaction(() => {
      // Another process may have applied this page meanwhile: only ever move forward.
      if (readSyncState(core.db).pullCursor !== cursor) return;
      for (const change of page.changes) {
        counts.pulled++;
        const applied = applyPulledChange(core, change);
        if (applied === 'status') counts.statusChanges++;
        else if (applied === 'catalog') counts.catalogs++;
        else if (applied === 'notice') counts.notices++;
      }
      if (page.cursor > cursor)
        core.db.prepare('UPDATE sync_state SET pull_cursor = ? WHERE id = 1').run(page.cursor);
      if (page.lastSequence !== undefined) respectDeliveredCodes(core, page.lastSequence);
    })();
    if (!page.more || page.cursor <= cursor) return counts;
  }
}
