import type { Core } from '../core';
import { clockOffsetMs as currentClockOffsetMs } from '../day/business-date';
import { readIdentity, readRefusedCatalog, readSyncState } from './state';

/** The Sync screen warns when the PC's clock is further than this from the server's. */
export const CLOCK_WARNING_MS = 2 * 60 * 1000;
/** The needs-attention list shows at most this many items (the count is exact). */
export const NEEDS_ATTENTION_LIST_LIMIT = 100;

export interface NeedsAttentionItem {
  /** The outbox id (for requeue). */
  readonly id: string;
  /** The outbox item's kind: a transaction, void, cancellation request, day settlement or audit batch. */
  readonly kind: string;
  /** The transaction (or business day, or last audit entry) the item is about. */
  readonly transactionId: string;
  readonly trackingCode: string | null;
  /** `rejected: <code>` or `conflict: <code>`, as the server said. */
  readonly reason: string;
  readonly createdAt: number;
}

export interface SyncStatus {
  readonly enrolled: boolean;
  readonly terminal: {
    readonly id: string;
    readonly number: number;
    readonly officeCode: string;
    readonly officeName: string;
    readonly municipality: string;
    readonly serverUrl: string;
  } | null;
  /** The last sync reached the server and finished. */
  readonly online: boolean;
  readonly syncing: boolean;
  /** The engine's timer is on: it syncs by itself after saves, on a timer and after failures. */
  readonly running: boolean;
  /** Items waiting to be delivered (the audit trail's stretches, queued as a sync starts, apart). */
  readonly queueDepth: number;
  readonly needsAttentionCount: number;
  readonly needsAttention: readonly NeedsAttentionItem[];
  readonly lastSyncAt: number | null;
  /** When the last run started, whatever came of it. */
  readonly lastAttemptAt: number | null;
  readonly lastError: { readonly code: string; readonly message: string; readonly at: number } | null;
  readonly consecutiveFailures: number;
  readonly revoked: boolean;
  readonly clockOffsetMs: number;
  readonly clockWarning: boolean;
  readonly nextAttemptAt: number | null;
  readonly pullCursor: number;
  readonly unreadNotices: number;
  /**
   * The catalog the municipality published that this version of the app cannot read (it prices
   * with the one before): published at `publishedAt`, refused here at `at`. The app must be updated.
   */
  readonly catalogRefused: {
    readonly version: string;
    readonly publishedAt: number;
    readonly at: number;
  } | null;
}

export function syncStatus(
  core: Core,
  live: { syncing: boolean; running: boolean; nextAttemptAt: number | null },
): SyncStatus {
  const identity = readIdentity(core.db);
  const state = readSyncState(core.db);
  const counts = core.db
    .prepare(
      `SELECT
         (SELECT count(*) FROM outbox WHERE state = 'pending' AND kind != 'audit_batch') AS pending,
         (SELECT count(*) FROM outbox WHERE state = 'needs_attention') AS attention,
         (SELECT count(*) FROM notices WHERE read_at IS NULL) AS notices,
         (SELECT max(started_at) FROM sync_attempts) AS lastAttemptAt`,
    )
    .get() as { pending: number; attention: number; notices: number; lastAttemptAt: number | null };
  const needsAttention = core.db
    .prepare(
      `SELECT o.id, o.kind, o.entity_id AS transactionId, t.tracking_code AS trackingCode,
         coalesce(o.last_error, '') AS reason, o.created_at AS createdAt
       FROM outbox o LEFT JOIN transactions t ON t.id = o.entity_id
       WHERE o.state = 'needs_attention' ORDER BY o.seq LIMIT ?`,
    )
    .all(NEEDS_ATTENTION_LIST_LIMIT) as NeedsAttentionItem[];
  const clockOffsetMs = currentClockOffsetMs(core);
  const refused = readRefusedCatalog(core.db);
  return {
    enrolled: identity !== null,
    terminal: identity
      ? {
          id: identity.terminalId,
          number: identity.terminalNumber,
          officeCode: identity.officeCode,
          officeName: identity.officeName,
          municipality: identity.municipality,
          serverUrl: identity.serverUrl,
        }
      : null,
    online: identity !== null && state.lastSuccessAt !== null && state.consecutiveFailures === 0,
    syncing: live.syncing,
    running: live.running,
    queueDepth: counts.pending,
    needsAttentionCount: counts.attention,
    needsAttention,
    lastSyncAt: state.lastSuccessAt,
    lastAttemptAt: counts.lastAttemptAt,
    lastError:
      state.lastErrorCode !== null
        ? { code: state.lastErrorCode, message: state.lastErrorMessage ?? '', at: state.lastErrorAt ?? 0 }
        : null,
    consecutiveFailures: state.consecutiveFailures,
    revoked: state.revokedAt !== null,
    clockOffsetMs,
    clockWarning: Math.abs(clockOffsetMs) > CLOCK_WARNING_MS,
    nextAttemptAt: live.nextAttemptAt,
    pullCursor: state.pullCursor,
    unreadNotices: counts.notices,
    catalogRefused: refused
      ? { version: refused.catalogVersion, publishedAt: refused.publishedAt, at: refused.refusedAt }
      : null,
  };
}
