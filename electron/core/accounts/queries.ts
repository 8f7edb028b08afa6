import { prepared } from '../db/open';
import type { UserRole } from '../../../shared/roles';
import type { Db } from '../db/open';

export interface UserRecord {
  readonly id: number;
  readonly username: string;
  readonly fullName: string;
  readonly role: UserRole;
  readonly passwordHash: string;
  readonly active: boolean;
  readonly mustChangePassword: boolean;
  /** When the password was set: by a manager (a temporary one, while `mustChangePassword`) or by the user. */
  readonly passwordSetAt: number;
  readonly failedAttempts: number;
  readonly lockedUntil: number | null;
}

interface UserRow {
  id: number;
  username: string;
  full_name: string;
  role: UserRole;
  password_hash: string;
  active: number;
  must_change_password: number;
  password_set_at: number;
  failed_attempts: number;
  locked_until: number | null;
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    passwordHash: row.password_hash,
    active: row.active === 1,
    mustChangePassword: row.must_change_password === 1,
    passwordSetAt: row.password_set_at,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
  };
}

export function findUserByUsername(db: Db, username: string): UserRecord | null {
  const row = prepared(db, 'SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  return row ? toRecord(row) : null;
}

export function findUserById(db: Db, id: number): UserRecord | null {
  const row = prepared(db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? toRecord(row) : null;
}

/** Whether an account is active, and its password's hash now: what an open session is checked against. */
export function accountStanding(db: Db, id: number): { active: boolean; passwordHash: string } | null {
  const row = prepared(db, 'SELECT active, password_hash FROM users WHERE id = ?').get(id) as
    { active: number; password_hash: string } | undefined;
  return row ? { active: row.active === 1, passwordHash: row.password_hash } : null;
}

export function countUsers(db: Db): number {
  return (prepared(db, 'SELECT count(*) AS n FROM users').get() as { n: number }).n;
}
