import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupOwner } from './files';
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
  /** The process that has it open (the app), so the command-line tool can tell it is running. */
  readonly pid?: number | null;
  /** Whose backups these are (the last backup's terminal), so a start from a backup takes only its own. */
  readonly backupOwner?: BackupOwner | null;
}

export const HEALTH_FILE = 'pishkhan.health.json';

const EMPTY: Health = { open: false, lastCheckAt: null, backupFolder: null, lastBackup: null };

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function ownerOrNull(value: unknown): BackupOwner | null {
  if (typeof value !== 'object' || value === null) return null;
  const { officeCode, terminalNumber } = value as Record<string, unknown>;
  return typeof officeCode === 'string' && typeof terminalNumber === 'number'
    ? { officeCode, terminalNumber }
    : null;
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
      pid: numberOrNull(raw['pid']),
      backupOwner: ownerOrNull(raw['backupOwner']),
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

/**
 * The other process that has this folder's database open right now (the app), or null: the
 * health file says it is open, names a process, and that process is alive. A crashed app leaves
 * `open` set but its process gone, which reads as nobody.
 */
export function processHoldingFolder(dataDir: string): number | null {
  const { open, pid } = readHealth(dataDir);
  if (!open || !pid || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, but another user's; ESRCH: gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
