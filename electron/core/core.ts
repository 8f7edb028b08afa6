import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Office } from '../../shared/ipc/schemas';
import { createAuditLog, type AuditLog } from './audit/audit';
import { migrate } from './db/migrate';
import { MIGRATIONS } from './db/migrations';
import { openDatabase, type Db } from './db/open';
import { getOffice, terminalLabel } from './office/office';
import { ensureCatalog } from './catalog/catalog';

export interface CoreOptions {
  /** The folder holding this terminal's data; created when missing. */
  readonly dataDir: string;
  /** better-sqlite3 built for Electron's ABI, when running inside Electron. */
  readonly nativeBinding?: string | undefined;
  /** The wall clock; injectable so tests can move time. */
  readonly now?: () => number;
  readonly appVersion?: string;
}

export interface Core {
  readonly db: Db;
  readonly dataDir: string;
  readonly appVersion: string;
  readonly schemaVersion: number;
  readonly audit: AuditLog;
  now(): number;
  /** The office profile, cached; null until first-run setup. */
  office(): Office | null;
  /** Call after the office profile changes. */
  refreshOffice(): void;
  close(): void;
}

export const DATABASE_FILE = 'pishkhan.sqlite';

/** Opens (creating and migrating as needed) the terminal's store in `dataDir`. */
export function openCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true });
  const now = options.now ?? Date.now;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE), { nativeBinding: options.nativeBinding });
  let schemaVersion: number;
  try {
    schemaVersion = migrate(db, MIGRATIONS, now);
  } catch (error) {
    db.close();
    throw error;
  }
  let office = getOffice(db);
  const audit = createAuditLog(db, now, () => terminalLabel(office));
  const core: Core = {
    db,
    dataDir: options.dataDir,
    appVersion: options.appVersion ?? '0.0.0',
    schemaVersion,
    audit,
    now,
    office: () => office,
    refreshOffice() {
      office = getOffice(db);
    },
    close() {
      db.close();
    },
  };
  ensureCatalog(core);
  return core;
}
