import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import { checkStatement, readHere, readOnThread } from './backup/check-thread';
import type { Db } from './db/open';
import { schemaVersion } from './db/migrate';

/**
 * "Save diagnostics" for managers (issue 7): one folder that support can be sent, holding
 *   versions.json  app, Electron, Node, Chromium, SQLite, database schema, OS
 *   doctor.json    the health summary: integrity check, sizes, row counts, outbox and sync state
 *   logs/          the log files, with anything that looks like an ID, a number or a key masked
 *   README.txt     what is in the folder and what is not
 * It never contains passwords, password hashes, keys or citizen data: the database contributes
 * counts and states only (never a row's content), and the logs are redacted line by line.
 * Plain Node: runs in the core's worker next to the open database.
 */

export interface DiagnosticsVersions {
  readonly app: string;
  readonly electron?: string | undefined;
  readonly chrome?: string | undefined;
  readonly node: string;
}

export interface DiagnosticsInput {
  readonly db: Db;
  /** The better-sqlite3 binary the core runs on (Electron's ABI in the app), for the check thread. */
  readonly nativeBinding?: string | undefined;
  readonly dataDir: string;
  /** Null when this process writes no log files (tests, the command-line tool). */
  readonly logDir: string | null;
  /** The folder the bundle is created in (the manager picks it). */
  readonly outDir: string;
  readonly versions: DiagnosticsVersions;
  readonly now: Date;
}

export interface DiagnosticsBundle {
  readonly folder: string;
  readonly files: readonly string[];
}

/** Where the app writes its log files: `<userData>/logs` (electron/logging.ts). */
export function logDirOf(userDataDir: string): string {
  return join(userDataDir, 'logs');
}

const REDACTED = '‹redacted›';

/**
 * Masks what may identify a person or open a door, whatever wrote the line: runs of 6+ digits in
 * any script (national IDs, mobiles, card and tracking numbers), e-mail addresses, long
 * base64/hex-like tokens (keys, hashes, signatures), and the value after password/token/key/secret
 * labels. Timestamps survive: ISO times have at most 4 digits in a row.
 */
export function redactLine(line: string): string {
  // Timestamps are set aside first so the digit rule below does not take a date for an ID.
  const times: string[] = [];
  const kept = line.replace(
    /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g,
    (time) => {
      times.push(time);
      return `⟦${times.length - 1}⟧`;
    },
  );
  return kept
    .replace(
      /((?:pass(?:word)?|token|secret|private[_ -]?key|key|authorization|cookie)\s*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi,
      `$1${REDACTED}`,
    )
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, REDACTED)
    .replace(/[A-Za-z0-9+/_=$.-]{32,}/g, (match) =>
      /\d/.test(match) && /[A-Za-z]/.test(match) ? REDACTED : match,
    )
    .replace(/[0-9۰-۹٠-٩][0-9۰-۹٠-٩\s-]{4,}[0-9۰-۹٠-٩]/g, (match) =>
      (match.match(/[0-9۰-۹٠-٩]/g) ?? []).length >= 6 ? REDACTED : match,
    )
    .replace(/⟦(\d+)⟧/g, (_, index: string) => times[Number(index)] ?? '');
}

function tableNames(db: Db): string[] {
  return (
    db
      .prepare(
        // Ordinary tables: not the search index's virtual table (it cannot be scanned) nor its
        // shadow tables (not rows anyone keeps).
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((row) => row.name);
}

function fileSize(path: string): number | null {
  return existsSync(path) ? statSync(path).size : null;
}

export interface DoctorSummary {
  readonly database: Omit<DatabaseScan, 'outboxStates'> & {
    readonly schemaVersion: number;
    readonly migrations: readonly { version: number; name: string; appliedAt: number }[];
    readonly journalMode: string;
    readonly sizeBytes: number | null;
    readonly walBytes: number | null;
  };
  readonly outbox: Readonly<Record<string, number>> & { readonly oldestPendingAt?: number | null };
  readonly sync: {
    readonly enrolled: boolean;
    readonly serverOrigin: string | null;
    readonly terminalId: string | null;
    readonly lastSuccessAt: number | null;
    readonly lastErrorCode: string | null;
    readonly lastErrorAt: number | null;
    readonly consecutiveFailures: number | null;
    readonly revoked: boolean;
  };
  readonly disk: { readonly freeBytes: number | null };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * What reading a whole database tells: quick_check's answer, how many rows break a foreign key,
 * and each table's row count.
 */
export interface DatabaseScan {
  readonly quickCheck: readonly string[];
  readonly foreignKeyProblems: number;
  readonly rowCounts: Readonly<Record<string, number>>;
  /** Outbox items by state. Counting them reads the whole state index (63 ms on 1,000,000). */
  readonly outboxStates: Readonly<Record<string, number>>;
}

/** One line per outbox state, `state count`: the scan's answers are first columns as text. */
const OUTBOX_STATES = `SELECT state || ' ' || count(*) FROM outbox GROUP BY state`;

function scanStatements(tables: readonly string[]): string[] {
  return [
    checkStatement(false),
    'PRAGMA foreign_key_check',
    ...tables.map((name) => `SELECT count(*) FROM "${name}"`),
    ...(tables.includes('outbox') ? [OUTBOX_STATES] : []),
  ];
}

/** The scan from each statement's first column (check-thread.ts answers the same way). */
function scanFrom(tables: readonly string[], results: readonly (readonly string[])[]): DatabaseScan {
  const [quick, foreignKeys, ...rest] = results;
  const states = tables.includes('outbox') ? (rest[tables.length] ?? []) : [];
  return {
    quickCheck: quick ?? [],
    foreignKeyProblems: (foreignKeys ?? []).length,
    rowCounts: Object.fromEntries(tables.map((name, i) => [name, Number(rest[i]?.[0] ?? 0)])),
    outboxStates: Object.fromEntries(
      states.map((line) => {
        const space = line.lastIndexOf(' ');
        return [line.slice(0, space), Number(line.slice(space + 1))];
      }),
    ),
  };
}

/** The scan on this thread: for the command line, where nothing else is served. */
function scanOf(db: Db): DatabaseScan {
  const tables = tableNames(db);
  return scanFrom(tables, readHere(db, scanStatements(tables)));
}

/**
 * The scan on a thread of its own, from a read-only connection (one moment of the live database):
 * it reads every page, every foreign key and every table, 14 s on a million transactions (bench
 * `diagnostics-save`), and the counter is served meanwhile.
 */
async function scanOffThread(db: Db, nativeBinding: string | undefined): Promise<DatabaseScan> {
  const tables = tableNames(db);
  const answer = await readOnThread(db.name, scanStatements(tables), nativeBinding);
  if (!answer.ok) throw Object.assign(new Error(answer.message), { code: answer.code });
  return scanFrom(tables, answer.results);
}

/** The health summary; reads counts and states only. */
export function doctor(
  db: Db,
  databaseFile: string,
  dataDir: string,
  scan: DatabaseScan = scanOf(db),
): DoctorSummary {
  const tables = new Set(tableNames(db));
  const migrations = tables.has('schema_migrations')
    ? (
        db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as {
          version: number;
          name: string;
          applied_at: number;
        }[]
      ).map((row) => ({ version: row.version, name: row.name, appliedAt: row.applied_at }))
    : [];

  // Counted by the scan: on a thread of its own when the core is serving.
  const { outboxStates, ...databaseScan } = scan;
  const outbox: Record<string, number> & { oldestPendingAt?: number | null } = {};
  if (tables.has('outbox')) {
    Object.assign(outbox, outboxStates);
    outbox.oldestPendingAt = (
      db.prepare("SELECT min(created_at) AS at FROM outbox WHERE state = 'pending'").get() as {
        at: number | null;
      }
    ).at;
  }

  const identity = tables.has('sync_identity')
    ? (db.prepare('SELECT server_url, terminal_id FROM sync_identity WHERE id = 1').get() as
        { server_url: string; terminal_id: string } | undefined)
    : undefined;
  // Only codes and times: an error message may quote whatever the server or the network said.
  const state = tables.has('sync_state')
    ? (db
        .prepare(
          'SELECT last_success_at, last_error_code, last_error_at, consecutive_failures, revoked_at FROM sync_state WHERE id = 1',
        )
        .get() as
        | {
            last_success_at: number | null;
            last_error_code: string | null;
            last_error_at: number | null;
            consecutive_failures: number;
            revoked_at: number | null;
          }
        | undefined)
    : undefined;

  let freeBytes: number | null = null;
  try {
    const stats = statfsSync(dataDir);
    freeBytes = stats.bavail * stats.bsize;
  } catch {
    freeBytes = null;
  }

  return {
    database: {
      schemaVersion: schemaVersion(db),
      migrations,
      ...databaseScan,
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      sizeBytes: fileSize(databaseFile),
      walBytes: fileSize(`${databaseFile}-wal`),
    },
    outbox,
    sync: {
      enrolled: identity !== undefined,
      serverOrigin: identity ? originOf(identity.server_url) : null,
      terminalId: identity?.terminal_id ?? null,
      lastSuccessAt: state?.last_success_at ?? null,
      lastErrorCode: state?.last_error_code ?? null,
      lastErrorAt: state?.last_error_at ?? null,
      consecutiveFailures: state?.consecutive_failures ?? null,
      revoked: state?.revoked_at != null,
    },
    disk: { freeBytes },
  };
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

const README = `Pishkhan diagnostics — پوشهٔ عیب‌یابی پیشخوان

versions.json  versions of the app, Electron, Node, Chromium, SQLite and the database schema
doctor.json    health summary: integrity check, sizes, row counts, outbox and sync state
logs/          the app's log files; numbers of 6+ digits, e-mail addresses, keys and tokens are masked

Not included: the database itself, passwords or password hashes, keys, and citizens' data.
در این پوشه پایگاه داده، گذرواژه‌ها، کلیدها و اطلاعات شهروندان نیست.
`;

/** Writes the bundle folder `pishkhan-diagnostics-<time>` under `outDir`. */
export async function saveDiagnostics(input: DiagnosticsInput): Promise<DiagnosticsBundle> {
  const folder = join(input.outDir, `pishkhan-diagnostics-${stamp(input.now)}`);
  mkdirSync(join(folder, 'logs'), { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(folder, name), text);
    files.push(name);
  };

  const databaseFile = input.db.name;
  const summary = doctor(
    input.db,
    databaseFile,
    input.dataDir,
    await scanOffThread(input.db, input.nativeBinding),
  );
  write(
    'versions.json',
    `${JSON.stringify(
      {
        app: input.versions.app,
        electron: input.versions.electron ?? null,
        chrome: input.versions.chrome ?? null,
        node: input.versions.node,
        sqlite: (input.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
        schemaVersion: summary.database.schemaVersion,
        os: { platform: platform(), release: release(), arch: arch() },
        savedAt: input.now.toISOString(),
      },
      null,
      2,
    )}\n`,
  );
  write('doctor.json', `${JSON.stringify(summary, null, 2)}\n`);

  if (input.logDir !== null && existsSync(input.logDir)) {
    for (const name of readdirSync(input.logDir).sort()) {
      if (!/\.log$/.test(name)) continue;
      const text = readFileSync(join(input.logDir, name), 'utf8');
      write(join('logs', name), text.split('\n').map(redactLine).join('\n'));
    }
  }
  write('README.txt', README);
  return { folder, files };
}
