import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Office } from '../../shared/ipc/schemas';
import { AppError } from '../../shared/result';
import { createAuditLog, type AuditLog } from './audit/audit';
import { readHealth, updateHealth } from './backup/health';
import { isCorruptionError } from './backup/inspect';
import { finishInterruptedRestore } from './backup/restore';
import { corruptDatabase, headerProblem, quickCheckProblem, startCheckPlan } from './backup/start-check';
import { migrate } from './db/migrate';
import { MIGRATIONS } from './db/migrations';
import { startCheckpointThread } from './db/checkpoint-thread';
import { openDatabase, type Db } from './db/open';
import { createLogger } from './log';
import { getOffice, terminalLabel } from './office/office';
import { ensureCatalog } from './catalog/catalog';
import { SYSTEM_CLOCKS, unwatchedClock, watchClock, type ClockWatch } from './day/clock-watch';

export interface CoreOptions {
  /** The folder holding this terminal's data; created when missing. */
  readonly dataDir: string;
  /** better-sqlite3 built for Electron's ABI, when running inside Electron. */
  readonly nativeBinding?: string | undefined;
  /** The wall clock; injectable so tests can move time. */
  readonly now?: () => number;
  /**
   * Watches the PC's clock for changes while running and keeps the municipality's time continuous
   * (day/clock-watch.ts). The app's core does. Off by default: the command-line tool may run beside
   * the app, and two processes watching one database would each correct the same change.
   */
  readonly watchClock?: boolean;
  /** A clock no one can set, ms (performance.now); injectable so tests can set the PC's clock. */
  readonly monotonic?: () => number;
  /** A clock no one can set that counts the time asleep, ms (os.uptime); injectable as `monotonic`. */
  readonly bootClock?: () => number;
  readonly appVersion?: string;
  /**
   * Whether this process records the database as open until it closes (the start check's unclean-
   * shutdown flag). The app does; the command-line tool, which may run beside the app, does not,
   * or its clean close would clear the flag of the app still running. Default true.
   */
  readonly marksOpen?: boolean;
  /** The app's log folder (electron/logging.ts), bundled by "save diagnostics"; none in tests and the CLI. */
  readonly logDir?: string | undefined;
  /**
   * Checkpoints on a thread of their own (db/checkpoint-thread.ts), so no save pays for one. The
   * app's core does; short-lived users (the command line, most tests) leave it to SQLite.
   */
  readonly checkpointThread?: boolean;
  /**
   * Told what a slow start is doing before it does it: a restore's check of its backup, the check
   * after an unclean shutdown, then each migration an upgrade brings. Each can take many seconds
   * on a large database, with nothing on screen yet; the app shows a window saying so
   * (electron/starting-window.ts).
   */
  readonly onStartStep?: ((step: StartStep) => void) | undefined;
}

export type StartStep =
  | { readonly kind: 'check' }
  | { readonly kind: 'migration'; readonly index: number; readonly total: number }
  /** Starting from a backup the person chose after a damaged start: its full check comes first. */
  | { readonly kind: 'restore' };

export interface Core {
  /** The open database; a restore replaces it (read it at each use, do not keep it). */
  readonly db: Db;
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly nativeBinding: string | undefined;
  readonly appVersion: string;
  readonly logDir: string | null;
  readonly schemaVersion: number;
  readonly audit: AuditLog;
  now(): number;
  /**
   * The municipality's clock offset, kept across a change of the PC's clock, and the power events
   * the watch is told of (see `CoreOptions.watchClock`).
   */
  readonly clockWatch: ClockWatch;
  /** The office profile, cached; null until first-run setup. */
  office(): Office | null;
  /** Call after the office profile changes. */
  refreshOffice(): void;
  /**
   * Closes the database, lets `swap` replace its files, then opens and migrates what is there.
   * Used by restore; if the new file cannot be opened the error is thrown and the database stays
   * closed until another reopen succeeds.
   */
  reopen(swap: (databaseFile: string) => void): void;
  /**
   * Stops the checkpoint thread and closes its connection, until the next reopen: before a restore
   * moves the database file, which Windows refuses while another connection has it open.
   */
  stopCheckpoints(): Promise<void>;
  close(): void;
}

export const DATABASE_FILE = 'pishkhan.sqlite';

const log = createLogger('core');

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Opened {
  readonly db: Db;
  readonly schemaVersion: number;
}

/**
 * Opens and migrates the database file, checking it first as start-check.ts decides; a damaged
 * file becomes a `database_corrupt` error naming the latest good backup, never a crash.
 */
function openChecked(options: CoreOptions, databaseFile: string, now: () => number): Opened {
  const interrupted = finishInterruptedRestore(databaseFile, { nativeBinding: options.nativeBinding, now });
  if (interrupted) log.warn(`a restore was interrupted; its copy was ${interrupted}`);
  const existed = existsSync(databaseFile);
  const plan = startCheckPlan(readHealth(options.dataDir), now(), existed);
  const badHeader = headerProblem(databaseFile);
  if (badHeader) throw corruptDatabase(options.dataDir, 'not_a_database', badHeader, options.nativeBinding);
  let db: Db | null = null;
  try {
    db = openDatabase(databaseFile, { nativeBinding: options.nativeBinding });
    if (plan.quickCheck) {
      options.onStartStep?.({ kind: 'check' });
      const problem = quickCheckProblem(db);
      if (problem) throw corruptDatabase(options.dataDir, 'check_failed', problem, options.nativeBinding);
    }
    const schemaVersion = migrate(db, MIGRATIONS, now, undefined, (step) =>
      options.onStartStep?.({ kind: 'migration', ...step }),
    );
    // A new database, or one that just passed quick_check, is known good as of now.
    updateHealth(options.dataDir, {
      ...(options.marksOpen === false ? {} : { open: true, pid: process.pid }),
      ...(plan.quickCheck || !existed ? { lastCheckAt: now() } : {}),
    });
    return { db, schemaVersion };
  } catch (error) {
    db?.close();
    if (error instanceof AppError) throw error;
    if (isCorruptionError(error))
      throw corruptDatabase(
        options.dataDir,
        error instanceof Error && /not a database/i.test(error.message) ? 'not_a_database' : 'sqlite_error',
        describe(error),
        options.nativeBinding,
      );
    throw error;
  }
}

/** Opens (creating and migrating as needed) the terminal's store in `dataDir`. */
export function openCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true });
  const now = options.now ?? Date.now;
  const databaseFile = join(options.dataDir, DATABASE_FILE);
  let opened = openChecked(options, databaseFile, now);
  let office = getOffice(opened.db);
  let audit = createAuditLog(opened.db, now, () => terminalLabel(office));
  let closed = false;
  const startCheckpoints = () =>
    options.checkpointThread ? startCheckpointThread(opened.db, options.nativeBinding) : null;
  let checkpoints = startCheckpoints();

  function closeDatabase(): void {
    void checkpoints?.stop();
    checkpoints = null;
    opened.db.close();
    if (options.marksOpen !== false) updateHealth(options.dataDir, { open: false, pid: null });
  }

  const core: Core = {
    get db() {
      return opened.db;
    },
    dataDir: options.dataDir,
    databaseFile,
    nativeBinding: options.nativeBinding,
    appVersion: options.appVersion ?? '0.0.0',
    logDir: options.logDir ?? null,
    get schemaVersion() {
      return opened.schemaVersion;
    },
    get audit() {
      return audit;
    },
    now,
    get clockWatch() {
      return clockWatch;
    },
    office: () => office,
    refreshOffice() {
      office = getOffice(opened.db);
    },
    reopen(swap) {
      closeDatabase();
      // On a failure the database stays closed; the caller may swap back and reopen again.
      swap(databaseFile);
      opened = openChecked(options, databaseFile, now);
      checkpoints = startCheckpoints();
      office = getOffice(opened.db);
      audit = createAuditLog(opened.db, now, () => terminalLabel(office));
      ensureCatalog(core);
    },
    async stopCheckpoints() {
      const stopping = checkpoints?.stop();
      checkpoints = null;
      await stopping;
    },
    close() {
      if (closed) return;
      closed = true;
      clockWatch.stop();
      closeDatabase();
    },
  };
  const clockWatch = options.watchClock
    ? watchClock(core, {
        now,
        monotonic: options.monotonic ?? SYSTEM_CLOCKS.monotonic,
        bootClock: options.bootClock ?? SYSTEM_CLOCKS.bootClock,
      })
    : unwatchedClock(core);
  ensureCatalog(core);
  return core;
}
