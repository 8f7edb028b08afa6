import type { Database } from './database';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

export class SchemaNewerThanServerError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly serverVersion: number,
  ) {
    super(
      `the database is at schema version ${databaseVersion}, newer than this server (${serverVersion}); ` +
        'run a newer server',
    );
    this.name = 'SchemaNewerThanServerError';
  }
}

// Any constant: two servers starting on one PostgreSQL database migrate one after the other.
const MIGRATION_LOCK = 7_345_001;

/** Applies the migrations not yet recorded, each in its own transaction with its record. */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  await db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at bigint NOT NULL
    )`);
  const latest = migrations.at(-1)?.version ?? 0;
  for (const migration of migrations) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [row] = await tx.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM schema_migrations',
      );
      const current = row?.version ?? 0;
      if (current > latest) throw new SchemaNewerThanServerError(current, latest);
      if (migration.version <= current) return;
      await migration.up(tx);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
    });
  }
  const [row] = await db.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  const version = row?.version ?? 0;
  if (version > latest) throw new SchemaNewerThanServerError(version, latest);
  return version;
}
