import { AppError } from '../../../shared/result';
import type { Core } from '../core';
import { clearFailedAttempts, recordFailedAttempt } from './mutations';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { findUserById, findUserByUsername, type UserRecord } from './queries';
import { RecentPasswords } from './recent-passwords';
import { approvalFailures, approvalWaitUntil, COUNTER_APPROVAL } from './approval-delay';
import { passwordClock, temporaryPasswordExpired, temporaryPasswordExpiresAt } from './temporary-password';
import { LOCKOUT_MS, lockHolds } from './lockout';

export const MAX_FAILED_ATTEMPTS = 5;
export { LOCKOUT_MS } from './lockout';

const recent = new WeakMap<Core, RecentPasswords>();

function recentPasswords(core: Core): RecentPasswords {
  let passwords = recent.get(core);
  if (!passwords) {
    passwords = new RecentPasswords();
    recent.set(core, passwords);
  }
  return passwords;
}

/** When a session ends (SessionStore): the user's next password check pays scrypt again. */
export function forgetRecentPassword(core: Core, userId: number): void {
  recent.get(core)?.forget(userId);
}

/**
 * Checks a password for a login, an unlock or a signature. A wrong password gets the same answer,
 * `invalid_credentials` with nothing more, whether the account exists, is active or not: an
 * inactive account is said to be inactive only to whoever typed its right password. An unknown
 * username costs the same time as a known one.
 *
 * Logins, unlocks and a user's own signatures (day close, restore, password change: typed in their
 * own session) share one count: the fifth wrong password in a row locks the account for ten
 * minutes, and while it lasts every attempt is answered `account_locked`, the right password too,
 * so that the lock really stops guessing (an answer that told the right password apart would let a
 * guesser go on through the lock). A username that exists can thus be told from one that does not
 * by locking it out, which the manager sees; the answers no longer tell it at the first try.
 *
 * `remember: false` is a counter approval: a manager's password typed to approve a void, often at
 * an operator's window. Its wrong passwords neither count towards nor obey that lock; they make the
 * next counter approval wait instead (approval-delay.ts), so an operator cannot use them to keep
 * the manager out of their login, day close or restore. Its password is not remembered, as the
 * approver may have no session here to end; one remembered from their own login is still recognized.
 *
 * A password found right otherwise is remembered until its user's session ends (RecentPasswords).
 */
export async function authenticate(
  core: Core,
  username: string,
  password: string,
  purpose: 'login' | 'unlock' | 'approval',
  { remember = true }: { readonly remember?: boolean } = {},
): Promise<UserRecord> {
  const counterApproval = purpose === 'approval' && !remember;
  const candidate = findUserByUsername(core.db, username);
  if (counterApproval && candidate) {
    // Refused before the password is looked at: while the wait lasts, no guess is tried.
    const { waitUntil } = approvalFailures(core.db, candidate.id, core.now());
    if (waitUntil !== null) throw new AppError('approval_delayed', { until: waitUntil });
  }
  // The password this user's last check in this process found right is known without scrypt; any
  // other (a wrong one, one never checked here, one of a changed hash) is checked with it.
  const recognized =
    candidate !== null && recentPasswords(core).recognizes(candidate.id, candidate.passwordHash, password);
  const matches =
    recognized || (await verifyPassword(password, candidate?.passwordHash ?? (await dummyPasswordHash())));
  const now = core.now();
  // Re-read after the await: another attempt may have changed the counters meanwhile.
  const user = candidate ? findUserById(core.db, candidate.id) : null;

  if (!user) {
    // The name as typed is not kept: it is often the password, typed into the wrong field, and the
    // trail is shown to managers and pushed to the municipality. Its length tells a slip from a guess.
    core.db.transaction(() => {
      core.audit.append({
        action: `${purpose}_failed`,
        details: { reason: 'unknown_user', usernameLength: username.length },
      });
    })();
    throw new AppError('invalid_credentials');
  }
  if (counterApproval) return checkCounterApproval(core, user, matches, now);
  // The lock's ten minutes are kept and judged by the municipality's clock, as a temporary
  // password's days are: by the PC's own, moving the clock forward ended the lock at once.
  const lockClock = passwordClock(core);
  if (lockHolds(user.lockedUntil, lockClock)) {
    core.db.transaction(() => {
      core.audit.append({
        action: `${purpose}_refused_locked`,
        actorUserId: user.id,
        actorUsername: user.username,
      });
    })();
    throw new AppError('account_locked', { until: user.lockedUntil });
  }
  if (!matches) {
    const attempts = (user.lockedUntil !== null ? 0 : user.failedAttempts) + 1;
    const locks = attempts >= MAX_FAILED_ATTEMPTS;
    const lockedUntil = locks ? lockClock + LOCKOUT_MS : null;
    core.db.transaction(() => {
      recordFailedAttempt(core.db, user.id, locks ? 0 : attempts, lockedUntil, now);
      core.audit.append({
        action: `${purpose}_failed`,
        actorUserId: user.id,
        actorUsername: user.username,
        details: { reason: 'wrong_password', attempt: attempts },
      });
      if (locks) {
        core.audit.append({
          action: 'account_locked',
          actorUserId: user.id,
          actorUsername: user.username,
          details: { until: lockedUntil },
        });
      }
    })();
    if (lockedUntil !== null) throw new AppError('account_locked', { until: lockedUntil });
    throw new AppError('invalid_credentials');
  }
  refuseIfInactive(core, user, purpose);
  refuseIfTemporaryExpired(core, user, purpose);
  if (user.failedAttempts !== 0 || user.lockedUntil !== null) clearFailedAttempts(core.db, user.id, now);
  if (remember && candidate && !recognized)
    recentPasswords(core).remember(candidate.id, candidate.passwordHash, password);
  return user;
}

function refuseIfInactive(core: Core, user: UserRecord, purpose: string): void {
  if (user.active) return;
  core.db.transaction(() => {
    core.audit.append({
      action: `${purpose}_refused_inactive`,
      actorUserId: user.id,
      actorUsername: user.username,
    });
  })();
  throw new AppError('account_inactive');
}

/**
 * A temporary password past its time opens nothing: not a login, not the change it asks for (that
 * would let whoever kept the paper choose the password), not an approval. Said only to whoever typed
 * it right, as an inactive account is; the manager sets a new one.
 */
function refuseIfTemporaryExpired(core: Core, user: UserRecord, purpose: string): void {
  if (!user.mustChangePassword || !temporaryPasswordExpired(user.passwordSetAt, passwordClock(core))) return;
  const expiredAt = temporaryPasswordExpiresAt(user.passwordSetAt);
  core.db.transaction(() => {
    core.audit.append({
      action: `${purpose}_refused_password_expired`,
      actorUserId: user.id,
      actorUsername: user.username,
      details: { expiredAt },
    });
  })();
  throw new AppError('temporary_password_expired', { expiredAt });
}

/**
 * A counter approval whose wait (if any) was over: a wrong password is audited as one more counted
 * towards the next wait; the sign-in count and lock are left as they are.
 */
function checkCounterApproval(core: Core, user: UserRecord, matches: boolean, now: number): UserRecord {
  if (!matches) {
    core.db.transaction(() => {
      const failures = approvalFailures(core.db, user.id, now).failures + 1;
      core.audit.append({
        action: 'approval_failed',
        actorUserId: user.id,
        actorUsername: user.username,
        details: {
          reason: 'wrong_password',
          check: COUNTER_APPROVAL,
          attempt: failures,
          waitUntil: approvalWaitUntil(now, failures),
        },
      });
    })();
    throw new AppError('invalid_credentials');
  }
  refuseIfInactive(core, user, 'approval');
  refuseIfTemporaryExpired(core, user, 'approval');
  return user;
}
