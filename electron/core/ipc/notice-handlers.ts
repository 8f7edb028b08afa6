import type { noticeCalls } from '../../../shared/ipc/calls/notices';
import { listNotices, markNoticesRead } from '../notices/notices';
import { AppError } from '../../../shared/result';
import type { HandlersFor } from './handlers';

/** Handlers of the notice calls (shared/ipc/calls/notices.ts). */
export const noticeHandlers: HandlersFor<keyof typeof noticeCalls> = {
  'notices.list'(ctx) {
    return listNotices(ctx.core);
  },
  'notices.markRead'(ctx, input) {
    if (!ctx.session) throw new AppError('not_logged_in');
    return markNoticesRead(ctx.core, ctx.session, input.ids);
  },
};
