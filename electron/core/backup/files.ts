import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gregorianToJalali, tehranWallTime } from '../../../shared/jalali';
import { backupProgressOf, furtherFirst, type BackupProgress } from './progress';

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

interface Found {
  readonly backup: BackupFile;
  /** Read from the file when first asked (and cached by version, progress.ts). */
  readonly progress: () => BackupProgress | null;
}

/** A terminal's backups in `folder` as their names say, unordered; a file is opened only for an old-style name. */
function listOwn(folder: string, owner: BackupOwner | null, nativeBinding: string | undefined): Found[] {
  if (!existsSync(folder)) return [];
  const found: Found[] = [];
  for (const name of readdirSync(folder)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = join(folder, name);
    let stats;
    try {
      stats = statSync(file);
    } catch {
      // Gone meanwhile (another counter's rotation on a shared folder).
      continue;
    }
    if (!stats.isFile()) continue;
    let read: BackupProgress | null | undefined;
    const progress = () =>
      read === undefined ? (read = backupProgressOf(file, stats, nativeBinding)) : read;
    if (!belongsTo(m, owner, progress)) continue;
    found.push({
      backup: {
        file,
        name,
        sizeBytes: stats.size,
        takenAt: parseStamp(m[6] as string),
        jalaliDate: `${m[3]}/${m[4]}/${m[5]}`,
      },
      progress,
    });
  }
  return found;
}

interface Ranked {
  readonly backup: BackupFile;
  readonly progress: BackupProgress | null;
}

/** The later name first: the time in it, then the name (`-2` after the same second). */
function laterNameFirst(a: BackupFile, b: BackupFile): number {
  return b.takenAt - a.takenAt || b.name.localeCompare(a.name);
}

/**
 * Newest first. Within one history (progress.ts: the same first audit entry) by what each backup
 * holds — restores behind it, the codes it handed out, its audit trail — not by the time in its
 * name, which is this PC's clock when it was taken: one taken while the clock was a year ahead
 * would otherwise stay the newest for a year. Between histories (a PC replaced, a database begun
 * anew, the same folder) those numbers say nothing, so the histories are merged by the names'
 * times: each step takes, of every history's next backup, the one named latest. A backup that
 * cannot be read now (locked by an antivirus, another counter on a share) is a history of its own,
 * placed by its name.
 */
function rankNewestFirst(found: readonly Found[]): Ranked[] {
  const histories = new Map<string, Ranked[]>();
  const alone: Ranked[][] = [];
  for (const f of found) {
    const ranked = { backup: f.backup, progress: f.progress() };
    const history = ranked.progress?.history ?? null;
    if (ranked.progress === null || history === null) {
      alone.push([ranked]);
      continue;
    }
    const group = histories.get(history);
    if (group) group.push(ranked);
    else histories.set(history, [ranked]);
  }
  const queues = [...histories.values(), ...alone].map((group) =>
    group.sort(
      (a, b) =>
        furtherFirst(a.progress as BackupProgress, b.progress as BackupProgress) ||
        laterNameFirst(a.backup, b.backup),
    ),
  );
  const merged: Ranked[] = [];
  for (;;) {
    let next: Ranked[] | null = null;
    for (const queue of queues) {
      const head = queue[0];
      if (head && (!next || laterNameFirst(head.backup, (next[0] as Ranked).backup) < 0)) next = queue;
    }
    if (!next) return merged;
    merged.push(next.shift() as Ranked);
  }
}

/**
 * The backups in `folder`, newest first (by content within a history); a missing folder has none.
 * With an owner, only that terminal's. Opens each backup once (cached): for the screen's list,
 * rotation and a damaged start; what only needs the names' dates uses listBackupsByName.
 */
export function listBackupFiles(
  folder: string,
  owner: BackupOwner | null,
  nativeBinding: string | undefined,
): BackupFile[] {
  return rankNewestFirst(listOwn(folder, owner, nativeBinding)).map((r) => r.backup);
}

/** listBackupFiles over several folders, newest first across them. */
export function listBackupFilesIn(
  folders: readonly string[],
  owner: BackupOwner | null,
  nativeBinding: string | undefined,
): BackupFile[] {
  return rankNewestFirst(folders.flatMap((folder) => listOwn(folder, owner, nativeBinding))).map(
    (r) => r.backup,
  );
}

/**
 * A terminal's backups by the time in their names, the later first, without opening them (but
 * an old-style name, to tell whose it is): enough to tell whether today's backup was taken.
 */
export function listBackupsByName(
  folder: string,
  owner: BackupOwner | null,
  nativeBinding: string | undefined,
): BackupFile[] {
  return listOwn(folder, owner, nativeBinding)
    .map((f) => f.backup)
    .sort(laterNameFirst);
}

/**
 * Deletes this terminal's oldest backups beyond `keep`; returns the names it removed. Never the
 * one just written (even when a PC clock set back names it older than the rest), nor the newest of
 * its history (the database in use). A backup that cannot be read now does not count among those
 * kept and is deleted only when `keep` readable ones are kept and it is named before the oldest of
 * them: it may be the newest, locked for a moment (an antivirus, another counter on a share).
 * Never another terminal's.
 */
export function rotateBackups(
  folder: string,
  keep: number,
  justWritten: string,
  owner: BackupOwner | null,
  nativeBinding: string | undefined,
): string[] {
  const ranked = rankNewestFirst(listOwn(folder, owner, nativeBinding));
  const written = ranked.find((r) => r.backup.name === justWritten);
  // Not listed (gone meanwhile, or unseen on a share): nothing is known to be kept, nothing goes.
  if (!written) return [];
  const history = written.progress?.history ?? null;
  const newestOfHistory = history === null ? undefined : ranked.find((r) => r.progress?.history === history);
  const readable = ranked.filter((r) => r !== written && r.progress !== null);
  const kept = [written, ...readable.slice(0, Math.max(1, keep) - 1)];
  const oldestKept = Math.min(...kept.map((r) => r.backup.takenAt));
  const removed: string[] = [];
  for (const old of ranked) {
    if (old === written || old === newestOfHistory || kept.includes(old)) continue;
    // Unreadable: it goes only once `keep` readable backups are kept and it is named before them all.
    if (old.progress === null && (kept.length < Math.max(1, keep) || !(old.backup.takenAt < oldestKept)))
      continue;
    rmSync(old.backup.file, { force: true });
    removed.push(old.backup.name);
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
