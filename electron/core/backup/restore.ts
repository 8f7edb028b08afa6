import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/result';
import { verifyAuditOnStart } from '../reports/audit-check';
import type { Core } from '../core';
import { lastIssuedSequence, SEQUENCE_FLOOR_KEY } from '../transactions/sequence';
import { createLogger } from '../log';
import { exclusive } from './exclusive';
import { asideName } from './files';
import { readDatabase } from './progress';
import {
  backupName,
  prepareRestoredCopy,
  readAccounts,
  readGeneration,
  salvagedDatabase,
  salvageHighestSequence,
  type ReplacedDatabase,
} from './restore-copy';
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
  /**
   * Every outbox item (transactions, voids, day settlements) not yet delivered that the backup lacks.
   * The trail's stretches are not counted: those the backup's trail holds are queued again from it
   * after the restore, and the entries after it are unsentAuditEntriesSetAside.
   */
  readonly unsyncedItemsLost: number;
  /**
   * The outbox's highest seq when these figures were counted: the items a manager's consent covers.
   * A restore given it back refuses an unsent item the backup lacks above it (saved since), while
   * items delivered meanwhile change nothing.
   */
  readonly outboxMark: number;
  /**
   * Audit entries written after the backup's last one that have not reached the municipality (a
   * sign-in, a user deactivated): set aside with the replaced database. Not a reason to refuse, since
   * nearly every restore follows a sign-in not yet sent; the restore's own entry names them and the
   * head of the trail it replaced, so the municipality sees what was set aside.
   */
  readonly unsentAuditEntriesSetAside: number;
  /**
   * The current database carries on from the backup: the restore keeps each account as it is now
   * (dismissed, password changed, locked) and brings back those added since, inactive. If not (a new
   * PC, a database begun anew), the accounts come back as they were in the backup.
   */
  readonly accountsCarriedForward: boolean;
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

/** What `read` finds with the backup at `file` attached to the core's connection as `candidate`. */
function withCandidate<T>(core: Core, file: string, read: () => T): T {
  core.db.prepare('ATTACH DATABASE ? AS candidate').run(file);
  try {
    return read();
  } finally {
    core.db.prepare('DETACH DATABASE candidate').run();
  }
}

/** Whether the attached backup has this table (a backup from an early version may lack one). */
function candidateHas(core: Core, table: string): boolean {
  return (
    core.db.prepare("SELECT 1 FROM candidate.sqlite_master WHERE type = 'table' AND name = ?").get(table) !==
    undefined
  );
}

/**
 * Whether the database in use carries on from the backup `file`: it holds the last entry of the
 * backup's audit trail (the same number and hash; the trail is hash-linked, and every sale adds to
 * it). If not (a new PC, a fresh data folder, a database begun anew), what it shows says nothing of
 * the codes handed out after the backup.
 */
function carriesOn(core: Core, file: string): boolean {
  return withCandidate(core, file, () => {
    const head = core.db
      .prepare('SELECT seq, hash FROM candidate.audit_log ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; hash: string } | undefined;
    if (!head) return core.office() !== null;
    return (
      core.db.prepare('SELECT 1 FROM main.audit_log WHERE seq = ? AND hash = ?').get(head.seq, head.hash) !==
      undefined
    );
  });
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
  return {
    file,
    backup,
    ...lossesOf(core, openable),
    accountsCarriedForward: accountsCarriedForward(core, openable),
  };
}

type Losses = Omit<RestorePreview, 'file' | 'backup' | 'accountsCarriedForward'>;

/** An outbox item (in main.outbox `o`) not yet delivered that the backup attached as candidate lacks, and not a stretch of the trail. */
function lostItem(hasOutbox: boolean): string {
  return `o.state <> 'delivered' AND o.kind <> 'audit_batch'
           AND ${hasOutbox ? 'NOT EXISTS (SELECT 1 FROM candidate.outbox b WHERE b.id = o.id)' : '1'}`;
}

/** What restoring the backup at `openable` would drop from the current database, counted now. */
function lossesOf(core: Core, openable: string): Losses {
  return withCandidate(core, openable, () => {
    const hasTransactions = candidateHas(core, 'transactions');
    const hasOutbox = candidateHas(core, 'outbox');
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
        `SELECT count(*) AS n, (SELECT coalesce(max(seq), 0) FROM main.outbox) AS mark
           FROM main.outbox o WHERE ${lostItem(hasOutbox)}`,
      )
      .get() as { n: number; mark: number };
    const audit = core.db
      .prepare(
        `SELECT count(*) AS n FROM main.audit_log a
          WHERE a.seq > (SELECT coalesce(max(seq), 0) FROM candidate.audit_log)
            AND a.seq > (SELECT coalesce(max(json_extract(o.body, '$.lastSeq')), 0) FROM main.outbox o
                          WHERE o.kind = 'audit_batch' AND o.state = 'delivered')`,
      )
      .get() as { n: number };
    return {
      newerTransactions: newer.n,
      unsyncedNewerTransactions: newer.unsynced,
      unsyncedItemsLost: lost.n,
      outboxMark: lost.mark,
      unsentAuditEntriesSetAside: audit.n,
    };
  });
}

/** Whether the restore would keep the accounts as they are now (restore-copy.ts decides the same). */
function accountsCarriedForward(core: Core, openable: string): boolean {
  if (!carriesOn(core, openable)) return false;
  return withCandidate(core, openable, () => {
    const hasTransactions = candidateHas(core, 'transactions');
    const backupHighest = (
      core.db
        .prepare(
          `SELECT max(${hasTransactions ? 'coalesce((SELECT max(sequence) FROM candidate.transactions), 0)' : '0'},
              coalesce((SELECT CAST(value AS INTEGER) FROM candidate.settings WHERE key = ?), 0)) AS s`,
        )
        .get(SEQUENCE_FLOOR_KEY) as { s: number }
    ).s;
    return lastIssuedSequence(core.db) >= backupHighest;
  });
}

/** SQLite's files beside a database: a copy given up on goes with them. */
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

function removeWithSideFiles(file: string): void {
  for (const suffix of SIDE_FILES) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Puts a copy of `backupFile` where the database is, keeping the database that was there (and its
 * WAL and shared-memory files) aside under a timestamped name, never deleting it. The copy is
 * made under a staging name and `prepare` makes it complete on its own there (restore-copy.ts: the
 * tracking-code floor, the restore's entry in its trail); once flushed it is named `.restoring`,
 * so a `.restoring` file is always whole, and only then does anything move. A crash midway leaves
 * either the old file or the whole new one in place (the start finishes the swap), never half of
 * one nor a restore without its floor. Returns the aside name (null if there was no file).
 */
export function putBackupInPlace(
  databaseFile: string,
  backupFile: string,
  label: 'replaced' | 'corrupt',
  at: number,
  prepare: (copy: string, aside: string | null) => void = () => undefined,
): string | null {
  const staged = `${databaseFile}.restore-staged`;
  const incoming = `${databaseFile}.restoring`;
  const aside = existsSync(databaseFile) ? asideName(databaseFile, label, at) : null;
  try {
    removeWithSideFiles(staged);
    copyFileSync(backupFile, staged);
    // The copy takes the backup's mode (Windows: its read-only attribute): a backup marked
    // read-only would give a copy that cannot be prepared, nor written once live. Only the backup
    // needs to be readable.
    chmodSync(staged, (statSync(staged).mode & 0o777) | 0o200);
    prepare(staged, aside);
    fsyncFile(staged);
    renameSync(staged, incoming);
    fsyncDir(dirname(databaseFile));
  } catch (error) {
    // Nothing was moved yet: the live database is where it was.
    removeWithSideFiles(staged);
    rmSync(incoming, { force: true });
    throw error;
  }
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
 * Whether a `.restoring` copy was prepared before the swap (its trail ends with its restore's
 * entry); null if it cannot be read.
 */
function wasPrepared(copy: string, nativeBinding: string | undefined): boolean | null {
  return readDatabase(copy, nativeBinding, (db) => {
    const last = db.prepare('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      { action: string } | undefined;
    return last?.action === 'database_restored';
  });
}

/** The database a restore set aside last: the newest `.replaced-…` or `.corrupt-…` beside it. */
function newestAside(databaseFile: string): string | null {
  const prefix = basename(databaseFile);
  const folder = dirname(databaseFile);
  let newest: { file: string; at: number } | null = null;
  for (const name of readdirSync(folder)) {
    if (!/^\.(?:replaced|corrupt)-\d{8}T\d{6}Z(?:-\d+)?$/.test(name.slice(prefix.length))) continue;
    if (!name.startsWith(prefix)) continue;
    const file = join(folder, name);
    const at = statSync(file).mtimeMs;
    if (!newest || at > newest.at) newest = { file, at };
  }
  return newest?.file ?? null;
}

/**
 * A copy left under `.restoring` by a version that put the floor and the entry in after the swap:
 * made complete now, from the codes the database it replaced shows (the newest set aside), or
 * stepping over the codes the counter could have issued when that cannot be read. If it cannot be
 * made complete, the restore is undone: the database set aside goes back. Returns whether the copy
 * is ready to take the live file's place.
 */
function completeLeftCopy(
  databaseFile: string,
  incoming: string,
  options: { readonly nativeBinding: string | undefined; readonly now: () => number },
): boolean {
  const aside = newestAside(databaseFile);
  try {
    const highestSequence = aside ? salvageHighestSequence(aside, options.nativeBinding) : null;
    prepareRestoredCopy(
      incoming,
      { nativeBinding: options.nativeBinding, now: options.now, keptAside: aside },
      {
        file: incoming,
        actor: { userId: null, username: null },
        // The restore had passed its check before anything moved.
        acceptUnsyncedLoss: true,
        reason: 'interrupted',
        preview: null,
        replaced: salvagedDatabase(highestSequence),
      },
    );
    return true;
  } catch (error) {
    log.error('a restore left unfinished could not be completed; the database it replaced goes back', error);
    removeWithSideFiles(incoming);
    if (aside) {
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(`${aside}${suffix}`)) renameSync(`${aside}${suffix}`, `${databaseFile}${suffix}`);
      }
    }
    fsyncDir(dirname(databaseFile));
    return false;
  }
}

/**
 * A restore cut off between its two renames (a power cut) leaves the live file aside and the
 * whole, prepared copy under `.restoring`: finish it, rather than start on an empty database (the
 * copy holds its floor and its entry, putBackupInPlace; one an earlier version left without them is
 * completed first). A `.restoring` beside a live file was cut off before anything moved: it goes,
 * as does a copy cut off while it was being prepared. Returns what it did, for the log.
 */
export function finishInterruptedRestore(
  databaseFile: string,
  options: { readonly nativeBinding: string | undefined; readonly now: () => number },
): 'finished' | 'discarded' | null {
  const staged = `${databaseFile}.restore-staged`;
  const incoming = `${databaseFile}.restoring`;
  const stagedLeft = SIDE_FILES.some((suffix) => existsSync(`${staged}${suffix}`));
  if (stagedLeft) removeWithSideFiles(staged);
  if (!existsSync(incoming)) return stagedLeft ? 'discarded' : null;
  if (existsSync(databaseFile)) {
    removeWithSideFiles(incoming);
    return 'discarded';
  }
  if (
    wasPrepared(incoming, options.nativeBinding) === false &&
    !completeLeftCopy(databaseFile, incoming, options)
  )
    return 'discarded';
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
  /**
   * The preview's outboxMark: the unsent items the manager saw and accepted losing are those up to
   * it; one above it (saved since) is refused. Without it, what this restore counts first is accepted.
   */
  readonly acceptedOutboxMark?: number | undefined;
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

/** The restore is refused: unsynced work would be lost that the manager did not accept losing. */
function refuseLoss(losses: Losses, arrivedMeanwhile: number): AppError {
  return new AppError('restore_would_lose_unsynced', {
    transactions: losses.unsyncedNewerTransactions,
    items: losses.unsyncedItemsLost,
    newer: losses.newerTransactions,
    arrivedMeanwhile,
  });
}

/** What the database about to be replaced says, read in the same breath as the swap. */
function readReplaced(core: Core, openable: string): ReplacedDatabase {
  // Tracking codes already handed out must never be issued again after going back in time: the
  // highest sequence this file shows, or the floor an earlier restore left in it if that is higher.
  const blind = !carriesOn(core, openable);
  return {
    highestSequence: lastIssuedSequence(core.db),
    blind,
    head:
      (core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        { seq: number; hash: string } | undefined) ?? null,
    generation: readGeneration(core.db),
    accounts: blind ? null : readAccounts(core.db),
  };
}

/** Unsent items the backup at `openable` lacks, saved after the outbox item `mark`: nobody accepted losing them. */
function lostSince(core: Core, openable: string, mark: number): number {
  return withCandidate(core, openable, () => {
    const hasOutbox = candidateHas(core, 'outbox');
    return (
      core.db
        .prepare(`SELECT count(*) AS n FROM main.outbox o WHERE o.seq > ? AND ${lostItem(hasOutbox)}`)
        .get(mark) as { n: number }
    ).n;
  });
}

/** restoreBackup of `request.file`, read by SQLite (and put in place) from `openable`. */
async function restoreFrom(core: Core, request: RestoreRequest, openable: string): Promise<RestoreResult> {
  const preview = await previewOf(core, request.file, openable);
  // The items whose loss was accepted are named by the mark, not counted: a sale saved while the
  // warning was read must not slip in under an item the sync delivered meanwhile. A mark never
  // covers an item this restore has not seen.
  const mark = Math.min(request.acceptedOutboxMark ?? preview.outboxMark, preview.outboxMark);
  const refusal = (losses: Losses): AppError | null => {
    if (!request.acceptUnsyncedLoss)
      return losses.unsyncedItemsLost > 0 ? refuseLoss(losses, lostSince(core, openable, mark)) : null;
    const since = lostSince(core, openable, mark);
    return since > 0 ? refuseLoss(losses, since) : null;
  };
  const refusedFirst = refusal(preview);
  if (refusedFirst) throw refusedFirst;
  // Everything into the main file and the WAL emptied, even if another connection (a CLI doctor)
  // keeps it from being deleted: a WAL left behind by a cut-off restore must hold nothing that
  // could be replayed onto the restored file.
  await core.stopCheckpoints();
  // From here to the reopen nothing waits, so no sale from another window comes in between; one
  // that came in while the checkpoints stopped is counted again here. The manager accepted (or was
  // not asked about) the loss up to the mark: an unsent item above it is refused.
  const losses = lossesOf(core, openable);
  const refusedLast = refusal(losses);
  if (refusedLast) {
    // The checkpoints start again with the database, unchanged.
    core.reopen(() => undefined);
    throw refusedLast;
  }
  const replaced = readReplaced(core, openable);
  const at = core.now();
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  let aside: string | null = null;
  let placed = false;
  try {
    core.reopen((databaseFile) => {
      // Either the backup, complete with its floor and its entry, is in place and the old file
      // aside, or nothing moved (it throws).
      aside = putBackupInPlace(databaseFile, openable, 'replaced', at, (copy, keptAside) =>
        prepareRestoredCopy(
          copy,
          { nativeBinding: core.nativeBinding, now: core.now, keptAside },
          { ...request, preview: losses, replaced },
        ),
      );
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
  // The restore is done and recorded in the file now live: what follows only reports on it, and
  // its failure (a full disk) must not make the answer say nothing was restored.
  try {
    updateHealth(core.dataDir, { lastCheckAt: at });
  } catch (error) {
    log.warn(`the restore is done; its check time could not be recorded: ${String(error)}`);
  }
  try {
    verifyAuditOnStart(core);
  } catch (error) {
    log.warn(`the restore is done; the restored audit trail could not be checked: ${String(error)}`);
  }
  log.info(`restored ${basename(request.file)}; previous database kept as ${aside ?? '(none)'}`);
  return { ...preview, ...losses, keptAside: aside, schemaVersion: core.schemaVersion };
}
