import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditCheck } from '../../shared/ipc/calls/manager';
import { AppError } from '../../shared/result';
import { verifyAuditLog } from './audit/audit';
import { backupOwnerOf, listBackupFiles, type BackupOwner } from './backup/files';
import { readHealth, type Health } from './backup/health';
import { isCorruptionError } from './backup/inspect';
import { latestGoodBackup } from './backup/recovery';
import { backupFolderOf } from './backup/settings';
import { headerProblem } from './backup/start-check';
import { DATABASE_FILE } from './core';
import { LATEST_SCHEMA_VERSION } from './db/migrations';
import { openDatabase, type Db } from './db/open';
import { doctor, type DoctorSummary } from './diagnostics';
import { getOffice } from './office/office';
import { checkAuditTrail } from './reports/audit-check';

/**
 * `pishkhan doctor`: the diagnostics health summary (diagnostics.ts's doctor) plus what takes
 * longer and is worth it on demand — a full integrity_check, the audit trail's chain and anchors
 * with the first broken entry named, the schema against this app, and the backups. Opens the
 * database without migrating it: the doctor looks, it does not change.
 */
export interface DoctorReport {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly appSchemaVersion: number;
  readonly integrityCheck: readonly string[];
  readonly summary: DoctorSummary;
  readonly audit: AuditCheck & {
    readonly brokenEntry: { readonly seq: number; readonly action: string; readonly at: number } | null;
  };
  readonly backups: {
    readonly folder: string;
    readonly count: number;
    readonly latest: { readonly name: string; readonly takenAt: number; readonly sizeBytes: number } | null;
  };
  readonly health: Health;
}

/** Whose backups to list: this database's terminal, if its office row can be read at all. */
function ownerIn(db: Db): BackupOwner | null {
  try {
    return backupOwnerOf(getOffice(db));
  } catch {
    return null;
  }
}

function auditOf(db: Db, schemaVersion: number, now: number): DoctorReport['audit'] {
  // Anchors live in business_days (schema 4); an older file gets the chain check alone.
  let check: AuditCheck;
  if (schemaVersion >= 4) check = checkAuditTrail(db, now);
  else {
    const chain = verifyAuditLog(db);
    check = chain.ok
      ? { ok: true, entries: chain.entries, checkedAt: now, brokenAtSeq: null, reason: null }
      : { ok: false, entries: null, checkedAt: now, brokenAtSeq: chain.brokenAtSeq, reason: chain.reason };
  }
  const row =
    check.brokenAtSeq === null
      ? undefined
      : (db.prepare('SELECT seq, action, at FROM audit_log WHERE seq = ?').get(check.brokenAtSeq) as
          { seq: number; action: string; at: number } | undefined);
  return { ...check, brokenEntry: row ?? null };
}

/** Examines the database in `dataDir`; throws database_corrupt (with the latest good backup) if it cannot be read. */
export function doctorReport(dataDir: string, now: number, nativeBinding?: string): DoctorReport {
  const databaseFile = join(dataDir, DATABASE_FILE);
  if (!existsSync(databaseFile)) throw new AppError('not_set_up', { dataDir });
  const corrupt = (reason: string, detail: string) => {
    const backup = latestGoodBackup(dataDir, nativeBinding);
    return new AppError(
      'database_corrupt',
      {
        reason,
        detail: detail.slice(0, 300),
        latestBackup: backup?.file ?? null,
        latestBackupAt: backup?.takenAt ?? null,
      },
      `the database is damaged: ${detail.slice(0, 300)}`,
    );
  };
  const badHeader = headerProblem(databaseFile);
  if (badHeader) throw corrupt('not_a_database', badHeader);
  let db: Db | null = null;
  try {
    db = openDatabase(databaseFile, { nativeBinding });
    const integrityCheck = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map(
      (row) => row.integrity_check,
    );
    const problems: string[] = [];
    if (integrityCheck.length !== 1 || integrityCheck[0] !== 'ok') {
      problems.push(`integrity_check: ${integrityCheck.join('; ')}`);
    }
    const summary = doctor(db, databaseFile, dataDir);
    const schemaVersion = summary.database.schemaVersion;
    if (schemaVersion > LATEST_SCHEMA_VERSION)
      problems.push(`schema ${schemaVersion} is newer than this app (${LATEST_SCHEMA_VERSION})`);
    const audit = auditOf(db, schemaVersion, now);
    if (!audit.ok)
      problems.push(
        `audit trail broken at entry #${audit.brokenAtSeq ?? '?'}` +
          (audit.brokenEntry ? ` (${audit.brokenEntry.action})` : '') +
          `: ${audit.reason ?? 'unknown'}`,
      );
    const folder = backupFolderOf(db, dataDir);
    const backups = listBackupFiles(folder, ownerIn(db), nativeBinding);
    const latest = backups[0];
    return {
      ok: problems.length === 0,
      problems,
      appSchemaVersion: LATEST_SCHEMA_VERSION,
      integrityCheck,
      summary,
      audit,
      backups: {
        folder,
        count: backups.length,
        latest: latest ? { name: latest.name, takenAt: latest.takenAt, sizeBytes: latest.sizeBytes } : null,
      },
      health: readHealth(dataDir),
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isCorruptionError(error))
      throw corrupt('sqlite_error', error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    db?.close();
  }
}
