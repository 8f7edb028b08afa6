import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/result';
import type { Core } from '../core';
import { createLogger } from '../log';
import { exclusive } from './exclusive';
import {
  backupFileName,
  backupJalaliDate,
  backupOwnerOf,
  removeStalePartials,
  rotateBackups,
  type BackupFile,
} from './files';
import { updateHealth } from './health';
import { copyAndCheckOnThread } from './check-thread';
import { inspectionAfterCheck } from './inspect';
import { backupFolderOf, getBackupSettings } from './settings';

const log = createLogger('backup');

export type BackupReason = 'manual' | 'day_close' | 'daily' | 'cli';

export interface BackupActor {
  readonly userId: number | null;
  readonly username: string | null;
}

export interface BackupRequest {
  readonly reason: BackupReason;
  readonly actor: BackupActor | null;
  /** Another folder for this one backup (the CLI's --to); the setting otherwise. */
  readonly folder?: string | undefined;
}

export interface BackupResult extends BackupFile {
  readonly rotated: readonly string[];
  readonly transactions: number;
  readonly schemaVersion: number;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/**
 * An online backup with better-sqlite3's backup API (the counter keeps saving meanwhile), written
 * under a `.partial` name, made a self-contained file (no WAL), verified (integrity_check when a
 * person asked for it, quick_check for the automatic ones) and its schema version checked, and only
 * then given its real name; then the oldest
 * backups beyond the kept number are removed. Each backup, and each failure, is in the audit trail.
 */
export function createBackup(core: Core, request: BackupRequest): Promise<BackupResult> {
  return exclusive(core, () => backupOnce(core, request));
}

/** Names of removed cut-off copies an audit entry lists, at most (the count is exact). */
const CUT_OFF_NAMES_RECORDED = 50;

async function backupOnce(core: Core, request: BackupRequest): Promise<BackupResult> {
  const settings = getBackupSettings(core.db);
  const folder = request.folder ?? backupFolderOf(core.db, core.dataDir);
  const takenAt = core.now();
  let partial: string | null = null;
  try {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new AppError('backup_folder_invalid', { folder, message: message(error) });
    }
    const owner = backupOwnerOf(core.office());
    // This PC's clock, not the core's (a test's may be set anywhere), against the files' times.
    const stale = removeStalePartials(folder, owner);
    if (stale.length > 0) {
      log.warn(`removed ${stale.length} backup copies cut off mid-write: ${stale.join(', ')}`);
      // A backup cut off (the app stopped mid-copy) wrote nothing to the trail: it says so now.
      // Not worth failing this backup for: the log has the names.
      auditBackupOrLog(core, request, {
        action: 'backup_cut_off_removed',
        details: {
          folder,
          removed: stale.length,
          files: stale.slice(0, CUT_OFF_NAMES_RECORDED),
        },
      });
    }
    const name = backupFileName(folder, takenAt, owner);
    partial = join(folder, `${name}.partial`);
    // integrity_check reads every page and index (25 s on a million transactions, bench
    // `check-integrity`): for "back up now" and the CLI, where someone asked for it. The automatic
    // backups (daily, and after a day close, whose answer the manager is waiting for) run
    // quick_check (3 s on a million). The copy and its check run on a thread of their own, from a
    // connection of that thread's: the counter is served meanwhile.
    const full = request.reason === 'manual' || request.reason === 'cli';
    const options = { full, nativeBinding: core.nativeBinding };
    const answer = await copyAndCheckOnThread(core.databaseFile, partial, options);
    if (!answer.ok && answer.step === 'copy')
      throw new AppError('backup_failed', { reason: 'write_failed', message: message(answer.message) });
    const checked = inspectionAfterCheck(partial, options, answer);
    if (!checked.ok)
      throw new AppError('backup_failed', { reason: checked.problem, message: checked.detail });
    if (checked.schemaVersion !== core.schemaVersion)
      throw new AppError('backup_failed', {
        reason: 'schema_mismatch',
        message: String(checked.schemaVersion),
      });
    const file = join(folder, name);
    renameSync(partial, file);
    partial = null;
    const rotated = rotateBackups(folder, settings.keep, name, owner, core.nativeBinding);
    auditBackup(core, request, {
      action: 'backup_created',
      entityId: name,
      details: {
        reason: request.reason,
        folder,
        sizeBytes: checked.sizeBytes,
        transactions: checked.transactions,
        schemaVersion: checked.schemaVersion,
        check: full ? 'integrity_check' : 'quick_check',
        rotated,
      },
    });
    // A check of a copy taken now also vouches for the live database as of now.
    updateHealth(core.dataDir, {
      backupFolder: folder,
      lastBackup: { file, at: takenAt },
      lastCheckAt: takenAt,
      backupOwner: owner,
    });
    log.info(`backup ${name} (${checked.sizeBytes} bytes, ${request.reason})`);
    return {
      file,
      name,
      sizeBytes: checked.sizeBytes,
      takenAt,
      jalaliDate: backupJalaliDate(takenAt),
      rotated,
      transactions: checked.transactions,
      schemaVersion: checked.schemaVersion,
    };
  } catch (error) {
    if (partial) rmSync(partial, { force: true });
    const failure =
      error instanceof AppError && (error.code === 'backup_failed' || error.code === 'backup_folder_invalid')
        ? error
        : new AppError('backup_failed', { reason: 'write_failed', message: message(error) });
    log.error(`backup failed (${request.reason})`, error);
    auditBackupOrLog(core, request, {
      action: 'backup_failed',
      details: {
        reason: request.reason,
        folder,
        code: failure.code,
        ...failure.details,
      },
    });
    throw failure;
  }
}

interface BackupEntry {
  readonly action: 'backup_created' | 'backup_failed' | 'backup_cut_off_removed';
  /** The backup file's name, when there is one. */
  readonly entityId?: string;
  readonly details: Record<string, unknown>;
}

/** A backup's entry in the audit trail, in the name of whoever asked for the backup. */
function auditBackup(core: Core, request: BackupRequest, entry: BackupEntry): void {
  core.db.transaction(() => {
    core.audit.append({
      action: entry.action,
      actorUserId: request.actor?.userId ?? null,
      actorUsername: request.actor?.username ?? null,
      entity: 'backup',
      entityId: entry.entityId ?? null,
      details: entry.details,
    });
  })();
}

/** The same, for an entry the backup's outcome must not depend on: a failure to write it is logged. */
function auditBackupOrLog(core: Core, request: BackupRequest, entry: BackupEntry): void {
  try {
    auditBackup(core, request, entry);
  } catch (error) {
    log.error(`the backup's ${entry.action} entry could not be written to the audit trail`, error);
  }
}
