import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import type { Core } from '../core';
import { createBackup } from './backup';

export interface BackupOutcome {
  readonly ok: boolean;
  readonly name: string | null;
  readonly errorCode: string | null;
}

/** The backups started after a day close in this run of the core, by day: what `backups.afterClose` answers. */
const started = new WeakMap<Core, Map<string, Promise<BackupOutcome>>>();

async function backupAfterClose(core: Core, session: Session): Promise<BackupOutcome> {
  try {
    const backup = await createBackup(core, {
      reason: 'day_close',
      actor: { userId: session.userId, username: session.username },
    });
    return { ok: true, name: backup.name, errorCode: null };
  } catch (error) {
    return { ok: false, name: null, errorCode: error instanceof AppError ? error.code : 'backup_failed' };
  }
}

/**
 * Starts the backup taken once a day close has committed, and does not wait for it: the close
 * answers at once (on a year of sales the verified copy takes seconds, on an office's disk longer).
 * It runs in turn with every other backup and restore (`exclusive`), and the core's shutdown waits
 * for it (`backupsIdle`). It never undoes the close: a failure is in the audit trail
 * (backup_failed) and in its outcome, for the screen to say.
 */
export function startBackupAfterClose(core: Core, session: Session, dayId: string): void {
  let byDay = started.get(core);
  if (!byDay) started.set(core, (byDay = new Map()));
  byDay.set(dayId, backupAfterClose(core, session));
}

/** The outcome of the backup that followed the close of `dayId`, once it ends; null if none was started in this run. */
export function backupAfterCloseOf(core: Core, dayId: string): Promise<BackupOutcome> | null {
  return started.get(core)?.get(dayId) ?? null;
}
