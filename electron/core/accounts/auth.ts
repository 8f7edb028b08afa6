import { AppError } from '../../../shared/result';
import type { Core } from '../core';
import { clearFailedAttempts, recordFailedAttempt } from './mutations';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { findUserById, findUserByUsername, type UserRecord } from './queries';
import { RecentPasswords } from './recent-passwords';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 10 * 60 * 1000;

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
 * Checks a password for a login, an unlock or a signature. Every failure is counted and audited;
 * the fifth in a row locks the account for ten minutes. An unknown username costs the same time
 * as a known one.
 *
 * A password found right is remembered until its user's session ends (see RecentPasswords), unless
 * `remember` is false: for a user who has no session to end here, such as a manager approving an
 * operator's void at the operator's counter. A password already remembered is still recognized.
 */
export async function authenticate(
  core: Core,
  username: string,
  password: string,
  purpose: 'login' | 'unlock' | 'approval',
  { remember = true }: { readonly remember?: boolean } = {},
): Promise<UserRecord> {
  const candidate = findUserByUsername(core.db, username);
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
  if (user.lockedUntil !== null && user.lockedUntil > now) {
    core.db.transaction(() => {
      core.audit.append({
        action: `${purpose}_refused_locked`,
        actorUserId: user.id,
        actorUsername: user.username,
      });
    })();
    throw new AppError('account_locked', { until: user.lockedUntil });
  }
  if (!user.active) {
    core.db.transaction(() => {
      core.audit.append({
        action: `${purpose}_refused_inactive`,
        actorUserId: user.id,
        actorUsername: user.username,
      });
    })();
    throw new AppError('account_inactive');
  }
  if (!matches) {
    const attempts = (user.lockedUntil !== null ? 0 : user.failedAttempts) + 1;
    const locks = attempts >= MAX_FAILED_ATTEMPTS;
    const lockedUntil = locks ? now + LOCKOUT_MS : null;
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
    throw new AppError('invalid_credentials', { attemptsLeft: MAX_FAILED_ATTEMPTS - attempts });
  }
  if (user.failedAttempts !== 0 || user.lockedUntil !== null) clearFailedAttempts(core.db, user.id, now);
  if (remember && candidate && !recognized)
    recentPasswords(core).remember(candidate.id, candidate.passwordHash, password);
  return user;
}
