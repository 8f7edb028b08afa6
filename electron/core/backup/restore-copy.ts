import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { AUDIT_FIELD_MAX, cutText } from '../../../shared/audit/limits';
import { createAuditLog, type AuditLog } from '../audit/audit';
import { migrate, type MigrationProgress } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { openDatabase, type Db } from '../db/open';
import { createLogger } from '../log';
import { getOffice, terminalLabel } from '../office/office';
import { blindRestoreMargin, lastIssuedSequence, raiseSequenceFloor } from '../transactions/sequence';
import { RESTORE_GENERATION_KEY } from './progress';

const log = createLogger('restore-copy');

/** A user account as the replaced database holds it: what a restore carries forward. */
export interface AccountState {
  readonly id: number;
  readonly username: string;
  readonly fullName: string;
  readonly role: string;
  readonly passwordHash: string;
  readonly active: number;
  readonly mustChangePassword: number;
  readonly passwordSetAt: number;
  readonly failedAttempts: number;
  readonly lockedUntil: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What the database being replaced says, read before it is moved aside. */
export interface ReplacedDatabase {
  /** The highest tracking-code sequence it showed (with its floor); null if it could not be read. */
  readonly highestSequence: number | null;
  /**
   * What was handed out after the backup is unknown: the replaced database could not be read, or
   * does not carry on from this backup. The next code then steps over blindRestoreMargin.
   */
  readonly blind: boolean;
  /** The head of the trail it replaced. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  /** How many restores lay behind it (progress.ts); null if it could not be read. */
  readonly generation: number | null;
  /**
   * Its accounts, when it carries on from the backup: who was dismissed, whose password was
   * replaced (a leaked one) after the backup stays so. Null when it could not be read or is not the
   * backup's continuation: the accounts are then the backup's.
   */
  readonly accounts: readonly AccountState[] | null;
}

/**
 * A replaced database known only by the codes salvaged from it (null: none could be read): a
 * damaged file, or one an interrupted restore set aside. Its trail and accounts are not read: the
 * accounts are the backup's.
 */
export function salvagedDatabase(highestSequence: number | null): ReplacedDatabase {
  return { highestSequence, blind: highestSequence === null, head: null, generation: null, accounts: null };
}

export interface RestoreRecord {
  readonly file: string;
  readonly actor: { readonly userId: number | null; readonly username: string | null };
  readonly acceptUnsyncedLoss: boolean;
  /** interrupted: a copy an earlier version left unprepared, made complete as the start finishes it. */
  readonly reason: 'manager' | 'cli' | 'corrupt_on_start' | 'interrupted';
  readonly preview: {
    readonly newerTransactions: number;
    readonly unsyncedNewerTransactions: number;
    readonly unsyncedItemsLost: number;
    readonly unsentAuditEntriesSetAside: number;
  } | null;
  readonly replaced: ReplacedDatabase;
}

export function readAccounts(db: Db): AccountState[] {
  return db
    .prepare(
      `SELECT id, username, full_name AS fullName, role, password_hash AS passwordHash, active,
              must_change_password AS mustChangePassword, password_set_at AS passwordSetAt,
              failed_attempts AS failedAttempts,
              locked_until AS lockedUntil, created_at AS createdAt, updated_at AS updatedAt
         FROM users ORDER BY id`,
    )
    .all() as AccountState[];
}

export function readGeneration(db: Db): number {
  const row = db
    .prepare('SELECT CAST(value AS INTEGER) AS g FROM settings WHERE key = ?')
    .get(RESTORE_GENERATION_KEY) as { g: number } | undefined;
  return row?.g ?? 0;
}

/**
 * The highest tracking-code sequence the broken database still shows (with the floor an earlier
 * restore left in it), read as far as it can be read (max() walks one index to its end), so codes
 * handed out before it broke are not reissued. Null when nothing could be read, or there is no
 * file: what was handed out after the backup is then unknown.
 */
export function salvageHighestSequence(
  databaseFile: string,
  nativeBinding: string | undefined,
): number | null {
  if (!existsSync(databaseFile)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(databaseFile, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      // With the floor an earlier restore left, as a save reads it.
      return lastIssuedSequence(db);
    } catch (error) {
      log.warn(`the broken database's sequence floor could not be read: ${String(error)}`);
      return (db.prepare('SELECT max(sequence) AS s FROM transactions').get() as { s: number | null }).s ?? 0;
    }
  } catch (error) {
    log.warn(`the broken database's last sequence could not be read: ${String(error)}`);
    return null;
  } finally {
    try {
      db?.close();
    } catch {
      // Closing a file SQLite could not read is not worth failing the recovery for.
    }
  }
}

/**
 * Makes the copy of a backup that a restore puts in place complete on its own before it takes the
 * live file's name: migrated, the tracking-code floor raised, the accounts carried forward and the
 * restore's entry in its trail, in one SQLite transaction, then left with no WAL beside it. A
 * restore cut off after this (a power cut between its renames) is finished at the next start with
 * all of it; one cut off during it leaves the live file where it was.
 */
export function prepareRestoredCopy(
  copy: string,
  options: {
    readonly nativeBinding: string | undefined;
    readonly now: () => number;
    readonly keptAside: string | null;
    readonly onMigrationStep?: MigrationProgress | undefined;
  },
  record: RestoreRecord,
): void {
  const db = openDatabase(copy, { nativeBinding: options.nativeBinding });
  try {
    migrate(db, MIGRATIONS, options.now, undefined, options.onMigrationStep);
    const office = getOffice(db);
    const audit = createAuditLog(db, options.now, () => terminalLabel(office));
    recordRestore(db, audit, options.now(), record, options.keptAside);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // Everything in the one file the rename moves.
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  if (existsSync(`${copy}-wal`)) throw new Error('the restored copy could not be written back from its WAL');
}

/**
 * The backup as its restore's audit entry names it: the file's name, without the folder (which can
 * run to a thousand characters), cut in the middle if still too long, so its date and extension stay.
 */
export function backupName(file: string): string {
  return cutText(basename(file), AUDIT_FIELD_MAX.entityId, 'ends');
}

/** Usernames named in the restore's entry, at most: the counts are always there. */
const NAMES_RECORDED = 50;

interface CarriedAccounts {
  readonly updated: string[];
  readonly addedInactive: string[];
  readonly addedActive: string[];
}

/**
 * The replaced database's accounts over the backup's: each user's active flag, password, must-change
 * flag, role and lock state, and users added after the backup. Those come back inactive (their
 * creation is in the part of the trail set aside), except the manager who signed this restore, and
 * the managers that were active when otherwise none would be.
 */
function carryAccountsForward(
  db: Db,
  accounts: readonly AccountState[],
  signer: number | null,
  now: number,
): CarriedAccounts {
  const carried: CarriedAccounts = { updated: [], addedInactive: [], addedActive: [] };
  const byId = db.prepare('SELECT * FROM users WHERE id = ?');
  const byName = db.prepare('SELECT 1 FROM users WHERE username = ?');
  const update = db.prepare(
    `UPDATE users SET role = @role, password_hash = @passwordHash, active = @active,
            must_change_password = @mustChangePassword, password_set_at = @passwordSetAt,
            failed_attempts = @failedAttempts,
            locked_until = @lockedUntil, updated_at = @updatedAt
      WHERE id = @id`,
  );
  const insert = db.prepare(
    `INSERT INTO users (id, username, full_name, role, password_hash, active, must_change_password,
                        password_set_at, failed_attempts, locked_until, created_at, updated_at)
     VALUES (@id, @username, @fullName, @role, @passwordHash, @active, @mustChangePassword,
             @passwordSetAt, @failedAttempts, @lockedUntil, @createdAt, @updatedAt)`,
  );
  const added: AccountState[] = [];
  for (const account of accounts) {
    const there = byId.get(account.id) as
      | {
          username: string;
          role: string;
          password_hash: string;
          active: number;
          must_change_password: number;
          password_set_at: number;
          failed_attempts: number;
          locked_until: number | null;
        }
      | undefined;
    if (there === undefined) {
      if (byName.get(account.username) === undefined) added.push(account);
      continue;
    }
    // The same number for someone else: not this backup's continuation after all.
    if (there.username !== account.username) continue;
    const same =
      there.role === account.role &&
      there.password_hash === account.passwordHash &&
      there.active === account.active &&
      there.must_change_password === account.mustChangePassword &&
      there.password_set_at === account.passwordSetAt &&
      there.failed_attempts === account.failedAttempts &&
      there.locked_until === account.lockedUntil;
    if (same) continue;
    update.run(account);
    carried.updated.push(account.username);
  }
  const activeManagers = () =>
    (
      db.prepare("SELECT count(*) AS n FROM users WHERE role = 'manager' AND active = 1").get() as {
        n: number;
      }
    ).n;
  for (const account of added) {
    const keepActive = account.active === 1 && account.id === signer;
    insert.run({ ...account, active: keepActive ? 1 : 0, updatedAt: keepActive ? account.updatedAt : now });
    (keepActive ? carried.addedActive : carried.addedInactive).push(account.username);
  }
  // A manager handed over to one added after the backup: the office keeps a manager who can sign in.
  if (activeManagers() === 0) {
    for (const account of added) {
      if (account.role !== 'manager' || account.active !== 1 || account.id === signer) continue;
      db.prepare('UPDATE users SET active = 1, updated_at = ? WHERE id = ?').run(
        account.updatedAt,
        account.id,
      );
      carried.addedInactive.splice(carried.addedInactive.indexOf(account.username), 1);
      carried.addedActive.push(account.username);
    }
  }
  return carried;
}

/** The restore, in the restored database's own trail, and the tracking-code floor it must respect. */
function recordRestore(
  db: Db,
  audit: AuditLog,
  now: number,
  record: RestoreRecord,
  keptAside: string | null,
): void {
  const { replaced } = record;
  db.transaction(() => {
    // Before this restore's own entry: the margin counts days from the backup's last activity.
    const backupHighest = lastIssuedSequence(db);
    // A database showing fewer codes than the backup cannot have carried on from it.
    const blind =
      replaced.blind || (replaced.highestSequence !== null && replaced.highestSequence < backupHighest);
    const margin = blind ? blindRestoreMargin(db, now) : null;
    raiseSequenceFloor(db, Math.max(replaced.highestSequence ?? 0, backupHighest + (margin ?? 0)));
    if (margin !== null)
      log.warn(
        `what was handed out after the backup is unknown: the next tracking code steps over ${margin} codes`,
      );
    const generation = Math.max(readGeneration(db), replaced.generation ?? 0) + 1;
    db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(RESTORE_GENERATION_KEY, String(generation));
    const accounts =
      replaced.accounts !== null && !blind
        ? carryAccountsForward(db, replaced.accounts, record.actor.userId, now)
        : null;
    // The person may not exist in the restored copy (added after the backup): keep the name only then.
    const known =
      record.actor.userId !== null &&
      db
        .prepare('SELECT 1 FROM users WHERE id = ? AND username = ?')
        .get(record.actor.userId, record.actor.username) !== undefined;
    audit.append({
      action: 'database_restored',
      actorUserId: known ? record.actor.userId : null,
      actorUsername: record.actor.username,
      entity: 'backup',
      entityId: backupName(record.file),
      details: {
        reason: record.reason,
        keptAside: keptAside ? basename(keptAside) : null,
        newerTransactions: record.preview?.newerTransactions ?? null,
        unsyncedNewerTransactions: record.preview?.unsyncedNewerTransactions ?? null,
        unsyncedItemsLost: record.preview?.unsyncedItemsLost ?? null,
        unsentAuditEntriesSetAside: record.preview?.unsentAuditEntriesSetAside ?? null,
        replacedAuditHead: replaced.head,
        acceptedUnsyncedLoss: record.acceptUnsyncedLoss,
        highestSequenceBefore: replaced.highestSequence,
        backupHighestSequence: backupHighest,
        sequenceMargin: margin,
        sequenceFloor: lastIssuedSequence(db),
        restoreGeneration: generation,
        // Null: the accounts are the backup's (the replaced database could not be read or does not
        // carry on from it).
        accountsCarriedForward: accounts && {
          updated: accounts.updated.length,
          addedInactive: accounts.addedInactive.length,
          addedActive: accounts.addedActive.length,
          usernames: {
            updated: accounts.updated.slice(0, NAMES_RECORDED),
            addedInactive: accounts.addedInactive.slice(0, NAMES_RECORDED),
            addedActive: accounts.addedActive.slice(0, NAMES_RECORDED),
          },
        },
      },
    });
  })();
}
