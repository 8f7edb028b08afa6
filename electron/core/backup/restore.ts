import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import { AUDIT_FIELD_MAX, cutText } from '../../../shared/audit/limits';
import { AppError } from '../../../shared/result';
import { verifyAuditOnStart } from '../reports/audit-check';
import type { Core } from '../core';
import { blindRestoreMargin, lastIssuedSequence, raiseSequenceFloor } from '../transactions/sequence';
import { createLogger } from '../log';
import { exclusive } from './exclusive';
import { asideName } from './files';
import { withSqlitePath } from './sqlite-path';
import { updateHealth } from './health';
import {
  inspectDatabaseFile,
  inspectDatabaseFileOffThread,
  type DatabaseFacts,
  type Inspection,
} from './inspect';

const log = createLogger('restore');

export interface RestorePreview {
  readonly file: string;
  readonly backup: DatabaseFacts;
  /** Transactions in the current database that the backup does not hold: a restore drops them here. */
  readonly newerTransactions: number;
  /** Of those, the ones the municipality has not received yet: a restore would lose them for good. */
  readonly unsyncedNewerTransactions: number;
  /** Every outbox item (transactions, voids, day settlements) not yet delivered that the backup lacks. */
  readonly unsyncedItemsLost: number;
  /**
   * Audit entries written after the backup's last one that have not reached the municipality (a
   * sign-in, a user deactivated): set aside with the replaced database. Not a reason to refuse, since
   * nearly every restore follows a sign-in not yet sent; the restore's own entry names them and the
   * head of the trail it replaced, so the municipality sees what was set aside.
   */
  readonly unsentAuditEntriesSetAside: number;
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(path: string): void {
  // Directories cannot be opened for syncing on Windows; there the rename is as durable as NTFS makes it.
  if (process.platform === 'win32') return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Files that passed the full check, by path, size and modification time: the preview and the
 * restore that follows it check a file once (integrity_check takes 12-19 s on a million
 * transactions), and a file changed since is checked again.
 */
const checkedFiles = new Map<string, { readonly key: string; readonly facts: DatabaseFacts }>();

function fileKey(file: string): string | null {
  try {
    const stats = statSync(file);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return null;
  }
}

function restorable(file: string, key: string | null, inspection: Inspection): DatabaseFacts {
  if (!inspection.ok)
    throw new AppError(inspection.problem, { file: basename(file), detail: inspection.detail });
  if (key !== null) checkedFiles.set(file, { key, facts: inspection });
  return inspection;
}

function alreadyChecked(file: string): { key: string | null; facts: DatabaseFacts | null } {
  const key = fileKey(file);
  const known = checkedFiles.get(file);
  return { key, facts: key !== null && known?.key === key ? known.facts : null };
}

/**
 * Refuses a file that is not a sound Pishkhan database this app can open; returns its facts.
 * Checks on this thread: for the start and the CLI, before anything is served. `openable` is the
 * path SQLite reads it by (sqlite-path.ts: a copy when the file's own path is too long for SQLite).
 */
export function requireRestorable(
  file: string,
  nativeBinding: string | undefined,
  openable: string = file,
): DatabaseFacts {
  const { key, facts } = alreadyChecked(file);
  return facts ?? restorable(file, key, inspectDatabaseFile(openable, { full: true, nativeBinding }));
}

/** requireRestorable for a core that is serving: the full check runs on a thread of its own. */
async function checkRestorable(
  file: string,
  nativeBinding: string | undefined,
  openable: string,
): Promise<DatabaseFacts> {
  const { key, facts } = alreadyChecked(file);
  return (
    facts ??
    restorable(file, key, await inspectDatabaseFileOffThread(openable, { full: true, nativeBinding }))
  );
}

/**
 * Whether the database in use carries on from the backup `file`: it holds the last entry of the
 * backup's audit trail (the same number and hash; the trail is hash-linked, and every sale adds to
 * it). If not (a new PC, a fresh data folder, a database begun anew), what it shows says nothing of
 * the codes handed out after the backup.
 */
function carriesOn(core: Core, file: string): boolean {
  core.db.prepare('ATTACH DATABASE ? AS candidate').run(file);
  try {
    const head = core.db
      .prepare('SELECT seq, hash FROM candidate.audit_log ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; hash: string } | undefined;
    if (!head) return core.office() !== null;
    return (
      core.db.prepare('SELECT 1 FROM main.audit_log WHERE seq = ? AND hash = ?').get(head.seq, head.hash) !==
      undefined
    );
  } finally {
    core.db.prepare('DETACH DATABASE candidate').run();
  }
}

/** What restoring `file` would drop from the current database; changes nothing. */
export function restorePreview(core: Core, file: string): Promise<RestorePreview> {
  return withSqlitePath(core.dataDir, file, (openable) => previewOf(core, file, openable));
}

/** restorePreview of `file`, read by SQLite at `openable`. */
async function previewOf(core: Core, file: string, openable: string): Promise<RestorePreview> {
  const backup = await checkRestorable(file, core.nativeBinding, openable);
  const office = core.office();
  if (
    office &&
    backup.office &&
    (backup.office.code !== office.code || backup.office.terminalNumber !== office.terminalNumber)
  )
    throw new AppError('backup_other_terminal', {
      file: basename(file),
      office: backup.office.code,
      terminal: backup.office.terminalNumber,
    });
  core.db.prepare('ATTACH DATABASE ? AS candidate').run(openable);
  try {
    const hasTransactions =
      core.db
        .prepare("SELECT 1 FROM candidate.sqlite_master WHERE type = 'table' AND name = 'transactions'")
        .get() !== undefined;
    const hasOutbox =
      core.db
        .prepare("SELECT 1 FROM candidate.sqlite_master WHERE type = 'table' AND name = 'outbox'")
        .get() !== undefined;
    const missingTransaction = hasTransactions
      ? 'NOT EXISTS (SELECT 1 FROM candidate.transactions b WHERE b.id = t.id)'
      : '1';
    const newer = core.db
      .prepare(
        `SELECT count(*) AS n,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM main.outbox o
                  WHERE o.kind = 'transaction' AND o.entity_id = t.id AND o.state <> 'delivered')) AS unsynced
           FROM main.transactions t WHERE ${missingTransaction}`,
      )
      .get() as { n: number; unsynced: number };
    const lost = core.db
      .prepare(
        `SELECT count(*) AS n FROM main.outbox o WHERE o.state <> 'delivered'
           AND ${hasOutbox ? 'NOT EXISTS (SELECT 1 FROM candidate.outbox b WHERE b.id = o.id)' : '1'}`,
      )
      .get() as { n: number };
    const audit = core.db
      .prepare(
        `SELECT count(*) AS n FROM main.audit_log a
          WHERE a.seq > (SELECT coalesce(max(seq), 0) FROM candidate.audit_log)
            AND a.seq > (SELECT coalesce(max(json_extract(o.body, '$.lastSeq')), 0) FROM main.outbox o
                          WHERE o.kind = 'audit_batch' AND o.state = 'delivered')`,
      )
      .get() as { n: number };
    return {
      file,
      backup,
      newerTransactions: newer.n,
      unsyncedNewerTransactions: newer.unsynced,
      unsyncedItemsLost: lost.n,
      unsentAuditEntriesSetAside: audit.n,
    };
  } finally {
    core.db.prepare('DETACH DATABASE candidate').run();
  }
}

/**
 * Puts a copy of `backupFile` where the database is, keeping the database that was there (and its
 * WAL and shared-memory files) aside under a timestamped name, never deleting it. The copy is
 * written and flushed under a temporary name first, so a crash midway leaves either the old file
 * or the new one in place, never half of one. Returns the aside name (null if there was no file).
 */
export function putBackupInPlace(
  databaseFile: string,
  backupFile: string,
  label: 'replaced' | 'corrupt',
  at: number,
): string | null {
  const incoming = `${databaseFile}.restoring`;
  try {
    copyFileSync(backupFile, incoming);
    fsyncFile(incoming);
  } catch (error) {
    // Nothing was moved yet: the live database is where it was.
    rmSync(incoming, { force: true });
    throw error;
  }
  const aside = existsSync(databaseFile) ? asideName(databaseFile, label, at) : null;
  const moved: [string, string][] = [];
  try {
    if (aside) {
      // The WAL and shared memory first: a cut-off move never leaves them beside another file.
      for (const suffix of ['-wal', '-shm', '']) {
        if (!existsSync(`${databaseFile}${suffix}`)) continue;
        renameSync(`${databaseFile}${suffix}`, `${aside}${suffix}`);
        moved.push([`${aside}${suffix}`, `${databaseFile}${suffix}`]);
      }
    }
    renameSync(incoming, databaseFile);
  } catch (error) {
    for (const [from, to] of moved.reverse()) renameSync(from, to);
    rmSync(incoming, { force: true });
    throw error;
  }
  fsyncDir(dirname(databaseFile));
  return aside;
}

/**
 * A restore cut off between its two renames (a power cut) leaves the live file aside and the
 * flushed copy under `.restoring`: finish it, rather than start on an empty database. A
 * `.restoring` beside a live file was cut off before anything moved and may be half written: it
 * goes. Returns what it did, for the log.
 */
export function finishInterruptedRestore(databaseFile: string): 'finished' | 'discarded' | null {
  const incoming = `${databaseFile}.restoring`;
  if (!existsSync(incoming)) return null;
  if (existsSync(databaseFile)) {
    rmSync(incoming, { force: true });
    return 'discarded';
  }
  renameSync(incoming, databaseFile);
  fsyncDir(dirname(databaseFile));
  return 'finished';
}

/** Undoes putBackupInPlace after the restored file could not be opened. */
function putBack(databaseFile: string, aside: string | null): void {
  rmSync(databaseFile, { force: true });
  for (const suffix of ['-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
  if (!aside) return;
  renameSync(aside, databaseFile);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(`${aside}${suffix}`)) renameSync(`${aside}${suffix}`, `${databaseFile}${suffix}`);
  }
}

export interface RestoreRequest {
  readonly file: string;
  readonly actor: { readonly userId: number | null; readonly username: string | null };
  /** The manager confirmed that unsynced work newer than the backup may be lost. */
  readonly acceptUnsyncedLoss: boolean;
  readonly reason: 'manager' | 'cli' | 'corrupt_on_start';
}

export interface RestoreResult extends RestorePreview {
  readonly keptAside: string | null;
  readonly schemaVersion: number;
}

/**
 * Restores a backup into the running core: refuses a bad file, and by default refuses to lose
 * work the municipality has not received; keeps the current database aside, puts the backup in
 * place, reopens and migrates it, and records the restore in the restored trail.
 */
export function restoreBackup(core: Core, request: RestoreRequest): Promise<RestoreResult> {
  return exclusive(core, () =>
    withSqlitePath(core.dataDir, request.file, (openable) => restoreFrom(core, request, openable)),
  );
}

/** restoreBackup of `request.file`, read by SQLite (and put in place) from `openable`. */
async function restoreFrom(core: Core, request: RestoreRequest, openable: string): Promise<RestoreResult> {
  const preview = await previewOf(core, request.file, openable);
  if (preview.unsyncedItemsLost > 0 && !request.acceptUnsyncedLoss)
    throw new AppError('restore_would_lose_unsynced', {
      transactions: preview.unsyncedNewerTransactions,
      items: preview.unsyncedItemsLost,
      newer: preview.newerTransactions,
    });
  // Everything into the main file and the WAL emptied, even if another connection (a CLI doctor)
  // keeps it from being deleted: a WAL left behind by a cut-off restore must hold nothing that
  // could be replayed onto the restored file.
  await core.stopCheckpoints();
  // From here to the reopen nothing waits, so no sale from another window comes in between.
  // Tracking codes already handed out must never be issued again after going back in time: the
  // highest sequence this file shows, or the floor an earlier restore left in it if that is higher.
  const highestSequence = lastIssuedSequence(core.db);
  const blind = !carriesOn(core, openable);
  const replacedHead =
    (core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined) ?? null;
  const at = core.now();
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  let aside: string | null = null;
  let placed = false;
  try {
    core.reopen((databaseFile) => {
      // Either the backup is in place and the old file aside, or nothing moved (it throws).
      aside = putBackupInPlace(databaseFile, openable, 'replaced', at);
      placed = true;
    });
  } catch (error) {
    log.error('the restore failed; reopening the previous database', error);
    core.reopen((databaseFile) => {
      if (placed) putBack(databaseFile, aside);
    });
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    core.db.transaction(() => {
      core.audit.append({
        action: 'restore_failed',
        actorUserId: request.actor.userId,
        actorUsername: request.actor.username,
        entity: 'backup',
        entityId: backupName(request.file),
        details: { reason: request.reason, message },
      });
    })();
    throw new AppError('restore_failed', { message });
  }
  recordRestore(core, request, preview, aside, { highestSequence, blind }, replacedHead);
  updateHealth(core.dataDir, { lastCheckAt: at });
  verifyAuditOnStart(core);
  log.info(`restored ${basename(request.file)}; previous database kept as ${aside ?? '(none)'}`);
  return { ...preview, keptAside: aside, schemaVersion: core.schemaVersion };
}

/**
 * The backup as its restore's audit entry names it: the file's name, without the folder (which can
 * run to a thousand characters), cut in the middle if still too long, so its date and extension stay.
 */
function backupName(file: string): string {
  return cutText(basename(file), AUDIT_FIELD_MAX.entityId, 'ends');
}

/** The restore, in the restored database's own trail, and the tracking-code floor it must respect. */
export function recordRestore(
  core: Core,
  request: RestoreRequest,
  preview: Omit<RestorePreview, 'backup' | 'file'> | null,
  aside: string | null,
  floor: {
    /** The highest tracking-code sequence the replaced database showed; null if it could not be read. */
    readonly highestSequence: number | null;
    /**
     * What was handed out after the backup is unknown: the replaced database could not be read, or
     * does not carry on from this backup. The next code then steps over blindRestoreMargin.
     */
    readonly blind: boolean;
  },
  replacedHead: { readonly seq: number; readonly hash: string } | null = null,
): void {
  core.db.transaction(() => {
    // Before this restore's own entry: the margin counts days from the backup's last activity.
    const backupHighest = lastIssuedSequence(core.db);
    // A database showing fewer codes than the backup cannot have carried on from it.
    const blind = floor.blind || (floor.highestSequence !== null && floor.highestSequence < backupHighest);
    const margin = blind ? blindRestoreMargin(core.db, core.now()) : null;
    raiseSequenceFloor(core.db, Math.max(floor.highestSequence ?? 0, backupHighest + (margin ?? 0)));
    if (margin !== null)
      log.warn(
        `what was handed out after the backup is unknown: the next tracking code steps over ${margin} codes`,
      );
    // The person may not exist in the restored copy (added after the backup): keep the name only then.
    const known =
      request.actor.userId !== null &&
      core.db
        .prepare('SELECT 1 FROM users WHERE id = ? AND username = ?')
        .get(request.actor.userId, request.actor.username) !== undefined;
    core.audit.append({
      action: 'database_restored',
      actorUserId: known ? request.actor.userId : null,
      actorUsername: request.actor.username,
      entity: 'backup',
      entityId: backupName(request.file),
      details: {
        reason: request.reason,
        keptAside: aside ? basename(aside) : null,
        newerTransactions: preview?.newerTransactions ?? null,
        unsyncedNewerTransactions: preview?.unsyncedNewerTransactions ?? null,
        unsyncedItemsLost: preview?.unsyncedItemsLost ?? null,
        unsentAuditEntriesSetAside: preview?.unsentAuditEntriesSetAside ?? null,
        replacedAuditHead: replacedHead,
        acceptedUnsyncedLoss: request.acceptUnsyncedLoss,
        highestSequenceBefore: floor.highestSequence,
        backupHighestSequence: backupHighest,
        sequenceMargin: margin,
        sequenceFloor: lastIssuedSequence(core.db),
      },
    });
  })();
}
