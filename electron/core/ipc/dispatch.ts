import { contract, type CallName } from '../../../shared/ipc/contract';
import { roleSatisfies } from '../../../shared/roles';
import { AppError, errorShape, ok, type Result } from '../../../shared/result';
import { SessionStore, type Session } from '../accounts/sessions';
import { accountStanding } from '../accounts/queries';
import { forgetRecentPassword } from '../accounts/auth';
import type { Core } from '../core';
import type { SyncEngine } from '../sync';
import { backupsRunning } from '../backup/exclusive';
import { getSettings } from '../settings/settings';
import { handlers, type CallContext } from './handlers';
import { giveBackReceiptCopy, type CancelledCopy } from '../transactions/receipts';
import { createLogger } from '../log';
import type { UpdateBlocker, UpdateState } from '../../../shared/updates/feed';

const log = createLogger('dispatch');

/**
 * The calls a session may make while its password must be changed (a new account, or a password
 * a manager reset): nothing else runs until the person has picked a password only they know.
 */
const ALLOWED_BEFORE_PASSWORD_CHANGE: ReadonlySet<CallName> = new Set<CallName>([
  'app.info',
  'session.current',
  'session.changePassword',
  'session.logout',
  'session.touch',
  'session.lock',
  'session.unlock',
]);

/** better-sqlite3's error for a full disk (or a database at its page limit): SQLITE_FULL. */
function isDiskFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_FULL';
}

function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export interface Dispatcher {
  /** Runs one call for the window `sessionKey`: parse, check access, handle, check the output. */
  call(sessionKey: string, name: string, rawInput: unknown): Promise<Result<unknown>>;
  /** The window went away: its session ends. */
  endSession(sessionKey: string): void;
  /** What the main process asks before an update restart (shared/updates/feed.ts). */
  updateState(): UpdateState;
  /**
   * The main process says the print it made after `receipts.print` was cancelled before anything
   * left the app (transactions/receipts.ts, `giveBackReceiptCopy`). Not a contract call: the page
   * cannot give a copy back.
   */
  receiptPrintCancelled(sessionKey: string, copy: CancelledCopy): Result<null>;
}

/** Calls that queue work for the municipality: after one succeeds, the engine syncs soon. */
const QUEUES_FOR_SYNC: ReadonlySet<CallName> = new Set<CallName>([
  'transactions.create',
  'transactions.void',
  'day.close',
]);

/** The Sync screen's calls that would sync or change sync's state: refused while a restore runs. */
const SYNC_WRITES: ReadonlySet<CallName> = new Set<CallName>(['sync.now', 'sync.enroll', 'sync.requeue']);

export interface DispatcherOptions {
  /** The terminal's sync engine, for the Sync screen's calls and to sync after a save. */
  readonly sync?: SyncEngine;
}

export function createDispatcher(core: Core, options: DispatcherOptions = {}): Dispatcher {
  // A session's end forgets its user's recognized password (accounts/recent-passwords.ts).
  const sessions = new SessionStore((ended) => forgetRecentPassword(core, ended.userId));
  const sync = options.sync ?? null;

  /**
   * A restore swaps the database: no sync may run across it, and the timer resumes on the restored
   * one. Meanwhile the Sync screen's own calls are refused (SYNC_WRITES): a sync started by its
   * button would pull into the database being replaced, or carry the old one's cursor over.
   */
  let restoring = false;
  async function withSyncPaused<T>(run: () => Promise<T>): Promise<T> {
    if (!sync) return run();
    const wasRunning = sync.status().running;
    restoring = true;
    try {
      await sync.stop();
      return await run();
    } finally {
      restoring = false;
      if (wasRunning || sync.status().enrolled) sync.start();
    }
  }

  /**
   * A session lasts only while its account stands as it was at login: a manager deactivating the
   * account, or resetting its password (or the password changed from another window), ends it at
   * its next call. Otherwise a dismissed operator would go on saving sales, and a dismissed manager
   * could still make accounts and reset passwords, until they logged out. Returns the error the
   * call gets, or null while the account stands.
   */
  function endIfRevoked(sessionKey: string, session: Session): 'account_inactive' | 'session_ended' | null {
    const standing = accountStanding(core.db, session.userId);
    const reason =
      !standing || !standing.active
        ? 'account_inactive'
        : standing.passwordHash !== session.passwordHash
          ? 'password_changed'
          : null;
    if (!reason) return null;
    sessions.delete(sessionKey);
    core.db.transaction(() => {
      core.audit.append({
        action: 'session_ended',
        actorUserId: session.userId,
        actorUsername: session.username,
        details: { reason },
      });
    })();
    return reason === 'account_inactive' ? 'account_inactive' : 'session_ended';
  }

  async function run(sessionKey: string, name: string, rawInput: unknown): Promise<Result<unknown>> {
    if (!isCallName(name))
      return { ok: false, error: errorShape('unknown_call', { name: String(name).slice(0, 100) }) };
    const spec = contract[name];
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      const fields = parsed.error.issues.slice(0, 20).map((i) => i.path.map(String).join('.') || '(root)');
      return { ok: false, error: errorShape('invalid_input', { call: name, fields }) };
    }
    let session = sessions.get(sessionKey);
    // A public call (session.current, a login) does not see a session whose account no longer
    // stands: it ends here as at any other call, and the window is told it has none.
    if (spec.access === 'public' && session && endIfRevoked(sessionKey, session)) session = null;
    if (spec.access !== 'public') {
      if (!session) return { ok: false, error: errorShape('not_logged_in') };
      const ended = endIfRevoked(sessionKey, session);
      if (ended) return { ok: false, error: errorShape(ended) };
      const now = core.now();
      if (sessions.lockIfIdle(session, now, getSettings(core.db).idleLockMinutes)) {
        core.db.transaction(() => {
          core.audit.append({
            action: 'session_locked',
            actorUserId: session.userId,
            actorUsername: session.username,
            details: { reason: 'idle' },
          });
        })();
      }
      if (session.locked && !spec.whenLocked) return { ok: false, error: errorShape('session_locked') };
      if (session.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(name))
        return { ok: false, error: errorShape('password_change_required', { call: name }) };
      if (!roleSatisfies(session.role, spec.access))
        return { ok: false, error: errorShape('forbidden', { call: name }) };
      if (!session.locked && !spec.background) session.lastActivity = now;
    }
    if (restoring && SYNC_WRITES.has(name))
      return { ok: false, error: errorShape('restore_running', { call: name }) };
    const ctx: CallContext = { core, sessions, sessionKey, session, sync };
    const handler = handlers[name] as (ctx: CallContext, input: unknown) => unknown;
    const value = await (name === 'backups.restore'
      ? withSyncPaused(async () => handler(ctx, parsed.data))
      : handler(ctx, parsed.data));
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      log.error(`output of ${name} does not match the contract`, checked.error.issues);
      return { ok: false, error: errorShape('internal') };
    }
    if (sync && QUEUES_FOR_SYNC.has(name)) sync.nudge();
    return ok(checked.data);
  }

  function updateBlocker(): UpdateBlocker | null {
    const open = sessions.all();
    if (open.some((session) => session.draftOpen)) return 'transaction_open';
    if (sync?.status().syncing) return 'sync_running';
    // The one after a day close runs on after its call answered; the restart would cut it off.
    if (backupsRunning(core)) return 'backup_running';
    if (!open.some((session) => session.role === 'manager' && !session.locked)) return 'manager_absent';
    return null;
  }

  return {
    updateState() {
      return { feedBaseUrl: getSettings(core.db).updateFeedUrl, blocker: updateBlocker() };
    },
    async call(sessionKey, name, rawInput) {
      try {
        return await run(sessionKey, name, rawInput);
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error: error.toShape() };
        // SQLite rolled the whole write back: nothing was saved, and the person can try again.
        if (isDiskFull(error)) {
          log.error(`call ${name}: the disk is full`);
          return { ok: false, error: errorShape('disk_full', { call: name }) };
        }
        log.error(`call ${name} failed`, error);
        return { ok: false, error: errorShape('internal') };
      }
    },
    receiptPrintCancelled(sessionKey, copy) {
      const session = sessions.get(sessionKey);
      if (!session) return { ok: false, error: errorShape('not_logged_in') };
      try {
        giveBackReceiptCopy(core, session, copy);
        return ok(null);
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error: error.toShape() };
        log.error('giving back a cancelled receipt copy failed', error);
        return { ok: false, error: errorShape('internal') };
      }
    },
    endSession(sessionKey) {
      const session = sessions.delete(sessionKey);
      if (session) {
        core.db.transaction(() => {
          core.audit.append({
            action: 'logout',
            actorUserId: session.userId,
            actorUsername: session.username,
            details: { reason: 'window_closed' },
          });
        })();
      }
    },
  };
}
