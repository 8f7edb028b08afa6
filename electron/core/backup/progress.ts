import Database from 'better-sqlite3';
import { LAST_ISSUED_SEQUENCE } from '../transactions/sequence';

/**
 * How many restores lie behind a database: each restore leaves one more than the replaced database
 * and the backup had (restore-copy.ts), so a database carried on from a restore outranks every
 * backup taken before it, whatever the backups' own numbers say.
 */
export const RESTORE_GENERATION_KEY = 'backup.restoreGeneration';

/**
 * How far a terminal's database had come when a backup was taken, read from the backup itself: by
 * measures that only grow as the counter works, never by a clock (an office PC's clock set a year
 * ahead for a day names its backup a year ahead).
 */
export interface BackupProgress {
  readonly generation: number;
  /** The highest tracking-code sequence handed out (with a restore's floor): it never goes back. */
  readonly sequence: number;
  /** The audit trail's last entry: every sign-in, backup and change adds one. */
  readonly auditSeq: number;
  readonly office: { readonly code: string; readonly terminalNumber: number } | null;
  /**
   * Which database's history it is: the hash of its audit trail's first entry, which the database
   * keeps for good and a restore carries over (the restored trail is the backup's). A PC replaced or
   * a database begun anew starts another history, with low numbers that say nothing against the old
   * one's. Null when the trail is empty.
   */
  readonly history: string | null;
}

/**
 * What `read` finds in the SQLite file `file`, opened read-only; null when it cannot be read (not a
 * database, damaged, being written, or `read` fails on it).
 */
export function readDatabase<T>(
  file: string,
  nativeBinding: string | undefined,
  read: (db: Database.Database) => T,
): T | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    return read(db);
  } catch {
    return null;
  } finally {
    try {
      db?.close();
    } catch {
      // A file that could not be read has nothing to close.
    }
  }
}

/** A backup's progress, or null when it cannot be read (not a database, damaged, being written). */
export function readBackupProgress(file: string, nativeBinding: string | undefined): BackupProgress | null {
  return readDatabase(file, nativeBinding, (db) => {
    const generation = db
      .prepare('SELECT CAST(value AS INTEGER) AS g FROM settings WHERE key = ?')
      .get(RESTORE_GENERATION_KEY) as { g: number } | undefined;
    const sequence = db.prepare(LAST_ISSUED_SEQUENCE).get() as { s: number | null };
    const audit = db.prepare('SELECT max(seq) AS s FROM audit_log').get() as { s: number | null };
    const office = db.prepare('SELECT code, terminal_number AS t FROM office LIMIT 1').get() as
      { code: string; t: number } | undefined;
    const first = db.prepare('SELECT hash FROM audit_log ORDER BY seq LIMIT 1').get() as
      { hash: string } | undefined;
    return {
      generation: generation?.g ?? 0,
      sequence: sequence.s ?? 0,
      auditSeq: audit.s ?? 0,
      office: office ? { code: office.code, terminalNumber: office.t } : null,
      history: first?.hash ?? null,
    };
  });
}

/**
 * Backups read already, by path, size and modification time: a finished backup never changes, so
 * listing them (the Backups screen, every rotation) opens only the new ones; on a network folder
 * each open can take a while, on the core's thread. One that could not be read is tried again.
 */
const known = new Map<string, { readonly key: string; readonly progress: BackupProgress }>();
/** More backups than any folder keeps: past it the cache starts again rather than grow. */
const KNOWN_MAX = 2000;

/** readBackupProgress, once per version of the file (`stats` from its listing). */
export function backupProgressOf(
  file: string,
  stats: { readonly size: number; readonly mtimeMs: number },
  nativeBinding: string | undefined,
): BackupProgress | null {
  const key = `${stats.size}:${stats.mtimeMs}`;
  const cached = known.get(file);
  if (cached?.key === key) return cached.progress;
  const progress = readBackupProgress(file, nativeBinding);
  if (progress === null) {
    known.delete(file);
    return null;
  }
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(file, { key, progress });
  return progress;
}

/**
 * Orders two backups of one history (the same first audit entry) by progress, the further one
 * first; 0 when neither is further. Between histories progress says nothing (files.ts).
 */
export function furtherFirst(a: BackupProgress, b: BackupProgress): number {
  return b.generation - a.generation || b.sequence - a.sequence || b.auditSeq - a.auditSeq;
}
