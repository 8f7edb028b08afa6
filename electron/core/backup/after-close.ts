import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import type { Core } from '../core';
import { createBackup } from './backup';

export interface BackupOutcome {
  readonly ok: boolean;
  readonly name: string | null;
  readonly errorCode: string | null;
}

/**
 * The backup taken once a day close has committed. It never undoes the close: a failure is in
 * the audit trail (backup_failed) and in the answer, for the screen to say.
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
