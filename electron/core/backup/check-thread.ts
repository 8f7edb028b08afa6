import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Whole-database work run on a thread of its own: a backup's copy, SQLite's check of a file
 * (quick_check, or integrity_check), and the reads of "save diagnostics". On a million
 * transactions the copy takes 5 s and ends with a 1 s flush to disk, the check 3 s (quick) to
 * 25 s (integrity), foreign_key_check 12 s; SQLite does each in one synchronous call. On the core's
 * thread the counter would get no answer meanwhile (bench rows `lookup-during-*`).
 */

export interface ThreadFailure {
  readonly ok: false;
  /** What failed: making the copy, or reading the file to check it. */
  readonly step: 'copy' | 'check';
  readonly code: string;
  readonly message: string;
}

/**
 * What the check said (the first column of each row it answered with), and how many transactions
 * the file holds, counted on the thread too (null where the file has no such table).
 */
export type ThreadAnswer =
  | { readonly ok: true; readonly lines: readonly string[]; readonly transactions: number | null }
  | ThreadFailure;

/** The same for several statements, in their order, and the counts asked for (null where one failed). */
export type StatementsAnswer =
  | {
      readonly ok: true;
      readonly results: readonly (readonly string[])[];
      readonly counts: readonly (number | null)[];
    }
  | ThreadFailure;

interface ThreadJob {
  readonly driver: string;
  readonly nativeBinding: string | undefined;
  /** The live database to copy into `file` first, through a read-only connection of the thread's own. */
  readonly copyFrom: string | null;
  readonly file: string;
  /** Read-only statements (SQLite's checks are PRAGMA statements), run in order. */
  readonly statements: readonly string[];
  /**
   * Counts read after them on the same connection. A count that fails (a table the file lacks) is
   * null, not a failure of the file: the caller's own checks say what such a file is.
   */
  readonly counts: readonly string[];
}

// Plain CommonJS for an eval'd worker: it loads the same better-sqlite3 (by absolute path) and the
// same native binding as the thread that asks, so it runs alike in the app, the CLI and the tests.
// The copy is one backup step: one read transaction, so the copy is the database as of one moment
// (WAL lets the counter keep saving meanwhile) and is never restarted by those saves.
const THREAD_SOURCE = `
const { parentPort, workerData: job } = require('node:worker_threads');
const Database = require(job.driver);
const binding = job.nativeBinding ? { nativeBinding: job.nativeBinding } : {};
function failure(step, error) {
  return {
    ok: false,
    step,
    code: error && typeof error === 'object' && 'code' in error ? String(error.code) : '',
    message: error instanceof Error ? error.message : String(error),
  };
}
async function copy() {
  const source = new Database(job.copyFrom, { readonly: true, fileMustExist: true, ...binding });
  try {
    await source.backup(job.file, { progress: () => 2147483647 });
  } finally {
    source.close();
  }
  const target = new Database(job.file, { fileMustExist: true, ...binding });
  try {
    target.pragma('journal_mode = DELETE');
  } finally {
    target.close();
  }
}
function check() {
  const db = new Database(job.file, { readonly: true, fileMustExist: true, ...binding });
  try {
    const results = job.statements.map((sql) =>
      db.prepare(sql).all().map((row) => String(Object.values(row)[0] ?? '')),
    );
    const counts = job.counts.map((sql) => {
      try {
        const n = db.prepare(sql).pluck().get();
        return typeof n === 'number' ? n : null;
      } catch {
        return null;
      }
    });
    return { results, counts };
  } finally {
    db.close();
  }
}
async function run() {
  if (job.copyFrom) {
    try {
      await copy();
    } catch (error) {
      return failure('copy', error);
    }
  }
  try {
    return { ok: true, ...check() };
  } catch (error) {
    return failure('check', error);
  }
}
run().then((answer) => parentPort.postMessage(answer));
`;

function onThread(job: ThreadJob): Promise<StatementsAnswer> {
  return new Promise((resolve, reject) => {
    let answer: StatementsAnswer | null = null;
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: job });
    worker.once('message', (message: StatementsAnswer) => {
      answer = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (answer) resolve(answer);
      else reject(new Error(`the database thread stopped (exit code ${code}) without an answer`));
    });
  });
}

export interface ThreadCheckOptions {
  /** integrity_check (every page and index) instead of quick_check. */
  readonly full: boolean;
  readonly nativeBinding?: string | undefined;
}

/** SQLite's check of a whole file, its first 20 problems at most. */
export function checkStatement(full: boolean): string {
  return full ? 'PRAGMA integrity_check(20)' : 'PRAGMA quick_check(20)';
}

/**
 * The same reads on the caller's thread (the start and the command line, where nothing else is
 * served): each statement's rows, the first column as text, as the thread answers them.
 */
export function readHere(db: Database.Database, statements: readonly string[]): string[][] {
  return statements.map((sql) =>
    (db.prepare(sql).all() as Record<string, unknown>[]).map((row) => String(Object.values(row)[0] ?? '')),
  );
}

/**
 * How many transactions a checked file holds. count(*) reads the whole of the smallest index:
 * 75 ms on a copy of 1,000,000 transactions, which on the core's thread kept the counter waiting
 * after every backup.
 */
const TRANSACTION_COUNT = 'SELECT count(*) FROM transactions';

function jobFor(
  copyFrom: string | null,
  file: string,
  statements: readonly string[],
  nativeBinding: string | undefined,
  counts: readonly string[] = [],
): ThreadJob {
  return { driver: require.resolve('better-sqlite3'), nativeBinding, copyFrom, file, statements, counts };
}

async function checked(job: ThreadJob): Promise<ThreadAnswer> {
  const answer = await onThread(job);
  return answer.ok
    ? { ok: true, lines: answer.results[0] ?? [], transactions: answer.counts[0] ?? null }
    : answer;
}

/**
 * Runs `quick_check(20)` or `integrity_check(20)` on `file`, one no one writes, and counts its
 * transactions, in a worker thread.
 * Answers what SQLite said, or the SQLite error that stopped it; rejects only if the thread itself
 * could not run.
 */
export function checkOnThread(file: string, options: ThreadCheckOptions): Promise<ThreadAnswer> {
  return checked(
    jobFor(null, file, [checkStatement(options.full)], options.nativeBinding, [TRANSACTION_COUNT]),
  );
}

/**
 * Copies the live database `source` into `target` (a self-contained file: no WAL), checks the copy
 * and counts its transactions, in a worker thread.
 */
export function copyAndCheckOnThread(
  source: string,
  target: string,
  options: ThreadCheckOptions,
): Promise<ThreadAnswer> {
  return checked(
    jobFor(source, target, [checkStatement(options.full)], options.nativeBinding, [TRANSACTION_COUNT]),
  );
}

/**
 * Runs read-only statements (checks, counts) on `file` in a worker thread, through a read-only
 * connection of its own: on the live database they read one moment's state, and the core goes on
 * meanwhile. Answers the first column of each statement's rows.
 */
export function readOnThread(
  file: string,
  statements: readonly string[],
  nativeBinding: string | undefined,
): Promise<StatementsAnswer> {
  return onThread(jobFor(null, file, statements, nativeBinding));
}
