import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import type { Core } from '../core';
import { createBackup } from './backup';

export interface BackupOutcome {
  readonly ok: boolean;
  readonly name: string | null;
  readonly errorCode: string | null;
}

/** Backups started by a day's close and not yet asked about, by day, per core. */
const running = new WeakMap<Core, Map<string, Promise<BackupOutcome>>>();

/**
 * The backup taken once a day close has committed. It never undoes the close: a failure is in
 * the audit trail (backup_failed) and in the outcome, for the screen to say.
 */
export async function backupAfterClose(core: Core, session: Session): Promise<BackupOutcome> {
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
 * Starts the backup after a day's close without waiting for it: the copy and its check run on a
 * thread of their own and take seconds on a large database (bench `day-close-call`), and the close
 * answers at once. `afterCloseOutcome` waits for it.
 */
export function startBackupAfterClose(core: Core, session: Session, dayId: string): void {
  let days = running.get(core);
  if (!days) {
    days = new Map();
    running.set(core, days);
  }
  days.set(dayId, backupAfterClose(core, session));
}

/**
 * How the backup started by this day's close went, once it has; null when none is running or
 * waiting to be asked about (asked already, or the app restarted since the close).
 */
export async function afterCloseOutcome(core: Core, dayId: string): Promise<BackupOutcome | null> {
  const days = running.get(core);
  const outcome = days?.get(dayId);
  if (!outcome) return null;
  try {
    return await outcome;
  } finally {
    days?.delete(dayId);
  }
}
