import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../../shared/result';
import { createLogger } from '../log';

const log = createLogger('sqlite-path');

/**
 * SQLite opens a file only by a path it can spell out in full: 512 bytes on Linux and macOS
 * (SQLITE_MAX_PATHNAME, less the room its `-journal` and `-wal` names take), 260 characters on
 * Windows, and it follows a symbolic link (or /proc/self/fd) back to the long path. A backup kept deep
 * in a manager's folders, with Persian names at two bytes a letter, goes past that though the file
 * system holds it, and SQLite answers SQLITE_CANTOPEN. Paths are held well below both limits here.
 */
const SAFE_PATH_BYTES = 400;
const SAFE_PATH_CHARS = 200;

/** Where the copies are made: in the data folder, whose path is the app's own and short. */
const STAGING_PREFIX = 'restore-staging-';
/** A copy left by a restore cut off (a crash, a power cut) goes at a later restore, once this old. */
const LEFTOVER_AGE_MS = 24 * 60 * 60 * 1000;

/** Whether SQLite can open `file` by its own path. */
export function sqliteCanOpenPath(file: string): boolean {
  const full = resolve(file);
  return Buffer.byteLength(full) <= SAFE_PATH_BYTES && full.length <= SAFE_PATH_CHARS;
}

function removeLeftovers(dataDir: string, now: number): void {
  for (const name of readdirSync(dataDir)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const path = join(dataDir, name);
    try {
      if (now - statSync(path).mtimeMs > LEFTOVER_AGE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to remove: the next restore looks again.
    }
  }
}

function stagingFolder(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  removeLeftovers(dataDir, Date.now());
  return mkdtempSync(join(dataDir, STAGING_PREFIX));
}

/** The copy could not be made: the file is not damaged, and a shorter folder needs no copy. */
function unreadable(file: string, error: unknown): AppError {
  return new AppError('backup_unreadable', {
    file: basename(file),
    detail: (error instanceof Error ? error.message : String(error)).slice(0, 300),
  });
}

/**
 * Runs `use` with a path SQLite can open for `file`: its own, or else that of a copy made in the
 * data folder (and removed afterwards). The copy is what is checked and what is restored, so what
 * was checked is what is put in place. A path that is not a file is passed as it is, for the
 * inspection to say so.
 */
export async function withSqlitePath<T>(
  dataDir: string,
  file: string,
  use: (openable: string) => Promise<T>,
): Promise<T> {
  if (sqliteCanOpenPath(file) || !existsSync(file) || !statSync(file).isFile()) return use(file);
  const folder = stagingFolder(dataDir);
  try {
    const copy = join(folder, 'backup.sqlite');
    // Off the core's thread (libuv's pool): a backup of a large office is hundreds of megabytes.
    await copyFile(file, copy).catch((error: unknown) => {
      throw unreadable(file, error);
    });
    log.info(`${basename(file)}: its path is too long for SQLite; checked and restored from a copy`);
    return await use(copy);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** withSqlitePath at the start and in the command line, where nothing else is served meanwhile. */
export function withSqlitePathSync<T>(dataDir: string, file: string, use: (openable: string) => T): T {
  if (sqliteCanOpenPath(file) || !existsSync(file) || !statSync(file).isFile()) return use(file);
  const folder = stagingFolder(dataDir);
  try {
    const copy = join(folder, 'backup.sqlite');
    try {
      copyFileSync(file, copy);
    } catch (error) {
      throw unreadable(file, error);
    }
    log.info(`${basename(file)}: its path is too long for SQLite; checked and restored from a copy`);
    return use(copy);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
