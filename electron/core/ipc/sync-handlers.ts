import type { SyncStatusView, syncCalls } from '../../../shared/ipc/calls/sync';
import { AppError } from '../../../shared/result';
import { parseAttentionReason } from '../../../shared/sync/attention-reason';
import { correctOfficeIdentity } from '../office/correct';
import { SyncFailure, type SyncEngine, type SyncStatus } from '../sync';
import { normalizeServerUrl } from '../sync/enroll';
import type { CallContext, HandlersFor } from './handlers';
import { syncErrorCode } from './sync-errors';

function requireEngine(ctx: CallContext): SyncEngine {
  if (!ctx.sync) throw new AppError('sync_unavailable');
  return ctx.sync;
}

export function statusView(status: SyncStatus): SyncStatusView {
  return {
    enrolled: status.enrolled,
    terminal: status.terminal,
    online: status.online,
    syncing: status.syncing,
    running: status.running,
    pendingCount: status.queueDepth,
    needsAttentionCount: status.needsAttentionCount,
    needsAttention: status.needsAttention.map((item) => ({
      id: item.id,
      kind: item.kind,
      transactionId: item.transactionId,
      trackingCode: item.trackingCode,
      reason: parseAttentionReason(item.reason),
      createdAt: item.createdAt,
    })),
    lastSuccessAt: status.lastSyncAt,
    lastAttemptAt: status.lastAttemptAt,
    lastError: status.lastError
      ? {
          code: syncErrorCode(status.lastError.code),
          reason: status.lastError.code,
          message: status.lastError.message,
          at: status.lastError.at,
        }
      : null,
    consecutiveFailures: status.consecutiveFailures,
    revoked: status.revoked,
    clockOffsetMs: status.clockOffsetMs,
    clockWarning: status.clockWarning,
    nextAttemptAt: status.nextAttemptAt,
    unreadNotices: status.unreadNotices,
    catalogRefused: status.catalogRefused,
  };
}

/**
 * Refused before anything is sent, with a message a manager can act on; read as the enrollment
 * reads it (Persian digits, direction marks), so an address typed on a Persian keyboard is not
 * refused here.
 */
function requireServerUrl(text: string): string {
  try {
    return normalizeServerUrl(text);
  } catch {
    throw new AppError('sync_server_address_invalid');
  }
}

/** Handlers of the Sync screen's calls (shared/ipc/calls/sync.ts). */
export const syncHandlers: HandlersFor<keyof typeof syncCalls> = {
  'sync.status'(ctx) {
    return statusView(requireEngine(ctx).status());
  },

  async 'sync.online'(ctx) {
    // A running engine syncs now rather than after the backoff it built up while the line was
    // down; one that is not running (not enrolled, revoked…) is left alone.
    if (ctx.sync?.status().running) await ctx.sync.syncNow('online');
    return null;
  },

  async 'sync.now'(ctx) {
    const engine = requireEngine(ctx);
    const report = await engine.syncNow('button');
    return {
      report: {
        ok: report.ok,
        pushed: report.pushed,
        delivered: report.delivered,
        needsAttention: report.needsAttention,
        pulled: report.pulled,
        statusChanges: report.statusChanges,
        durationMs: report.durationMs,
        error: report.error
          ? {
              code: syncErrorCode(report.error.code),
              reason: report.error.code,
              message: report.error.message.slice(0, 500),
              retryable: report.error.retryable,
            }
          : null,
      },
      status: statusView(engine.status()),
    };
  },

  async 'sync.enroll'(ctx, input) {
    const engine = requireEngine(ctx);
    const serverUrl = requireServerUrl(input.serverUrl);
    try {
      const actor = ctx.session ? { userId: ctx.session.userId, username: ctx.session.username } : undefined;
      const result = await engine.enroll({ serverUrl, activationCode: input.activationCode, actor });
      // From now on the terminal syncs by itself: after saves, on its timer, after failures.
      engine.start();
      return {
        terminalNumber: result.terminalNumber,
        office: result.office,
        catalogVersion: result.catalogVersion,
        status: statusView(engine.status()),
      };
    } catch (error) {
      if (error instanceof SyncFailure)
        throw new AppError(syncErrorCode(error.code), { reason: error.code }, error.message);
      throw error;
    }
  },

  'sync.correctOffice'(ctx, input) {
    const actor = ctx.session ? { userId: ctx.session.userId, username: ctx.session.username } : null;
    return correctOfficeIdentity(ctx.core, input, actor);
  },

  'sync.requeue'(ctx, input) {
    const engine = requireEngine(ctx);
    const actor = ctx.session ? { userId: ctx.session.userId, username: ctx.session.username } : undefined;
    if (!engine.requeue(input.id, actor)) throw new AppError('sync_item_not_found');
    engine.nudge();
    return statusView(engine.status());
  },
};
