import { join } from 'node:path';
import { migrate } from '../../../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../../../electron/core/db/migrations';
import { openDatabase, type Db } from '../../../../../electron/core/db/open';

/** A database migrated up to `version`, with the operator (user 1) that transactions refer to. */
export function databaseAtVersion(dir: string, version: number): Db {
  const db = openDatabase(join(dir, 'db.sqlite'));
  migrate(db, MIGRATIONS, () => 1, version);
  db.prepare(
    `INSERT INTO users (id, username, full_name, role, password_hash, created_at, updated_at)
     VALUES (1, 'operator', 'کاربر', 'operator', 'x', 1, 1)`,
  ).run();
  return db;
}

/** Runs the migrations after the database's version, up to `version`. */
export function migrateTo(db: Db, version: number): void {
  migrate(db, MIGRATIONS, () => 1, version);
}
