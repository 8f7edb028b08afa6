import { tehranWallTime } from '../../../shared/jalali';
import type { Core } from '../core';
import { createLogger } from '../log';
import { createBackup, type BackupResult } from './backup';
import { backupOwnerOf, listBackupsByName } from './files';
import { backupFolderOf } from './settings';

const log = createLogger('daily-backup');

/** How often the worker asks whether today's backup exists. */
export const DAILY_CHECK_INTERVAL_MS = 15 * 60 * 1000;
/** The first look waits a little, so a backup never competes with the app starting. */
export const FIRST_DAILY_CHECK_MS = 60 * 1000;

/** Takes the day's backup when none was taken today (Tehran date); null when one exists or no office yet. */
export async function dailyBackupIfDue(core: Core): Promise<BackupResult | null> {
  if (!core.office()) return null;
  const today = tehranWallTime(core.now()).isoDate;
  // By the names alone: opening every backup (a network folder) every 15 minutes stalls the counter.
  const taken = listBackupsByName(
    backupFolderOf(core.db, core.dataDir),
    backupOwnerOf(core.office()),
    core.nativeBinding,
  ).some((backup) => tehranWallTime(backup.takenAt).isoDate === today);
  if (taken) return null;
  return createBackup(core, { reason: 'daily', actor: null });
}

/** Runs the daily check shortly after start and then periodically; returns a stop function. */
export function startDailyBackups(core: Core): () => void {
  function check(): void {
    dailyBackupIfDue(core).catch(function reportDailyFailure(error: unknown) {
      // Already in the audit trail as backup_failed; the next check tries again.
      log.error('the daily backup failed', error);
    });
  }
  const first = setTimeout(check, FIRST_DAILY_CHECK_MS);
  const every = setInterval(check, DAILY_CHECK_INTERVAL_MS);
  first.unref();
  every.unref();
  return function stopDailyBackups() {
    clearTimeout(first);
    clearInterval(every);
  };
}
