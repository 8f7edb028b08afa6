import { catalogSchema } from '../../../shared/catalog/schema';
import { TRANSACTION_STATUSES, type TransactionStatus } from '../../../shared/ipc/counter';
import { pullResponseSchema, type PullChange } from '../../../shared/sync/protocol';
import { applyCatalog } from '../catalog/catalog';
import type { Core } from '../core';
import type { SyncClient } from './client';
import { readSyncState } from './state';

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
    },
  });
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
        if (change.type === 'status' && applyStatus(core, change)) counts.statusChanges++;
        else if (change.type === 'catalog' && applyCatalogChange(core, change)) counts.catalogs++;
        else if (change.type === 'notice' && applyNotice(core, change)) counts.notices++;
      }
      if (page.cursor > cursor)
        core.db.prepare('UPDATE sync_state SET pull_cursor = ? WHERE id = 1').run(page.cursor);
    })();
    if (!page.more || page.cursor <= cursor) return counts;
  }
}
