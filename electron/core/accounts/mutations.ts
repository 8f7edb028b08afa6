import { prepared } from '../db/open';
import type { UserRole } from '../../../shared/roles';
import type { Db } from '../db/open';

export interface NewUser {
  readonly username: string;
  readonly fullName: string;
  readonly role: UserRole;
  readonly passwordHash: string;
}

export function insertUser(db: Db, user: NewUser, now: number): number {
  const info = db
    .prepare(
      `INSERT INTO users (username, full_name, role, password_hash, password_set_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(user.username, user.fullName, user.role, user.passwordHash, now, now, now);
  return Number(info.lastInsertRowid);
}

export function recordFailedAttempt(
  db: Db,
  userId: number,
  failedAttempts: number,
  lockedUntil: number | null,
  now: number,
): void {
  prepared(db, 'UPDATE users SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?').run(
    failedAttempts,
    lockedUntil,
    now,
    userId,
  );
}

export function clearFailedAttempts(db: Db, userId: number, now: number): void {
  prepared(db, 'UPDATE users SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(
    now,
    userId,
  );
}
