import { existsSync, statSync } from 'node:fs';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/open';
import type { Health } from './health';
import { hasSqliteHeader, isCorruptionError } from './inspect';
import { latestGoodBackup } from './recovery';

/**
 * The database check as the core starts. quick_check reads every page: on a 1.2 GB database with
 * a million transactions it took about 31 s from a cold disk cache and about 1.2 s warm (see the
 * backup issue note), too slow for every start of a counter. So the start checks the file header
 * always (free), and runs quick_check only when there is a reason to doubt the file: the app did
 * not close cleanly last time, the database was never checked, or the last passed check (at start,
 * or the full integrity_check of every backup) is older than a week.
 */
export const CHECK_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export type StartCheckReason = 'unclean_shutdown' | 'never_checked' | 'check_due';

export interface StartCheckPlan {
  readonly quickCheck: boolean;
  readonly reason: StartCheckReason | null;
}

export function startCheckPlan(health: Health, now: number, databaseExists: boolean): StartCheckPlan {
  if (!databaseExists) return { quickCheck: false, reason: null };
  if (health.open) return { quickCheck: true, reason: 'unclean_shutdown' };
  if (health.lastCheckAt === null) return { quickCheck: true, reason: 'never_checked' };
  // A clock set back far behind the last check counts as due too.
  if (now - health.lastCheckAt > CHECK_MAX_AGE_MS || health.lastCheckAt - now > CHECK_MAX_AGE_MS)
    return { quickCheck: true, reason: 'check_due' };
  return { quickCheck: false, reason: null };
}

export type CorruptionReason = 'not_a_database' | 'check_failed' | 'sqlite_error';

/**
 * The error the core throws for a broken database: what went wrong and the latest backup that
 * passes a full integrity check, so the person can be offered it instead of a crash.
 */
export function corruptDatabase(
  dataDir: string,
  reason: CorruptionReason,
  detail: string,
  nativeBinding?: string,
): AppError {
  const backup = latestGoodBackup(dataDir, nativeBinding);
  return new AppError(
    'database_corrupt',
    {
      reason,
      detail: detail.slice(0, 300),
      latestBackup: backup?.file ?? null,
      latestBackupAt: backup?.takenAt ?? null,
    },
    `the database is damaged (${reason}): ${detail.slice(0, 300)}`,
  );
}

/**
 * The header of an existing database file, before SQLite is asked to open it. An empty file is
 * an empty database to SQLite (a first start killed before its first write leaves one).
 */
export function headerProblem(databaseFile: string): string | null {
  if (!existsSync(databaseFile) || statSync(databaseFile).size === 0) return null;
  return hasSqliteHeader(databaseFile) ? null : 'the file does not start with the SQLite header';
}

/** Runs quick_check; returns what it found wrong, or null when the database is sound. */
export function quickCheckProblem(db: Db): string | null {
  try {
    const rows = (db.pragma('quick_check(20)') as Record<string, string>[]).map(
      (row) => Object.values(row)[0] ?? '',
    );
    return rows.length === 1 && rows[0] === 'ok' ? null : rows.join('; ');
  } catch (error) {
    if (isCorruptionError(error)) return error instanceof Error ? error.message : String(error);
    throw error;
  }
}
