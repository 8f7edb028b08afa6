import type { ManagedUser } from '../../../shared/ipc/calls/manager';
import { AppError } from '../../../shared/result';
import { prepared, type Db } from '../db/open';

interface Row {
  id: number;
  username: string;
  full_name: string;
  role: 'operator' | 'manager';
  active: number;
  must_change_password: number;
  locked_until: number | null;
  created_at: number;
}

function toUser(row: Row, now: number): ManagedUser {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    active: row.active === 1,
    mustChangePassword: row.must_change_password === 1,
    locked: row.locked_until !== null && row.locked_until > now,
    createdAt: row.created_at,
  };
}

const COLUMNS = 'id, username, full_name, role, active, must_change_password, locked_until, created_at';

export function listUsers(db: Db, now: number): ManagedUser[] {
  return (
    prepared(db, `SELECT ${COLUMNS} FROM users ORDER BY active DESC, role DESC, username`).all() as Row[]
  ).map((r) => toUser(r, now));
}

export function managedUser(db: Db, id: number, now: number): ManagedUser {
  const row = prepared(db, `SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as Row | undefined;
  if (!row) throw new AppError('user_not_found');
  return toUser(row, now);
}

export function activeManagers(db: Db): number {
  return (
    prepared(db, "SELECT count(*) AS n FROM users WHERE role = 'manager' AND active = 1").get() as {
      n: number;
    }
  ).n;
}
