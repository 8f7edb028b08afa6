import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { checkOnThread, checkStatement, readHere, type ThreadAnswer } from './check-thread';

/**
 * What a database file is, read without changing it: used to verify a backup just written, to
 * refuse a restore from a file that is not a sound Pishkhan database of a schema this app knows,
 * and to pick the latest good backup when the live database is broken.
 */
export type InspectionProblem =
  | 'backup_not_found'
  | 'backup_not_pishkhan'
  | 'backup_corrupt'
  | 'backup_unreadable'
  | 'backup_newer_than_app';

export interface DatabaseFacts {
  readonly schemaVersion: number;
  readonly transactions: number;
  readonly office: { readonly code: string; readonly terminalNumber: number } | null;
  /** The newest transaction's creation time, or null when it holds none. */
  readonly lastTransactionAt: number | null;
  readonly sizeBytes: number;
}

export type Inspection =
  | ({ readonly ok: true } & DatabaseFacts)
  | { readonly ok: false; readonly problem: InspectionProblem; readonly detail: string };

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Tables every Pishkhan database has had since its first migration. */
const REQUIRED_TABLES = ['schema_migrations', 'office', 'users', 'audit_log', 'settings'];

/** True when the file starts with SQLite's header; a file of anything else is refused at once. */
export function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(SQLITE_MAGIC);
  } finally {
    closeSync(fd);
  }
}

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : '';
}

/** An error from SQLite that means the file is damaged or is not a database. */
export function isCorruptionError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

function fail(problem: InspectionProblem, detail: string): Inspection {
  return { ok: false, problem, detail: detail.slice(0, 300) };
}

export interface InspectOptions {
  /** integrity_check (every page and index) instead of quick_check. */
  readonly full: boolean;
  readonly nativeBinding?: string | undefined;
}

type Preflight = { readonly ok: true; readonly sizeBytes: number } | Extract<Inspection, { ok: false }>;

/** What can be told before SQLite opens the file: that it exists and starts like a database. */
function preflight(file: string): Preflight {
  if (!existsSync(file) || !statSync(file).isFile()) return fail('backup_not_found', file);
  const sizeBytes = statSync(file).size;
  let sqlite: boolean;
  try {
    sqlite = hasSqliteHeader(file);
  } catch (error) {
    // Not allowed to read it, or it went meanwhile: nothing says the file is damaged.
    return fail('backup_unreadable', error instanceof Error ? error.message : String(error));
  }
  if (!sqlite) return fail('backup_not_pishkhan', 'not an SQLite database');
  return { ok: true, sizeBytes };
}

/** What a check's answer lines mean: null when SQLite found the file sound. */
function checkProblem(lines: readonly string[]): Inspection | null {
  return lines.length === 1 && lines[0] === 'ok' ? null : fail('backup_corrupt', lines.join('; '));
}

/**
 * The problem an SQLite error while reading the file stands for. SQLITE_CANTOPEN is a file SQLite
 * could not open at all (a path longer than it takes, a file it may not read): not a damaged one,
 * which the manager would otherwise be told and throw away.
 */
function errorProblem(error: unknown): Inspection {
  if (sqliteCode(error) === 'SQLITE_NOTADB') return fail('backup_not_pishkhan', String(error));
  if (sqliteCode(error) === 'SQLITE_CANTOPEN') return fail('backup_unreadable', String(error));
  if (isCorruptionError(error)) return fail('backup_corrupt', String(error));
  return fail('backup_corrupt', error instanceof Error ? error.message : String(error));
}

/**
 * Opens the file read-only and reads its facts; `check` (when given) runs SQLite's check on the
 * same connection first.
 */
function readFacts(
  file: string,
  sizeBytes: number,
  options: InspectOptions,
  check: ((db: Database.Database) => readonly string[]) | null,
  counted: number | null = null,
): Inspection {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    const problem = check ? checkProblem(check(db)) : null;
    if (problem) return problem;
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (row) => row.name,
      ),
    );
    const missing = REQUIRED_TABLES.filter((name) => !tables.has(name));
    if (missing.length > 0) return fail('backup_not_pishkhan', `missing tables: ${missing.join(', ')}`);
    const schemaVersion =
      (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    if (schemaVersion > LATEST_SCHEMA_VERSION)
      return fail(
        'backup_newer_than_app',
        `schema ${schemaVersion}, this app knows up to ${LATEST_SCHEMA_VERSION}`,
      );
    const office = db.prepare('SELECT code, terminal_number FROM office LIMIT 1').get() as
      { code: string; terminal_number: number } | undefined;
    const hasTransactions = tables.has('transactions');
    // The newest by sequence (the order saves were made in, whatever the PC's clock said), and
    // count(*) over the smallest index: no scan of the table, which could wait on the core's thread.
    // (A thread that checked the file counted them already, off the core's thread.)
    const counts = !hasTransactions
      ? { n: 0, last: null }
      : counted !== null
        ? (db
            .prepare(
              `SELECT ? AS n, (SELECT created_at FROM transactions ORDER BY sequence DESC LIMIT 1) AS last`,
            )
            .get(counted) as { n: number; last: number | null })
        : (db
            .prepare(
              `SELECT (SELECT count(*) FROM transactions) AS n,
                      (SELECT created_at FROM transactions ORDER BY sequence DESC LIMIT 1) AS last`,
            )
            .get() as { n: number; last: number | null });
    return {
      ok: true,
      schemaVersion,
      transactions: counts.n,
      lastTransactionAt: counts.last,
      office: office ? { code: office.code, terminalNumber: office.terminal_number } : null,
      sizeBytes,
    };
  } catch (error) {
    return errorProblem(error);
  } finally {
    db?.close();
  }
}

/**
 * Inspects a database file that no one is writing (a backup, a candidate to restore), on this
 * thread: for the start and the CLI, before anything is served.
 */
export function inspectDatabaseFile(file: string, options: InspectOptions): Inspection {
  const pre = preflight(file);
  if (!pre.ok) return pre;
  return readFacts(
    file,
    pre.sizeBytes,
    options,
    (db) => readHere(db, [checkStatement(options.full)])[0] ?? [],
  );
}

/**
 * The same inspection with SQLite's check on a thread of its own (check-thread.ts): for a core
 * that is serving the counter, which keeps being answered while the file is checked.
 */
export async function inspectDatabaseFileOffThread(
  file: string,
  options: InspectOptions,
): Promise<Inspection> {
  const pre = preflight(file);
  if (!pre.ok) return pre;
  return inspectionAfterCheck(file, options, await checkOnThread(file, options));
}

/** The inspection of `file` once a thread checked it: what the check found, and the file's facts. */
export function inspectionAfterCheck(
  file: string,
  options: InspectOptions,
  answer: ThreadAnswer,
): Inspection {
  if (!answer.ok) return errorProblem(Object.assign(new Error(answer.message), { code: answer.code }));
  const pre = preflight(file);
  if (!pre.ok) return pre;
  return checkProblem(answer.lines) ?? readFacts(file, pre.sizeBytes, options, null, answer.transactions);
}
