import { z } from 'zod';
import type { Db } from '../db/open';

export interface SyncIdentity {
  readonly serverUrl: string;
  readonly terminalId: string;
  readonly terminalNumber: number;
  readonly officeCode: string;
  readonly officeName: string;
  readonly municipality: string;
  readonly publicKey: string;
  readonly keyRef: string;
  readonly enrolledAt: number;
}

export interface SyncStateRow {
  readonly pullCursor: number;
  readonly catalogPublishedAt: number | null;
  readonly clockOffsetMs: number;
  readonly lastSuccessAt: number | null;
  readonly lastErrorCode: string | null;
  readonly lastErrorMessage: string | null;
  readonly lastErrorAt: number | null;
  readonly consecutiveFailures: number;
  readonly revokedAt: number | null;
}

export function readIdentity(db: Db): SyncIdentity | null {
  const row = db
    .prepare(
      `SELECT server_url AS serverUrl, terminal_id AS terminalId, terminal_number AS terminalNumber,
         office_code AS officeCode, office_name AS officeName, municipality, public_key AS publicKey,
         key_ref AS keyRef, enrolled_at AS enrolledAt
       FROM sync_identity WHERE id = 1`,
    )
    .get() as SyncIdentity | undefined;
  return row ?? null;
}

export function insertIdentity(db: Db, identity: SyncIdentity): void {
  db.prepare(
    `INSERT INTO sync_identity (id, server_url, terminal_id, terminal_number, office_code, office_name, municipality,
       public_key, key_ref, enrolled_at)
     VALUES (1, @serverUrl, @terminalId, @terminalNumber, @officeCode, @officeName, @municipality, @publicKey, @keyRef, @enrolledAt)`,
  ).run(identity);
}

/**
 * A revoked terminal the server re-keyed (sync/enroll.ts): the identity takes the new key, and the
 * revocation with the failures it caused is over. Call inside the transaction that audits it.
 */
export function replaceTerminalKey(
  db: Db,
  key: { readonly publicKey: string; readonly keyRef: string },
): void {
  db.prepare('UPDATE sync_identity SET public_key = ?, key_ref = ? WHERE id = 1').run(
    key.publicKey,
    key.keyRef,
  );
  db.prepare(
    `UPDATE sync_state SET revoked_at = NULL, consecutive_failures = 0, last_error_code = NULL,
       last_error_message = NULL, last_error_at = NULL WHERE id = 1`,
  ).run();
}

export function readSyncState(db: Db): SyncStateRow {
  return db
    .prepare(
      `SELECT pull_cursor AS pullCursor, catalog_published_at AS catalogPublishedAt, clock_offset_ms AS clockOffsetMs,
         last_success_at AS lastSuccessAt, last_error_code AS lastErrorCode, last_error_message AS lastErrorMessage,
         last_error_at AS lastErrorAt, consecutive_failures AS consecutiveFailures, revoked_at AS revokedAt
       FROM sync_state WHERE id = 1`,
    )
    .get() as SyncStateRow;
}

export function storeClockOffset(db: Db, offsetMs: number): void {
  db.prepare('UPDATE sync_state SET clock_offset_ms = ? WHERE id = 1').run(Math.round(offsetMs));
}

/**
 * Beside the offset (in `settings`, no schema change): the moment the PC started, as its clock saw
 * it (PC clock minus time since boot, ms), when the offset was last known to fit the PC's clock (a
 * sync measured it, or the clock watch corrected it for a change it saw). While the PC runs on
 * with its clock unset, that moment stays put; another boot, or a change of the clock the watch did
 * not see, moves it. See clock-watch.ts.
 */
export const CLOCK_OFFSET_BOOT_KEY = 'clockOffsetBootMoment';

export function readClockOffsetBootMoment(db: Db): number | null {
  const value = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(CLOCK_OFFSET_BOOT_KEY) as
    string | undefined;
  const moment = value === undefined ? null : (JSON.parse(value) as unknown);
  return typeof moment === 'number' && Number.isFinite(moment) ? moment : null;
}

export function storeClockOffsetBootMoment(db: Db, bootMomentMs: number): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(CLOCK_OFFSET_BOOT_KEY, JSON.stringify(Math.round(bootMomentMs)));
}

/**
 * The catalog the municipality published that this version of the app could not read (a newer
 * server's rule), kept in `settings` (no schema change) until a catalog as new or newer is applied:
 * the Sync screen says the app must be updated, and once another version of the app runs, the pull
 * fetches it once more (pull.ts). `seq` is its change in the feed, null while only the enrollment's
 * answer brought it; `appVersion` is the version that refused it last.
 */
export const REFUSED_CATALOG_KEY = 'sync.refusedCatalog';

const refusedCatalogSchema = z.object({
  catalogVersion: z.string(),
  publishedAt: z.number().int(),
  seq: z.number().int().nullable(),
  appVersion: z.string(),
  refusedAt: z.number().int(),
});
export type RefusedCatalog = Readonly<z.infer<typeof refusedCatalogSchema>>;

export function readRefusedCatalog(db: Db): RefusedCatalog | null {
  const value = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(REFUSED_CATALOG_KEY) as
    string | undefined;
  if (value === undefined) return null;
  try {
    const parsed = refusedCatalogSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function rememberRefusedCatalog(db: Db, refused: RefusedCatalog): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(REFUSED_CATALOG_KEY, JSON.stringify(refused));
}

export function forgetRefusedCatalog(db: Db): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(REFUSED_CATALOG_KEY);
}

export function recordSuccess(db: Db, at: number): void {
  db.prepare(
    `UPDATE sync_state SET last_success_at = ?, consecutive_failures = 0, last_error_code = NULL,
       last_error_message = NULL, last_error_at = NULL, revoked_at = NULL WHERE id = 1`,
  ).run(at);
}

export function recordFailure(db: Db, at: number, code: string, message: string): void {
  db.prepare(
    `UPDATE sync_state SET last_error_code = ?, last_error_message = ?, last_error_at = ?,
       consecutive_failures = consecutive_failures + 1,
       revoked_at = CASE WHEN ? = 'terminal_revoked' THEN coalesce(revoked_at, ?) ELSE revoked_at END
     WHERE id = 1`,
  ).run(code, message.slice(0, 500), at, code, at);
}

export interface AttemptRecord {
  readonly trigger: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly ok: boolean;
  readonly pushed: number;
  readonly delivered: number;
  readonly needsAttention: number;
  readonly pulled: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

export function recordAttempt(db: Db, a: AttemptRecord): void {
  db.prepare(
    `INSERT INTO sync_attempts (trigger, started_at, finished_at, outcome, pushed, delivered, needs_attention, pulled,
       error_code, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    a.trigger,
    a.startedAt,
    a.finishedAt,
    a.ok ? 'ok' : 'failed',
    a.pushed,
    a.delivered,
    a.needsAttention,
    a.pulled,
    a.errorCode,
    a.errorMessage?.slice(0, 500) ?? null,
  );
}
