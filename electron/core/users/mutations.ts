import type { ManagedUser } from '../../../shared/ipc/calls/manager';
import { AppError } from '../../../shared/result';
import type { UserRole } from '../../../shared/roles';
import { authenticate } from '../accounts/auth';
import { insertUser } from '../accounts/mutations';
import { hashPassword, verifyPassword } from '../accounts/passwords';
import { passwordClock } from '../accounts/temporary-password';
import { findUserById, findUserByUsername } from '../accounts/queries';
import type { Session } from '../accounts/sessions';
import { prepared } from '../db/open';
import type { Core } from '../core';
import { managedUser, managersWhoCanSignIn, userClocks } from './queries';

/**
 * A new operator or manager, with a first password the manager hands over: they must change it at
 * their first login, so the manager never knows the password in use.
 */
export async function createUser(
  core: Core,
  session: Session,
  input: { username: string; fullName: string; role: UserRole; password: string },
): Promise<ManagedUser> {
  if (findUserByUsername(core.db, input.username)) throw new AppError('username_taken');
  const passwordHash = await hashPassword(input.password);
  const now = core.now();
  const id = core.db.transaction(() => {
    // Checked again inside the write: the hash took a while.
    if (findUserByUsername(core.db, input.username)) throw new AppError('username_taken');
    const userId = insertUser(
      core.db,
      { username: input.username, fullName: input.fullName, role: input.role, passwordHash },
      now,
    );
    prepared(core.db, 'UPDATE users SET must_change_password = 1, password_set_at = ? WHERE id = ?').run(
      passwordClock(core),
      userId,
    );
    core.audit.append({
      action: 'user_created',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'user',
      entityId: String(userId),
      details: { username: input.username, role: input.role },
    });
    return userId;
  })();
  return managedUser(core.db, id, userClocks(core));
}

/**
 * A forgotten password: the manager sets a temporary one; the user changes it at the next login.
 * Never one's own: that is a change of password, which asks for the current one. A reset of one's
 * own let whoever found a manager's window unlocked give the account a password of their choosing.
 */
export async function resetPassword(
  core: Core,
  session: Session,
  input: { userId: number; newPassword: string },
): Promise<ManagedUser> {
  if (!findUserById(core.db, input.userId)) throw new AppError('user_not_found');
  if (input.userId === session.userId) throw new AppError('cannot_reset_own_password');
  const passwordHash = await hashPassword(input.newPassword);
  const now = core.now();
  core.db.transaction(() => {
    prepared(
      core.db,
      `UPDATE users SET password_hash = ?, must_change_password = 1, password_set_at = ?, failed_attempts = 0,
         locked_until = NULL, updated_at = ? WHERE id = ?`,
    ).run(passwordHash, passwordClock(core), now, input.userId);
    core.audit.append({
      action: 'password_reset',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'user',
      entityId: String(input.userId),
    });
  })();
  return managedUser(core.db, input.userId, userClocks(core));
}

/**
 * Deactivates (never deletes) or reactivates a user. A manager never deactivates their own account
 * (another manager does), and the office always keeps another manager who can sign in: active, with
 * a password of their own. One who still has the temporary password another manager set may never
 * have received it, or have forgotten it, so is not counted.
 */
export function setActive(
  core: Core,
  session: Session,
  input: { userId: number; active: boolean },
): ManagedUser {
  const now = core.now();
  core.db.transaction(() => {
    const user = findUserById(core.db, input.userId);
    if (!user) throw new AppError('user_not_found');
    if (user.active === input.active) return;
    if (!input.active && user.id === session.userId) throw new AppError('cannot_deactivate_self');
    if (!input.active && user.role === 'manager' && managersWhoCanSignIn(core.db, { besides: user.id }) === 0)
      throw new AppError('last_active_manager');
    prepared(core.db, 'UPDATE users SET active = ?, updated_at = ? WHERE id = ?').run(
      input.active ? 1 : 0,
      now,
      input.userId,
    );
    core.audit.append({
      action: input.active ? 'user_reactivated' : 'user_deactivated',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'user',
      entityId: String(input.userId),
      details: { username: user.username, role: user.role },
    });
  })();
  return managedUser(core.db, input.userId, userClocks(core));
}

/**
 * The user changes their own password (forced after a reset or at first login). Returns the new
 * hash, for the session to carry (a session whose hash is not the account's ends).
 */
export async function changeOwnPassword(
  core: Core,
  session: Session,
  input: { currentPassword: string; newPassword: string },
): Promise<string> {
  const user = await authenticate(core, session.username, input.currentPassword, 'approval');
  if (await verifyPassword(input.newPassword, user.passwordHash)) throw new AppError('password_unchanged');
  const passwordHash = await hashPassword(input.newPassword);
  const now = core.now();
  core.db.transaction(() => {
    prepared(
      core.db,
      'UPDATE users SET password_hash = ?, must_change_password = 0, password_set_at = ?, updated_at = ? WHERE id = ?',
    ).run(passwordHash, passwordClock(core), now, user.id);
    core.audit.append({
      action: 'password_changed',
      actorUserId: user.id,
      actorUsername: user.username,
      entity: 'user',
      entityId: String(user.id),
    });
  })();
  return passwordHash;
}
