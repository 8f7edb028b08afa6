import { resolve } from 'node:path';
import { AppError } from '../../shared/result';
import { createBackup } from '../core/backup/backup';
import { processHoldingFolder } from '../core/backup/health';
import { restoreBackup } from '../core/backup/restore';
import { openCoreFromBackup } from '../core/backup/start-recovery';
import { openCore, type Core } from '../core/core';
import { doctorReport } from '../core/doctor-report';
import { parse, required } from './args';
import { CliError, EXIT_INVALID, printJson, say } from './output';

/** A file that cannot be restored is the caller's mistake (exit 2); nothing was changed. */
const BAD_BACKUP_FILES: ReadonlySet<string> = new Set([
  'backup_not_found',
  'backup_not_pishkhan',
  'backup_corrupt',
  'backup_unreadable',
  'backup_newer_than_app',
  'backup_other_terminal',
]);

const DATA_DIR = { 'data-dir': { type: 'string' } } as const;
const CLI_ACTOR = { userId: null, username: null } as const;

function failure(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  return new CliError(
    error.code,
    error.message === error.code ? `${error.code}` : error.message,
    BAD_BACKUP_FILES.has(error.code) ? EXIT_INVALID : 1,
    error.details,
  );
}

async function withOpenCore<T>(
  dataDir: string,
  version: string,
  run: (core: Core) => Promise<T>,
): Promise<T> {
  const core = openCore({ dataDir, appVersion: version, marksOpen: false });
  try {
    return await run(core);
  } finally {
    core.close();
  }
}

/** `pishkhan backup --data-dir D [--to DIR]`: an online backup, verified, rotated, audited. */
export async function backup(argv: readonly string[], version: string): Promise<void> {
  const { values } = parse(argv, { ...DATA_DIR, to: { type: 'string' } });
  const dataDir = resolve(required(values, 'data-dir'));
  const to = typeof values.to === 'string' && values.to !== '' ? resolve(values.to) : undefined;
  try {
    await withOpenCore(dataDir, version, async (core) => {
      const result = await createBackup(core, { reason: 'cli', actor: CLI_ACTOR, folder: to });
      printJson({ ok: true, ...result });
      say(`backed up to ${result.file} (${result.sizeBytes} bytes, ${result.transactions} transactions)`);
    });
  } catch (error) {
    throw failure(error);
  }
}

/**
 * `pishkhan restore --data-dir D --from FILE [--force]`: refuses a file that is not a sound
 * Pishkhan database of a schema this app knows, and (without --force) a restore that would lose
 * work the municipality has not received, or one over a damaged database whose losses cannot be
 * counted. The replaced database is kept aside, never deleted.
 */
export async function restore(argv: readonly string[], version: string): Promise<void> {
  const { values } = parse(argv, { ...DATA_DIR, from: { type: 'string' }, force: { type: 'boolean' } });
  const dataDir = resolve(required(values, 'data-dir'));
  const from = resolve(required(values, 'from'));
  const force = values.force === true;
  // Never under a running app: it would go on writing to the file the restore moves aside.
  const holder = processHoldingFolder(dataDir);
  if (holder !== null)
    throw new CliError(
      'app_running',
      `Pishkhan (process ${holder}) has this data folder open; close it, then restore`,
      1,
      { pid: holder },
    );
  let core: Core;
  try {
    core = openCore({ dataDir, appVersion: version });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'database_corrupt') throw failure(error);
    if (!force)
      throw new CliError(
        'database_corrupt',
        'the current database is damaged, so what a restore would lose cannot be counted; --force restores anyway and keeps the damaged file aside',
        1,
        error.details,
      );
    try {
      const recovered = openCoreFromBackup({ dataDir, appVersion: version }, from, CLI_ACTOR, 'cli');
      recovered.core.close();
      // The damaged database cannot be read: the accounts are the backup's (salvagedDatabase).
      printJson({
        ok: true,
        file: from,
        keptAside: recovered.keptAside,
        replacedWasCorrupt: true,
        accountsCarriedForward: false,
      });
      say(
        `restored ${from}; the damaged database is kept as ${recovered.keptAside ?? '(none)'}; the accounts are as they were in the backup`,
      );
      return;
    } catch (restoreError) {
      throw failure(restoreError);
    }
  }
  try {
    const result = await restoreBackup(core, {
      file: from,
      actor: CLI_ACTOR,
      acceptUnsyncedLoss: force,
      reason: 'cli',
    });
    printJson({
      ok: true,
      file: result.file,
      keptAside: result.keptAside,
      schemaVersion: result.schemaVersion,
      backupTransactions: result.backup.transactions,
      newerTransactions: result.newerTransactions,
      unsyncedNewerTransactions: result.unsyncedNewerTransactions,
      unsyncedItemsLost: result.unsyncedItemsLost,
      unsentAuditEntriesSetAside: result.unsentAuditEntriesSetAside,
      accountsCarriedForward: result.accountsCarriedForward,
    });
    say(
      `restored ${from}: ${result.newerTransactions} newer transactions are only in the kept-aside ${result.keptAside ?? '(none)'}; ${
        result.accountsCarriedForward
          ? 'the accounts stay as they were (those added since the backup come back inactive)'
          : 'the accounts are as they were in the backup'
      }`,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'restore_would_lose_unsynced')
      throw new CliError(
        error.code,
        `refused: ${String(error.details.transactions)} transactions (${String(error.details.items)} items in all) newer than the backup have not reached the municipality; sync first, or --force`,
        1,
        error.details,
      );
    throw failure(error);
  } finally {
    core.close();
  }
}

/**
 * `pishkhan doctor --data-dir D`: integrity, schema, audit chain, counts, outbox and backups as
 * JSON. Exit 0 when healthy; 1 when anything is wrong, the first broken audit entry named.
 */
export async function doctor(argv: readonly string[]): Promise<void> {
  const { values } = parse(argv, { ...DATA_DIR });
  const dataDir = resolve(required(values, 'data-dir'));
  let report;
  try {
    report = doctorReport(dataDir, Date.now());
  } catch (error) {
    throw failure(error);
  }
  printJson(report);
  if (!report.ok) throw new CliError('doctor_found_problems', report.problems.join('\n'), 1, undefined, true);
  say(
    `healthy: schema ${report.summary.database.schemaVersion}, ${report.audit.entries ?? 0} audit entries, ${report.backups.count} backups`,
  );
}
