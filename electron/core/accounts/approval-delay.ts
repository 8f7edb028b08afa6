import { prepared, type Db } from '../db/open';

/**
 * A manager's password typed at a counter to approve a void (accounts/auth.ts, "counter approval")
 * is often typed at an operator's window. Wrong ones there do not lock the account: five of them
 * would otherwise keep the manager out of their own login, day close and restore, at the operator's
 * will, every ten minutes. Instead each wrong one past the first few makes the next counter approval
 * for that manager wait, twice as long each time, up to half an hour: a guesser gets about two tries
 * an hour, far fewer than the login lock allows (five every ten minutes), and the manager's login,
 * unlock and own signatures go on as usual.
 *
 * The failures are read from the audit trail, where each is written anyway: it is append-only and
 * chained, so the count survives a restart and cannot be reset quietly, and no column is needed.
 * Only the last day counts, and only since the manager last signed in or unlocked their screen
 * here: their presence lifts the wait, which is how they take approvals back at once.
 */

/** Wrong counter approvals that cost nothing: a manager's ordinary slips. */
export const FREE_APPROVAL_FAILURES = 3;
export const FIRST_APPROVAL_WAIT_MS = 30_000;
export const MAX_APPROVAL_WAIT_MS = 30 * 60_000;
const WINDOW_MS = 24 * 60 * 60_000;

/** The audit details that mark a wrong password as a counter approval's (counted here). */
export const COUNTER_APPROVAL = 'counter_approval';

/** How long the next counter approval waits after the `failures`-th wrong one in a row. */
export function approvalWaitMs(failures: number): number {
  if (failures <= FREE_APPROVAL_FAILURES) return 0;
  return Math.min(
    FIRST_APPROVAL_WAIT_MS * 2 ** (failures - FREE_APPROVAL_FAILURES - 1),
    MAX_APPROVAL_WAIT_MS,
  );
}

/**
 * Until when the next counter approval waits after the `failures`-th wrong one, made at `at`; null
 * when it need not. Rounded up to the minute: the message says the time in hours and minutes.
 */
export function approvalWaitUntil(at: number, failures: number): number | null {
  const wait = approvalWaitMs(failures);
  return wait === 0 ? null : Math.ceil((at + wait) / 60_000) * 60_000;
}

export interface ApprovalFailures {
  /** Wrong counter approvals counted now. */
  readonly failures: number;
  /** Until when the next counter approval waits; null when it need not. */
  readonly waitUntil: number | null;
}

export function approvalFailures(db: Db, userId: number, now: number): ApprovalFailures {
  // The last day's, after the user's last sign-in or unlock here (by the trail's order: the clock
  // may not have moved between the two).
  const row = prepared(
    db,
    `SELECT count(*) AS n, max(at) AS last FROM audit_log
     WHERE action = 'approval_failed' AND at > @since AND actor_user_id = @userId
       AND json_extract(details, '$.check') = '${COUNTER_APPROVAL}'
       AND seq > coalesce((SELECT max(seq) FROM audit_log WHERE action IN ('login', 'session_unlocked')
                             AND at > @since AND actor_user_id = @userId), 0)`,
  ).get({ since: now - WINDOW_MS, userId }) as { n: number; last: number | null };
  const waitUntil = row.last === null ? null : approvalWaitUntil(row.last, row.n);
  return { failures: row.n, waitUntil: waitUntil !== null && waitUntil > now ? waitUntil : null };
}
