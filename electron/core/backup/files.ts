import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gregorianToJalali, tehranWallTime } from '../../../shared/jalali';
import { furtherFirst, readBackupProgress, type BackupProgress } from './progress';

/**
 * Backup file names carry the terminal they are of (office code and terminal number: two counters
 * may keep their backups in one network folder), the Jalali date (Tehran time, what the office
 * reads) and the UTC instant (what sorts and what support reads):
 * `pishkhan-backup-1234-t01-1405-09-07-20261128T102600Z.sqlite`. A name from before the terminal was
 * in them (`pishkhan-backup-1405-09-07-…`) is this terminal's only if the office and terminal the
 * file holds are. Only files named so are listed and rotated, only a terminal's own; nothing else in
 * the folder is ever deleted.
 */
const NAME =
  /^pishkhan-backup-(?:(\d{4})-t(\d{2})-)?(\d{4})-(\d{2})-(\d{2})-(\d{8}T\d{6})Z(?:-(\d+))?\.sqlite$/;

/** Whose backups: the office's code and the terminal's number. */
export interface BackupOwner {
  readonly officeCode: string;
  readonly terminalNumber: number;
}

/** The owner of a set-up terminal's backups; null before the office is set up. */
export function backupOwnerOf(
  office: { readonly code: string; readonly terminalNumber: number } | null,
): BackupOwner | null {
  return office ? { officeCode: office.code, terminalNumber: office.terminalNumber } : null;
}

export interface BackupFile {
  readonly file: string;
  readonly name: string;
  readonly sizeBytes: number;
  readonly takenAt: number;
  /** The Jalali date in the name, `1405/09/07`. */
  readonly jalaliDate: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function utcStamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

function parseStamp(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** The Jalali date of an instant in Tehran, as a backup's list shows it: `1405/09/07`. */
export function backupJalaliDate(at: number): string {
  const j = gregorianToJalali(tehranWallTime(at).isoDate);
  return `${j.year}/${pad(j.month)}/${pad(j.day)}`;
}

/** A free name in `folder` for this terminal's backup at the instant `at` (no owner: not set up yet). */
export function backupFileName(folder: string, at: number, owner: BackupOwner | null): string {
  const whose = owner ? `${owner.officeCode}-t${pad(owner.terminalNumber)}-` : '';
  const base = `pishkhan-backup-${whose}${backupJalaliDate(at).replace(/\//g, '-')}-${utcStamp(at)}Z`;
  let name = `${base}.sqlite`;
  for (let n = 2; existsSync(join(folder, name)); n += 1) name = `${base}-${n}.sqlite`;
  return name;
}

/** Whether a name NAME matched is this terminal's by what it says; null when it says nobody's. */
function namedFor(m: RegExpExecArray, owner: BackupOwner): boolean | null {
  if (m[1] === undefined) return null;
  return m[1] === owner.officeCode && Number(m[2]) === owner.terminalNumber;
}

/**
 * Whether a backup is this terminal's. One named before names said whose is read for the office
 * and terminal it holds: in a folder counters share, another terminal's old backups are neither
 * listed, offered at start nor rotated away by this one.
 */
function belongsTo(
  m: RegExpExecArray,
  owner: BackupOwner | null,
  progress: () => BackupProgress | null,
): boolean {
  if (!owner) return true;
  const named = namedFor(m, owner);
  if (named !== null) return named;
  const office = progress()?.office;
  return office?.code === owner.officeCode && office.terminalNumber === owner.terminalNumber;
}

export function isBackupName(name: string): boolean {
  return NAME.test(name);
}

interface Ranked {
  readonly backup: BackupFile;
  readonly progress: BackupProgress | null;
}

function listRanked(folder: string, owner: BackupOwner | null, nativeBinding: string | undefined): Ranked[] {
  if (!existsSync(folder)) return [];
  const found: Ranked[] = [];
  for (const name of readdirSync(folder)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = join(folder, name);
    const stats = statSync(file);
    if (!stats.isFile()) continue;
    let read: BackupProgress | null | undefined;
    const progress = () => (read === undefined ? (read = readBackupProgress(file, nativeBinding)) : read);
    if (!belongsTo(m, owner, progress)) continue;
    found.push({
      backup: {
        file,
        name,
        sizeBytes: stats.size,
        takenAt: parseStamp(m[6] as string),
        jalaliDate: `${m[3]}/${m[4]}/${m[5]}`,
      },
      progress: progress(),
    });
  }
  return found.sort(newestFirst);
}

/**
 * Newest first by what each backup holds (progress.ts: restores behind it, the codes it handed out,
 * its audit trail), not by the time in its name, which is this PC's clock when it was taken: one
 * taken while the clock was a year ahead would otherwise stay the newest for a year, offered after a
 * damaged start and kept while rotation removed the backups taken after it. The name's time only
 * breaks ties (backups with nothing between them); one that cannot be read comes last.
 */
function newestFirst(a: Ranked, b: Ranked): number {
  return (
    furtherFirst(a.progress, b.progress) ||
    b.backup.takenAt - a.backup.takenAt ||
    b.backup.name.localeCompare(a.backup.name)
  );
}

/**
 * The backups in `folder`, newest first (by content); a missing folder has none. With an owner,
 * only that terminal's.
 */
export function listBackupFiles(
  folder: string,
  owner: BackupOwner | null,
  nativeBinding: string | undefined,
): BackupFile[] {
  return listRanked(folder, owner, nativeBinding).map((r) => r.backup);
}

/** listBackupFiles over several folders, newest first across them. */
export function listBackupFilesIn(
  folders: readonly string[],
  owner: BackupOwner | null,
  nativeBinding: string | undefined,
): BackupFile[] {
  return folders
    .flatMap((folder) => listRanked(folder, owner, nativeBinding))
    .sort(newestFirst)
    .map((r) => r.backup);
}

/**
 * Deletes this terminal's oldest backups beyond `keep`, never the one just written (nor another
 * terminal's); returns the names it removed.
 */
export function rotateBackups(
  folder: string,
  keep: number,
  justWritten: string,
  owner: BackupOwner | null,
  nativeBinding: string | undefined,
): string[] {
  const removed: string[] = [];
  // The backup just written always stays, even when a PC clock set back names it older than the rest.
  const others = listBackupFiles(folder, owner, nativeBinding).filter((b) => b.name !== justWritten);
  for (const old of others.slice(Math.max(1, keep) - 1)) {
    rmSync(old.file, { force: true });
    removed.push(old.name);
  }
  return removed;
}

/**
 * A backup being written has its final name and `.partial` after it, until it is checked; SQLite
 * may leave its journal beside a copy cut off mid-write.
 */
const PARTIAL = /\.partial(?:-journal|-wal|-shm)?$/;
/** A copy still being written changes at every step; one untouched this long was cut off. */
export const STALE_PARTIAL_MS = 60 * 60 * 1000;

/**
 * Removes this terminal's `.partial` files that no backup is writing any more: the app was stopped
 * mid-copy (a power cut, a shutdown that could not wait), and each one is as large as the database,
 * on a folder that may be a USB stick. Only its own, and only untouched for an hour by this PC's
 * clock: the command-line tool may be writing one beside the app right now. Returns the names removed.
 */
export function removeStalePartials(folder: string, owner: BackupOwner | null, now = Date.now()): string[] {
  if (!existsSync(folder)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(folder)) {
    const suffix = PARTIAL.exec(name);
    if (!suffix) continue;
    const m = NAME.exec(name.slice(0, suffix.index));
    if (!m) continue;
    // A copy cut off, named before names said whose, is nobody's backup: it goes as well.
    if (owner && namedFor(m, owner) === false) continue;
    const file = join(folder, name);
    try {
      const stats = statSync(file);
      if (!stats.isFile() || now - stats.mtimeMs < STALE_PARTIAL_MS) continue;
      rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile, or not ours to remove: the next backup looks again.
    }
  }
  return removed;
}

/** Where a replaced or broken database is kept: beside the live one, named with the time. */
export function asideName(databaseFile: string, label: 'replaced' | 'corrupt', at: number): string {
  let name = `${databaseFile}.${label}-${utcStamp(at)}Z`;
  for (let n = 2; existsSync(name); n += 1) name = `${databaseFile}.${label}-${utcStamp(at)}Z-${n}`;
  return name;
}
