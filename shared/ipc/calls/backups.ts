import { z } from 'zod';
import { call } from '../call';
import { emptyInput, passwordSchema } from '../schemas';

/**
 * The Backups screen's calls (issue 5 §6), manager only: list, back up now, the folder and the
 * number kept, and restore with a preview of what it would drop. Spread into the contract.
 */

/** A backup file: an absolute path, or a name in the backups folder. */
const backupFileSchema = z.string().min(1).max(1000);

export const backupFileInfoSchema = z.strictObject({
  file: z.string(),
  name: z.string(),
  sizeBytes: z.number().int(),
  takenAt: z.number().int(),
  /** `1405/09/07` (Tehran date), as in the file name. */
  jalaliDate: z.string(),
});

export const backupListSchema = z.strictObject({
  folder: z.string(),
  defaultFolder: z.string(),
  keep: z.number().int(),
  backups: z.array(backupFileInfoSchema),
});
export type BackupList = z.infer<typeof backupListSchema>;

export const backupKeepSchema = z.number().int().min(1).max(365);

/** What a restore would drop from the current database. */
export const restorePreviewSchema = z.strictObject({
  file: z.string(),
  backup: z.strictObject({
    schemaVersion: z.number().int(),
    transactions: z.number().int(),
    lastTransactionAt: z.number().int().nullable(),
    sizeBytes: z.number().int(),
  }),
  newerTransactions: z.number().int(),
  unsyncedNewerTransactions: z.number().int(),
  unsyncedItemsLost: z.number().int(),
  /** The outbox's highest seq when these were counted: a restore given it back refuses unsent items above it. */
  outboxMark: z.number().int(),
  /** Audit entries after the backup's last one not yet sent: set aside, named in the restore's entry. */
  unsentAuditEntriesSetAside: z.number().int(),
  /**
   * Whether the current database carries on from the backup, so the restore keeps its accounts as
   * they are now (who was dismissed, passwords changed); if not, they come back as in the backup.
   */
  accountsCarriedForward: z.boolean(),
});
export type RestorePreviewInfo = z.infer<typeof restorePreviewSchema>;

/** Whether the backup after a day close worked; the close itself stands either way. */
export const backupOutcomeSchema = z.strictObject({
  ok: z.boolean(),
  name: z.string().nullable(),
  errorCode: z.string().nullable(),
});

export const backupCalls = {
  'backups.list': call({
    input: emptyInput,
    output: backupListSchema,
    access: 'manager',
  }),
  'backups.create': call({
    input: emptyInput,
    output: backupFileInfoSchema,
    access: 'manager',
  }),
  /** The folder (an absolute path; null for the default) and how many backups rotation keeps. */
  'backups.updateSettings': call({
    input: z.strictObject({ folder: z.string().min(1).max(1000).nullable(), keep: backupKeepSchema }),
    output: backupListSchema,
    access: 'manager',
  }),
  'backups.preview': call({
    input: z.strictObject({ file: backupFileSchema }),
    output: restorePreviewSchema,
    access: 'manager',
  }),
  /**
   * Restores, signed with the manager's password; refused when unsynced work would be lost unless
   * `acceptUnsyncedLoss`. Every session ends: people log in again to the restored database.
   */
  'backups.restore': call({
    input: z.strictObject({
      file: backupFileSchema,
      password: passwordSchema,
      acceptUnsyncedLoss: z.boolean(),
      /**
       * The preview's outboxMark: the unsent items the manager saw (and accepted losing) are those up
       * to it; one saved since is refused. Without it, what the restore counts first.
       */
      acceptedOutboxMark: z.number().int().min(0).optional(),
    }),
    output: restorePreviewSchema.extend({ keptAside: z.string().nullable() }),
    access: 'manager',
  }),
  /**
   * How the backup that followed `day.close` of this day ended: answers when it ends (seconds on a
   * large database). Null when no close of that day started one since the app started.
   */
  'backups.afterClose': call({
    input: z.strictObject({ dayId: z.uuid() }),
    output: backupOutcomeSchema.nullable(),
    access: 'manager',
  }),
} as const;
