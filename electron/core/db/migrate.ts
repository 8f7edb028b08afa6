import { AppError } from '../../../shared/result';
import type { Migration } from './migration';
import type { Db } from './open';

function appliedVersion(db: Db): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** Called before each migration that runs: the `index`-th of the `total` this start applies. */
export type MigrationProgress = (step: { readonly index: number; readonly total: number }) => void;

/**
 * Brings the database up to `target` (default: all known migrations), each step in its own
 * transaction with its record. Refuses a database written by a newer version of the app: running
 * old code on a newer schema could corrupt what a newer version wrote.
 */
export function migrate(
  db: Db,
  migrations: readonly Migration[],
  now: () => number,
  target?: number,
  onStep?: MigrationProgress,
): number {
  const latest = migrations.length;
  const goal = target ?? latest;
  const current = appliedVersion(db);
  if (current > latest) {
    throw new AppError('database_newer_than_app', { databaseVersion: current, appVersion: latest });
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const due = migrations.filter((m) => m.version > current && m.version <= goal);
  for (const [i, m] of due.entries()) {
    onStep?.({ index: i + 1, total: due.length });
    db.transaction(() => {
      m.up(db);
      record.run(m.version, m.name, now());
    })();
  }
  return Math.max(current, goal);
}

export function schemaVersion(db: Db): number {
  return appliedVersion(db);
}
