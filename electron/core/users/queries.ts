import type { ManagedUser } from '../../../shared/ipc/calls/manager';
import { AppError } from '../../../shared/result';
import { approvalFailures } from '../accounts/approval-delay';
import { lockHolds } from '../accounts/lockout';
import { passwordClock, temporaryPasswordExpiresAt } from '../accounts/temporary-password';
import type { Core } from '../core';
import { prepared, type Db } from '../db/open';

interface Row {
  id: number;
  username: string;
  full_name: string;
  role: 'operator' | 'manager';
  active: number;
  must_change_password: number;
  password_set_at: number;
  locked_until: number | null;
  created_at: number;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Wrong passwords typed for this account in the last day, from the audit trail: what tells a
 * manager that someone is guessing theirs (at the login screen or at a counter's void approval).
 */
function wrongPasswords(db: Db, userId: number, now: number): number {
  return (
    prepared(
      db,
      `SELECT count(*) AS n FROM audit_log
       WHERE action IN ('login_failed', 'unlock_failed', 'approval_failed') AND at > ? AND actor_user_id = ?`,
    ).get(now - DAY_MS, userId) as { n: number }
  ).n;
}

/** The PC's clock (what the audit trail's times are), and the municipality's (what a lock's end is). */
export interface UserListClocks {
  readonly now: number;
  readonly lockClock: number;
}

function toUser(db: Db, row: Row, { now, lockClock }: UserListClocks): ManagedUser {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    active: row.active === 1,
    mustChangePassword: row.must_change_password === 1,
    temporaryPasswordExpiresAt:
      row.must_change_password === 1 ? temporaryPasswordExpiresAt(row.password_set_at) : null,
    locked: lockHolds(row.locked_until, lockClock),
    wrongPasswords: wrongPasswords(db, row.id, now),
    approvalsWaitUntil: row.role === 'manager' ? approvalFailures(db, row.id, now).waitUntil : null,
    createdAt: row.created_at,
  };
}

const COLUMNS =
  'id, username, full_name, role, active, must_change_password, password_set_at, locked_until, created_at';

export function listUsers(db: Db, clocks: UserListClocks): ManagedUser[] {
  return (
    prepared(db, `SELECT ${COLUMNS} FROM users ORDER BY active DESC, role DESC, username`).all() as Row[]
  ).map((r) => toUser(db, r, clocks));
}

export function userClocks(core: Core): UserListClocks {
  return { now: core.now(), lockClock: passwordClock(core) };
}

export function managedUser(db: Db, id: number, clocks: UserListClocks): ManagedUser {
  const row = prepared(db, `SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as Row | undefined;
  if (!row) throw new AppError('user_not_found');
  return toUser(db, row, clocks);
}

/** Active managers with a password of their own (not a temporary one still to change), but one. */
export function managersWhoCanSignIn(db: Db, { besides }: { readonly besides: number }): number {
  return (
    prepared(
      db,
      `SELECT count(*) AS n FROM users
       WHERE role = 'manager' AND active = 1 AND must_change_password = 0 AND id <> ?`,
    ).get(besides) as { n: number }
  ).n;
}
