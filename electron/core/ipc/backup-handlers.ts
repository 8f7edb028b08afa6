import { accessSync, constants, mkdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { backupCalls } from '../../../shared/ipc/calls/backups';
import { AppError } from '../../../shared/result';
import { authenticate } from '../accounts/auth';
import type { Session } from '../accounts/sessions';
import { backupAfterCloseOf } from '../backup/after-close';
import { createBackup } from '../backup/backup';
import { backupOwnerOf, listBackupFiles } from '../backup/files';
import { restoreBackup, restorePreview } from '../backup/restore';
import {
  backupFolderOf,
  defaultBackupFolder,
  getBackupSettings,
  putBackupSettings,
} from '../backup/settings';
import type { Core } from '../core';
import type { CallContext, HandlersFor } from './handlers';

function requireSession(ctx: CallContext): Session {
  if (!ctx.session) throw new AppError('not_logged_in');
  return ctx.session;
}

function backupList(core: Core) {
  const settings = getBackupSettings(core.db);
  const folder = backupFolderOf(core.db, core.dataDir);
  return {
    folder,
    defaultFolder: defaultBackupFolder(core.dataDir),
    keep: settings.keep,
    backups: listBackupFiles(folder, backupOwnerOf(core.office()), core.nativeBinding),
  };
}

/** A name from the list lives in the backups folder; anything else must be a full path. */
function resolveBackupFile(core: Core, file: string): string {
  if (isAbsolute(file)) return file;
  if (basename(file) === file) return join(backupFolderOf(core.db, core.dataDir), file);
  throw new AppError('backup_not_found', { file: file.slice(0, 200) });
}

function requireWritableFolder(folder: string): void {
  if (!isAbsolute(folder))
    throw new AppError('backup_folder_invalid', { folder, message: 'not a full path' });
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new AppError('backup_folder_invalid', {
      folder,
      message: (error instanceof Error ? error.message : String(error)).slice(0, 200),
    });
  }
}

/** Handlers of the Backups screen's calls (shared/ipc/calls/backups.ts). */
export const backupHandlers: HandlersFor<keyof typeof backupCalls> = {
  'backups.list'(ctx) {
    return backupList(ctx.core);
  },

  async 'backups.create'(ctx) {
    const session = requireSession(ctx);
    const result = await createBackup(ctx.core, {
      reason: 'manual',
      actor: { userId: session.userId, username: session.username },
    });
    return {
      file: result.file,
      name: result.name,
      sizeBytes: result.sizeBytes,
      takenAt: result.takenAt,
      jalaliDate: result.jalaliDate,
    };
  },

  'backups.updateSettings'(ctx, input) {
    const session = requireSession(ctx);
    if (input.folder !== null) requireWritableFolder(input.folder);
    const { core } = ctx;
    const before = getBackupSettings(core.db);
    core.db.transaction(() => {
      putBackupSettings(core.db, { folder: input.folder, keep: input.keep });
      core.audit.append({
        action: 'settings_changed',
        actorUserId: session.userId,
        actorUsername: session.username,
        details: { backupFolder: [before.folder, input.folder], backupKeep: [before.keep, input.keep] },
      });
    })();
    return backupList(core);
  },

  async 'backups.preview'(ctx, input) {
    const preview = await restorePreview(ctx.core, resolveBackupFile(ctx.core, input.file));
    return {
      file: preview.file,
      backup: {
        schemaVersion: preview.backup.schemaVersion,
        transactions: preview.backup.transactions,
        lastTransactionAt: preview.backup.lastTransactionAt,
        sizeBytes: preview.backup.sizeBytes,
      },
      newerTransactions: preview.newerTransactions,
      unsyncedNewerTransactions: preview.unsyncedNewerTransactions,
      unsyncedItemsLost: preview.unsyncedItemsLost,
      outboxMark: preview.outboxMark,
      unsentAuditEntriesSetAside: preview.unsentAuditEntriesSetAside,
      accountsCarriedForward: preview.accountsCarriedForward,
    };
  },

  async 'backups.restore'(ctx, input) {
    const session = requireSession(ctx);
    const file = resolveBackupFile(ctx.core, input.file);
    const signer = await authenticate(ctx.core, session.username, input.password, 'approval');
    if (signer.role !== 'manager') throw new AppError('forbidden');
    const result = await restoreBackup(ctx.core, {
      file,
      actor: { userId: signer.id, username: signer.username },
      acceptUnsyncedLoss: input.acceptUnsyncedLoss,
      acceptedOutboxMark: input.acceptedOutboxMark,
      reason: 'manager',
    });
    // The sessions belong to the database that was replaced.
    ctx.sessions.clear();
    return {
      file: result.file,
      backup: {
        schemaVersion: result.backup.schemaVersion,
        transactions: result.backup.transactions,
        lastTransactionAt: result.backup.lastTransactionAt,
        sizeBytes: result.backup.sizeBytes,
      },
      newerTransactions: result.newerTransactions,
      unsyncedNewerTransactions: result.unsyncedNewerTransactions,
      unsyncedItemsLost: result.unsyncedItemsLost,
      outboxMark: result.outboxMark,
      unsentAuditEntriesSetAside: result.unsentAuditEntriesSetAside,
      accountsCarriedForward: result.accountsCarriedForward,
      keptAside: result.keptAside ? basename(result.keptAside) : null,
    };
  },

  async 'backups.afterClose'(ctx, input) {
    return (await backupAfterCloseOf(ctx.core, input.dayId)) ?? null;
  },
};
