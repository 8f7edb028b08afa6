import type { managerCalls } from '../../../shared/ipc/calls/manager';
import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import { closeDay, dayDetail, dayOverview, openDay, recordMovement } from '../day';
import { getSettings } from '../settings/settings';
import { sessionInfo } from '../accounts/sessions';
import { changeOwnPassword, createUser, resetPassword, setActive } from '../users/mutations';
import { listUsers, userClocks } from '../users/queries';
import { auditStatus, verifyAuditNow } from '../reports/audit-check';
import { rangeReport } from '../reports/range-report';
import { jalaliRange } from '../../../shared/reports';
import type { CallContext, HandlersFor } from './handlers';
import { startBackupAfterClose } from '../backup/after-close';

function requireSession(ctx: CallContext): Session {
  if (!ctx.session) throw new AppError('not_logged_in');
  return ctx.session;
}

/** Handlers of the office manager's calls (shared/ipc/calls/manager.ts). */
export const managerHandlers: HandlersFor<keyof typeof managerCalls> = {
  'day.overview'(ctx) {
    return dayOverview(ctx.core);
  },

  'day.open'(ctx, input) {
    return openDay(ctx.core, requireSession(ctx), input);
  },

  'day.detail'(ctx, input) {
    return dayDetail(ctx.core, input.dayId);
  },

  'day.recordMovement'(ctx, input) {
    recordMovement(ctx.core, requireSession(ctx), input);
    return dayDetail(ctx.core, input.dayId);
  },

  async 'day.close'(ctx, input) {
    const session = requireSession(ctx);
    await closeDay(ctx.core, session, input);
    startBackupAfterClose(ctx.core, session, input.dayId);
    return dayDetail(ctx.core, input.dayId);
  },

  'users.list'(ctx) {
    return listUsers(ctx.core.db, userClocks(ctx.core));
  },

  'users.create'(ctx, input) {
    return createUser(ctx.core, requireSession(ctx), input);
  },

  'users.resetPassword'(ctx, input) {
    return resetPassword(ctx.core, requireSession(ctx), input);
  },

  'users.setActive'(ctx, input) {
    return setActive(ctx.core, requireSession(ctx), input);
  },

  async 'session.changePassword'(ctx, input) {
    const session = requireSession(ctx);
    const passwordHash = await changeOwnPassword(ctx.core, session, input);
    const updated = { ...session, mustChangePassword: false, passwordHash };
    // Not over a logout or another user's login made while the password was being hashed.
    if (ctx.sessions.get(ctx.sessionKey) !== session) throw new AppError('not_logged_in');
    ctx.sessions.set(ctx.sessionKey, updated);
    return sessionInfo(updated, getSettings(ctx.core.db).idleLockMinutes);
  },

  'audit.status'(ctx) {
    return auditStatus(ctx.core);
  },

  'audit.verify'(ctx) {
    const session = requireSession(ctx);
    return verifyAuditNow(ctx.core, { userId: session.userId, username: session.username });
  },

  'reports.range'(ctx, input) {
    const range = jalaliRange(input.from, input.to);
    if (!range.ok) throw new AppError('report_range_invalid', { problem: range.problem });
    return rangeReport(ctx.core, range.from, range.to);
  },
};
