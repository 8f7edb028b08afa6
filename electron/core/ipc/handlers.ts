import type { CallName, CallOutput, ParsedInput } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/result';
import { authenticate } from '../accounts/auth';
import { insertUser } from '../accounts/mutations';
import { hashPassword } from '../accounts/passwords';
import { countUsers } from '../accounts/queries';
import { sessionFor, sessionInfo, type Session, type SessionStore } from '../accounts/sessions';
import type { Core } from '../core';
import type { SyncEngine } from '../sync';
import { DEFAULT_CITY, insertOffice } from '../office/office';
import { getSettings, putSetting, settingsFrom, storedSettings } from '../settings/settings';
import { updateFeedUrl } from '../../../shared/updates/feed';
import { currentCatalog } from '../catalog/catalog';
import { clockOffsetMs } from '../day/business-date';
import { lookUpPayer } from '../transactions/payers';
import { transactionDetail } from '../transactions/queries';
import { recordReceiptCopy } from '../transactions/receipts';
import { saveTransaction } from '../transactions/save';
import { findTransactions } from '../transactions/search';
import { listTransactions } from '../transactions/list';
import { voidTransaction } from '../transactions/void';
import { backupHandlers } from './backup-handlers';
import { managerHandlers } from './manager-handlers';
import { supportHandlers } from './support-handlers';
import { noticeHandlers } from './notice-handlers';
import { syncHandlers } from './sync-handlers';

export interface CallContext {
  readonly core: Core;
  readonly sessions: SessionStore;
  readonly sessionKey: string;
  /** The caller's session; the dispatcher has already checked it against the call's access. */
  readonly session: Session | null;
  /** The terminal's sync engine; null where the core runs without one (the command-line tool's setup). */
  readonly sync: SyncEngine | null;
}

export type Handler<K extends CallName> = (
  ctx: CallContext,
  input: ParsedInput<K>,
) => CallOutput<K> | Promise<CallOutput<K>>;
export type Handlers = { readonly [K in CallName]: Handler<K> };
/** Handlers for a group of calls (one file per area). */
export type HandlersFor<Names extends CallName> = { readonly [K in Names]: Handler<K> };

function requireSession(ctx: CallContext): Session {
  if (!ctx.session) throw new AppError('not_logged_in');
  return ctx.session;
}

function info(ctx: CallContext, session: Session) {
  return sessionInfo(session, getSettings(ctx.core.db).idleLockMinutes);
}

export const handlers: Handlers = {
  'app.info'(ctx) {
    const office = ctx.core.office();
    return {
      setUp: office !== null,
      office,
      appVersion: ctx.core.appVersion,
      schemaVersion: ctx.core.schemaVersion,
    };
  },

  async 'setup.createOffice'(ctx, input) {
    if (ctx.core.office() !== null) throw new AppError('already_set_up');
    const passwordHash = await hashPassword(input.manager.password);
    const { core } = ctx;
    const now = core.now();
    const userId = core.db.transaction(() => {
      // Checked again inside the write: two setup calls racing must not create two offices.
      if (countUsers(core.db) > 0) throw new AppError('already_set_up');
      insertOffice(
        core.db,
        {
          name: input.officeName,
          code: input.officeCode,
          city: DEFAULT_CITY,
          district: input.district,
          terminalNumber: input.terminalNumber,
        },
        now,
      );
      core.refreshOffice();
      const id = insertUser(
        core.db,
        { username: input.manager.username, fullName: input.manager.fullName, role: 'manager', passwordHash },
        now,
      );
      core.audit.append({
        action: 'office_created',
        actorUserId: id,
        actorUsername: input.manager.username,
        entity: 'office',
        entityId: input.officeCode,
        details: { name: input.officeName, district: input.district, terminalNumber: input.terminalNumber },
      });
      core.audit.append({
        action: 'user_created',
        actorUserId: id,
        actorUsername: input.manager.username,
        entity: 'user',
        entityId: String(id),
        details: { role: 'manager' },
      });
      core.audit.append({ action: 'login', actorUserId: id, actorUsername: input.manager.username });
      return id;
    })();
    const session = sessionFor(
      {
        id: userId,
        username: input.manager.username,
        fullName: input.manager.fullName,
        role: 'manager',
        passwordHash,
        active: true,
        mustChangePassword: false,
        passwordSetAt: now,
        failedAttempts: 0,
        lockedUntil: null,
      },
      now,
    );
    ctx.sessions.set(ctx.sessionKey, session);
    return info(ctx, session);
  },

  'session.current'(ctx) {
    return ctx.session ? info(ctx, ctx.session) : null;
  },

  async 'session.login'(ctx, input) {
    if (ctx.core.office() === null) throw new AppError('not_set_up');
    const user = await authenticate(ctx.core, input.username, input.password, 'login');
    const previous = ctx.sessions.get(ctx.sessionKey);
    ctx.core.db.transaction(() => {
      if (previous)
        ctx.core.audit.append({
          action: 'logout',
          actorUserId: previous.userId,
          actorUsername: previous.username,
          details: { reason: 'replaced_by_login' },
        });
      ctx.core.audit.append({ action: 'login', actorUserId: user.id, actorUsername: user.username });
    })();
    const session = sessionFor(user, ctx.core.now());
    ctx.sessions.set(ctx.sessionKey, session);
    return info(ctx, session);
  },

  'session.logout'(ctx) {
    const session = ctx.sessions.delete(ctx.sessionKey);
    if (!session) return { loggedOut: false };
    ctx.core.db.transaction(() => {
      ctx.core.audit.append({
        action: 'logout',
        actorUserId: session.userId,
        actorUsername: session.username,
      });
    })();
    return { loggedOut: true };
  },

  'session.touch'(ctx) {
    return info(ctx, requireSession(ctx));
  },

  'session.lock'(ctx) {
    const session = requireSession(ctx);
    if (!session.locked) {
      session.locked = true;
      ctx.core.db.transaction(() => {
        ctx.core.audit.append({
          action: 'session_locked',
          actorUserId: session.userId,
          actorUsername: session.username,
          details: { reason: 'requested' },
        });
      })();
    }
    return info(ctx, session);
  },

  async 'session.unlock'(ctx, input) {
    const session = requireSession(ctx);
    try {
      await authenticate(ctx.core, session.username, input.password, 'unlock');
    } catch (error) {
      // A locked-out account cannot keep a session open behind the lock screen.
      if (
        error instanceof AppError &&
        (error.code === 'account_locked' || error.code === 'account_inactive')
      ) {
        ctx.sessions.delete(ctx.sessionKey);
      }
      throw error;
    }
    session.locked = false;
    session.lastActivity = ctx.core.now();
    ctx.core.db.transaction(() => {
      ctx.core.audit.append({
        action: 'session_unlocked',
        actorUserId: session.userId,
        actorUsername: session.username,
      });
    })();
    return info(ctx, session);
  },

  'settings.get'(ctx) {
    return getSettings(ctx.core.db);
  },

  'settings.update'(ctx, input) {
    const session = requireSession(ctx);
    const stored = storedSettings(ctx.core.db);
    const before = settingsFrom(stored);
    let feed = before.updateFeedUrl;
    if (input.updateFeedUrl !== undefined) {
      feed = input.updateFeedUrl?.trim() || null;
      // Checked as the main process will use it; the platform does not change the verdict.
      if (feed !== null && updateFeedUrl(feed, 'linux', 'x64') === null) {
        throw new AppError('update_feed_invalid');
      }
    }
    const changes: Record<string, readonly unknown[]> = {
      idleLockMinutes: [before.idleLockMinutes, input.idleLockMinutes],
    };
    if (feed !== before.updateFeedUrl) changes['updateFeedUrl'] = [before.updateFeedUrl, feed];
    // Compared with what is stored: a paper this version does not know (a newer one wrote it) reads
    // as 80 mm, and stays as it is unless a paper is chosen, which the trail then records over it.
    const storedLayout = stored['receiptLayout'] ?? before.receiptLayout;
    const layout = input.receiptLayout;
    if (layout !== undefined && layout !== storedLayout) changes['receiptLayout'] = [storedLayout, layout];
    ctx.core.db.transaction(() => {
      putSetting(ctx.core.db, 'idleLockMinutes', input.idleLockMinutes);
      putSetting(ctx.core.db, 'updateFeedUrl', feed);
      if (layout !== undefined) putSetting(ctx.core.db, 'receiptLayout', layout);
      ctx.core.audit.append({
        action: 'settings_changed',
        actorUserId: session.userId,
        actorUsername: session.username,
        details: changes,
      });
    })();
    return getSettings(ctx.core.db);
  },

  'catalog.current'(ctx) {
    const applied = currentCatalog(ctx.core);
    return {
      catalog: applied.content,
      source: applied.source,
      appliedAt: applied.appliedAt,
      clockOffsetMs: clockOffsetMs(ctx.core),
    };
  },

  'counter.draft'(ctx, input) {
    requireSession(ctx).draftOpen = input.open;
    return null;
  },

  'citizens.lookup'(ctx, input) {
    return lookUpPayer(ctx.core, input);
  },

  'transactions.create'(ctx, input) {
    return saveTransaction(ctx.core, requireSession(ctx), input);
  },

  'transactions.get'(ctx, input) {
    const detail = transactionDetail(ctx.core, input.id);
    if (!detail) throw new AppError('transaction_not_found');
    return detail;
  },

  'transactions.search'(ctx, input) {
    return findTransactions(ctx.core, input.query);
  },

  'transactions.list'(ctx, input) {
    return listTransactions(ctx.core, input);
  },

  'transactions.void'(ctx, input) {
    return voidTransaction(ctx.core, requireSession(ctx), {
      id: input.id,
      reason: input.reason,
      approverUsername: input.approverUsername,
      approverPassword: input.approverPassword,
    });
  },

  'receipts.print'(ctx, input) {
    recordReceiptCopy(ctx.core, requireSession(ctx), input);
    return { savedTo: null };
  },

  ...managerHandlers,
  ...syncHandlers,
  ...backupHandlers,
  ...supportHandlers,
  ...noticeHandlers,
};
