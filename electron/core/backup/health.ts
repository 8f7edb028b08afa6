import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../log';

const log = createLogger('health');

/**
 * A small file beside the database that the start check can read even when the database cannot be
 * read: whether the app closed cleanly, when the database was last checked, and where the backups
 * are (the folder setting lives in the database, which is exactly what may be broken).
 */
export interface Health {
  /** True from the moment the core opens the database until it closes it cleanly. */
  readonly open: boolean;
  /** When a quick_check or integrity_check of the database last passed. */
  readonly lastCheckAt: number | null;
  readonly backupFolder: string | null;
  readonly lastBackup: { readonly file: string; readonly at: number } | null;
}

export const HEALTH_FILE = 'pishkhan.health.json';

const EMPTY: Health = { open: false, lastCheckAt: null, backupFolder: null, lastBackup: null };

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The recorded health; a missing or unreadable file reads as "nothing known". */
export function readHealth(dataDir: string): Health {
  const file = join(dataDir, HEALTH_FILE);
  if (!existsSync(file)) return EMPTY;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const last = raw['lastBackup'] as Record<string, unknown> | null | undefined;
    return {
      open: raw['open'] === true,
      lastCheckAt: numberOrNull(raw['lastCheckAt']),
      backupFolder: typeof raw['backupFolder'] === 'string' ? raw['backupFolder'] : null,
      lastBackup:
        last && typeof last['file'] === 'string' && numberOrNull(last['at']) !== null
          ? { file: last['file'], at: last['at'] as number }
          : null,
    };
  } catch {
    // Unknown state: treat it as an unclean shutdown so the database gets checked.
    return { ...EMPTY, open: true };
  }
}

/**
 * Changes some fields; written to a temporary file and renamed, so it is never half written.
 * Best effort: a health file that cannot be written only means the next start checks more.
 */
export function updateHealth(dataDir: string, change: Partial<Health>): Health {
  const next = { ...readHealth(dataDir), ...change };
  const file = join(dataDir, HEALTH_FILE);
  if (!existsSync(dataDir)) return next;
  try {
    writeFileSync(`${file}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    log.warn(
      `the health file could not be written: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return next;
}
