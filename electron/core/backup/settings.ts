import { isAbsolute, join } from 'node:path';
import { prepared, type Db } from '../db/open';

/** The manager's backup settings, kept in the settings table beside the others. */
export interface BackupSettings {
  /** Absolute folder, or null for the default `<dataDir>/backups`. */
  readonly folder: string | null;
  /** How many backups rotation keeps. */
  readonly keep: number;
}

export const DEFAULT_BACKUP_KEEP = 14;
const FOLDER_KEY = 'backup.folder';
const KEEP_KEY = 'backup.keep';

export function defaultBackupFolder(dataDir: string): string {
  return join(dataDir, 'backups');
}

export function getBackupSettings(db: Db): BackupSettings {
  const rows = prepared(db, 'SELECT key, value FROM settings WHERE key IN (?, ?)').all(
    FOLDER_KEY,
    KEEP_KEY,
  ) as {
    key: string;
    value: string;
  }[];
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const folder = stored[FOLDER_KEY];
  const keep = stored[KEEP_KEY];
  return {
    folder: typeof folder === 'string' && isAbsolute(folder) ? folder : null,
    keep: typeof keep === 'number' && Number.isInteger(keep) && keep >= 1 ? keep : DEFAULT_BACKUP_KEEP,
  };
}

export function putBackupSettings(db: Db, settings: BackupSettings): void {
  const put = prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  put.run(FOLDER_KEY, JSON.stringify(settings.folder));
  put.run(KEEP_KEY, JSON.stringify(settings.keep));
}

export function backupFolderOf(db: Db, dataDir: string): string {
  return getBackupSettings(db).folder ?? defaultBackupFolder(dataDir);
}
