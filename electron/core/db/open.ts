import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Path of a better-sqlite3 binary built for another runtime (Electron's ABI). */
  readonly nativeBinding?: string | undefined;
  readonly readonly?: boolean;
}

/**
 * Opens the store with the durability the queue needs: WAL so readers never block the counter,
 * synchronous=FULL so a saved transaction survives a power cut, foreign keys enforced.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(file, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    readonly: options.readonly ?? false,
  });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
