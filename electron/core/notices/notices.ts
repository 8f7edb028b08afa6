import type { NoticesView } from '../../../shared/ipc/calls/notices';
import type { Core } from '../core';
import type { Session } from '../accounts/sessions';
import { prepared } from '../db/open';

/** How many of the latest notices the list shows. */
export const NOTICES_SHOWN = 50;

interface Row {
  id: string;
  text_fa: string;
  text_en: string;
  at: number;
  read_at: number | null;
}

/** The latest notices the pull brought (sync/pull.ts), newest first, and how many are unread. */
export function listNotices(core: Core): NoticesView {
  const rows = prepared(
    core.db,
    'SELECT id, text_fa, text_en, at, read_at FROM notices ORDER BY seq DESC LIMIT ?',
  ).all(NOTICES_SHOWN) as Row[];
  const unread = (
    prepared(core.db, 'SELECT count(*) AS n FROM notices WHERE read_at IS NULL').get() as { n: number }
  ).n;
  return {
    items: rows.map((r) => ({
      id: r.id,
      text: { fa: r.text_fa, en: r.text_en },
      at: r.at,
      readAt: r.read_at,
    })),
    unread,
  };
}

/**
 * Marks read the notices shown to `session`'s user, and every older one still unread (the list
 * shows the latest NOTICES_SHOWN: after a long time offline or an upgrade, more may be unread than
 * it shows, and they would keep the header's count up for good). The first time only, with an
 * audit entry of who read how many, up to which: a manager asked whether the office saw the
 * municipality's notice can tell. Unknown ids (a list older than a restore) are passed over.
 */
export function markNoticesRead(core: Core, session: Session, ids: readonly string[]): NoticesView {
  const now = core.now();
  core.db.transaction(() => {
    const newest = prepared(
      core.db,
      `SELECT max(seq) FROM notices WHERE id IN (SELECT value FROM json_each(?))`,
    )
      .pluck()
      .get(JSON.stringify(ids)) as number | null;
    if (newest === null) return;
    const marked = prepared(
      core.db,
      'UPDATE notices SET read_at = ? WHERE seq <= ? AND read_at IS NULL RETURNING id',
    )
      .pluck()
      .all(now, newest) as string[];
    if (marked.length > 0)
      core.audit.append({
        action: 'notices_read',
        actorUserId: session.userId,
        actorUsername: session.username,
        entity: 'notice',
        details: { count: marked.length, ids: marked.slice(0, NOTICES_SHOWN) },
      });
  })();
  return listNotices(core);
}
