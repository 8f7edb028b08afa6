import { defaultBackupFolder } from './settings';
import { listBackupFilesIn, type BackupFile } from './files';
import { readHealth } from './health';
import { inspectDatabaseFile } from './inspect';

/** How many backups are tried, newest first, before giving up on finding a sound one. */
const MAX_CANDIDATES = 5;

/**
 * The newest backup that passes a full integrity check and is of a schema this app knows, from the
 * folder the last backup went to (recorded outside the database, with whose backups they are) and
 * the default folder: never another terminal's kept in the same folder.
 */
export function latestGoodBackup(dataDir: string, nativeBinding?: string): BackupFile | null {
  const health = readHealth(dataDir);
  const folders = [...new Set([health.backupFolder, defaultBackupFolder(dataDir)].filter((f) => f !== null))];
  // Newest by what they hold, not by the PC's clock that named them (files.ts).
  const candidates = listBackupFilesIn(folders, health.backupOwner ?? null, nativeBinding).slice(
    0,
    MAX_CANDIDATES,
  );
  for (const candidate of candidates) {
    if (inspectDatabaseFile(candidate.file, { full: true, nativeBinding }).ok) return candidate;
  }
  return null;
}
