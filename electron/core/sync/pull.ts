import { catalogSchema } from '../../../shared/catalog/schema';
import type { TransactionStatus } from '../../../shared/ipc/counter';
import {
  SERVER_TRANSACTION_STATUSES,
  pullChangeSchema,
  pullPageSchema,
  type PullChange,
} from '../../../shared/sync/protocol';
import { applyCatalog } from '../catalog/catalog';
import type { Core } from '../core';
import { prepared } from '../db/open';
import { businessDateFor } from '../day/business-date';
import type { SyncClient } from './client';
import { SyncFailure } from './errors';
import {
  forgetRefusedCatalog,
  readRefusedCatalog,
  readSyncState,
  rememberRefusedCatalog,
  type RefusedCatalog,
} from './state';
import { createLogger } from '../log';
import { lastIssuedSequence, raiseSequenceFloor } from '../transactions/sequence';

const log = createLogger('pull');

export interface PullCounts {
  pulled: number;
  statusChanges: number;
  catalogs: number;
  notices: number;
}

/** The change types this version reads; a newer server's others are passed over (`readChange`). */
const CHANGE_TYPES: Readonly<Record<PullChange['type'], true>> = {
  status: true,
  catalog: true,
  notice: true,
};
const SERVER_STATUSES: ReadonlySet<string> = new Set(SERVER_TRANSACTION_STATUSES);

/** A change of the feed this version cannot read, as the audit trail records it. */
export interface SkippedChange {
  readonly reason: 'unknown_type' | 'unknown_status' | 'invalid';
  readonly type: string | null;
  readonly status: string | null;
  readonly seq: number | null;
}

function textField(raw: unknown, key: string): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === 'string' ? value.slice(0, 64) : null;
}

/**
 * One change of a pull page, read on its own: a newer server's change of a type or status this
 * version does not know (or one it cannot make sense of) is passed over, not the page refused.
 */
export function readChange(raw: unknown): { change: PullChange } | { skipped: SkippedChange } {
  const parsed = pullChangeSchema.safeParse(raw);
  if (parsed.success) return { change: parsed.data };
  const type = textField(raw, 'type');
  const status = type === 'status' ? textField(raw, 'status') : null;
  const seq = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['seq'] : undefined;
  const reason =
    type === null || !Object.hasOwn(CHANGE_TYPES, type)
      ? 'unknown_type'
      : status !== null && !SERVER_STATUSES.has(status)
        ? 'unknown_status'
        : 'invalid';
  return {
    skipped: { reason, type, status, seq: Number.isSafeInteger(seq) ? (seq as number) : null },
  };
}

/**
 * Recorded in the trail without what the change carried (it may be large, and this version does
 * not know what it means): what kind it was and where in the feed, for the municipality's support.
 */
function recordSkipped(core: Core, skipped: SkippedChange): void {
  core.audit.append({
    action: 'feed_change_skipped',
    entity: 'feed',
    entityId: skipped.seq === null ? null : String(skipped.seq),
    details: { ...skipped },
  });
}

function applyStatus(core: Core, change: Extract<PullChange, { type: 'status' }>): boolean {
  const row = core.db.prepare('SELECT status FROM transactions WHERE id = ?').get(change.transactionId) as
    { status: TransactionStatus } | undefined;
  // Another terminal's transaction: the feed is the office's.
  if (!row) return false;
  if (row.status === change.status) return false;
  // The echo of this terminal's own push must not undo a void made since.
  if (change.status === 'received' && row.status !== 'saved') return false;
  // A void here refunded the citizen from the drawer. The municipality moved the transaction on
  // before the void reached it (and so refuses the void, which waits in "needs attention"): the
  // counter keeps its void, so the day's cash stays what the drawer holds, and the trail says what
  // the municipality did.
  if (row.status === 'voided') {
    core.audit.append({
      action: 'status_change_after_void_kept',
      entity: 'transaction',
      entityId: change.transactionId,
      details: {
        trackingCode: change.trackingCode,
        municipalityStatus: change.status,
        reason: change.reason,
        actor: change.actor,
        feedSeq: change.seq,
      },
    });
    return false;
  }
  const status: TransactionStatus = change.status;
  const voidRecorded = recordVoidFromFeed(core, change);
  core.db.prepare('UPDATE transactions SET status = ? WHERE id = ?').run(status, change.transactionId);
  core.db
    .prepare(
      "INSERT INTO status_history (transaction_id, status, source, reason, at) VALUES (?, ?, 'municipality', ?, ?)",
    )
    .run(change.transactionId, status, change.reason, change.at);
  core.audit.append({
    action: 'status_changed_by_municipality',
    entity: 'transaction',
    entityId: change.transactionId,
    details: {
      trackingCode: change.trackingCode,
      from: row.status,
      to: status,
      reason: change.reason,
      actor: change.actor,
      feedSeq: change.seq,
      ...(voidRecorded ? { voidRecorded: true } : {}),
    },
  });
  return true;
}

/** The record a status from the feed implies, kept in `voids` as the counter keeps its own. */
const VOID_KINDS: ReadonlyMap<string, 'void' | 'cancellation_request'> = new Map([
  ['voided', 'void'],
  ['cancellation_requested', 'cancellation_request'],
]);

/**
 * A void (or cancellation request) the feed reports and this counter holds no record of: made here
 * after the backup this database was restored from, and delivered before the restore. It is
 * recorded as the void it was, so the late-void rules apply to it as to any other: a closed day
 * keeps its signed figures, and the refund is booked on the day whose close takes it. The feed
 * names the approver (a username), the reason and when the counter made it, not who asked.
 * It is booked on the business date this counter records it on, as a void made here is
 * (transactions/void.ts): fixed now, so it does not move to whichever day is worked when a day
 * is later looked at or closed.
 */
function recordVoidFromFeed(core: Core, change: Extract<PullChange, { type: 'status' }>): boolean {
  const kind = VOID_KINDS.get(change.status);
  if (!kind) return false;
  const held = prepared(core.db, 'SELECT 1 FROM voids WHERE transaction_id = ?').get(change.transactionId);
  if (held) return false;
  const approver =
    change.actor === null
      ? undefined
      : (prepared(core.db, 'SELECT id FROM users WHERE username = ?').get(change.actor) as
          { id: number } | undefined);
  prepared(
    core.db,
    `INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at, source, recorded_approver,
       business_date)
     VALUES (?, ?, ?, NULL, ?, ?, 'municipality', ?, ?)`,
  ).run(
    change.transactionId,
    kind,
    change.reason ?? '',
    approver?.id ?? null,
    // As the counter recorded it before the restore, by its own clock, when the feed says (an
    // older server does not: then when the municipality took it).
    change.counterAt ?? change.at,
    change.actor,
    businessDateFor(core, core.now()),
  );
  return true;
}

/**
 * A catalog this version cannot read (a newer server's rule): the counter keeps pricing with the
 * one it has, the trail says why, and it is remembered (state.ts) so that the Sync screen asks for
 * the app to be updated and an updated app fetches it again (`fetchRefusedCatalogAgain`). Recorded
 * in the trail once per version of the app that refused it. Call inside a SQLite transaction.
 */
export function refuseCatalog(
  core: Core,
  catalog: {
    readonly catalogVersion: string;
    readonly publishedAt: number;
    readonly seq: number | null;
    readonly issues: number;
    readonly at?: 'enrollment';
  },
): void {
  const known = readRefusedCatalog(core.db);
  const same =
    known !== null &&
    known.catalogVersion === catalog.catalogVersion &&
    known.publishedAt === catalog.publishedAt;
  if (known === null || same || catalog.publishedAt > known.publishedAt)
    rememberRefusedCatalog(core.db, {
      catalogVersion: catalog.catalogVersion,
      publishedAt: catalog.publishedAt,
      seq: catalog.seq ?? (same ? known.seq : null),
      appVersion: core.appVersion,
      refusedAt: same && known.appVersion === core.appVersion ? known.refusedAt : core.now(),
    });
  if (same && known.appVersion === core.appVersion) return;
  core.audit.append({
    action: 'catalog_refused',
    entity: 'catalog',
    entityId: catalog.catalogVersion.slice(0, 64),
    details: {
      reason: 'invalid',
      issues: catalog.issues,
      appVersion: core.appVersion,
      ...(catalog.at ? { at: catalog.at } : {}),
    },
  });
}

function applyCatalogChange(core: Core, change: Extract<PullChange, { type: 'catalog' }>): boolean {
  // Replayed from an old cursor (or already brought by enrollment): never go back to an older one.
  const state = readSyncState(core.db);
  if (state.catalogPublishedAt !== null && change.publishedAt <= state.catalogPublishedAt) return false;
  const parsed = catalogSchema.safeParse(change.catalog);
  if (!parsed.success) {
    refuseCatalog(core, {
      catalogVersion: change.catalogVersion,
      publishedAt: change.publishedAt,
      seq: change.seq,
      issues: parsed.error.issues.length,
    });
    return false;
  }
  applyCatalog(core, parsed.data, 'municipality');
  core.db.prepare('UPDATE sync_state SET catalog_published_at = ? WHERE id = 1').run(change.publishedAt);
  const refused = readRefusedCatalog(core.db);
  if (refused !== null && refused.publishedAt <= change.publishedAt) forgetRefusedCatalog(core.db);
  return true;
}

function applyNotice(core: Core, change: Extract<PullChange, { type: 'notice' }>): boolean {
  const inserted = core.db
    .prepare(
      `INSERT INTO notices (id, seq, text_fa, text_en, at, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    )
    .run(change.noticeId, change.seq, change.text.fa, change.text.en, change.at, core.now());
  return inserted.changes > 0;
}

/**
 * Applies one change of the office's feed, inside the caller's SQLite transaction. Returns what it
 * changed here, or null when it changed nothing (an echo, another terminal's transaction, a replay).
 */
export function applyPulledChange(core: Core, change: PullChange): PullChange['type'] | null {
  if (change.type === 'status') return applyStatus(core, change) ? 'status' : null;
  if (change.type === 'catalog') return applyCatalogChange(core, change) ? 'catalog' : null;
  return applyNotice(core, change) ? 'notice' : null;
}

/**
 * The municipality holds codes from this terminal up to `lastSequence`, and this database shows
 * fewer handed out: it went back in time (restored from a backup when the newer database could not
 * be read, on a new PC), and those codes are on citizens' receipts. The next save takes a code
 * above them instead of one the server would refuse as taken. Recorded in the audit trail.
 */
function respectDeliveredCodes(core: Core, lastSequence: number): void {
  const issued = lastIssuedSequence(core.db);
  if (lastSequence <= issued) return;
  raiseSequenceFloor(core.db, lastSequence);
  core.audit.append({
    action: 'sequence_floor_raised',
    details: { from: issued, to: lastSequence, source: 'municipality' },
  });
  log.warn(
    `tracking codes up to sequence ${lastSequence} were issued before this database went back in time`,
  );
}

/**
 * Pulls the office's feed from the stored cursor until the server has nothing more. Each page is
 * applied in ONE SQLite transaction together with the new cursor: a crash leaves either both or
 * neither, so nothing is skipped and nothing applied twice. A change this version cannot read is
 * passed over with an entry in the trail, and the cursor moves past it as past the others.
 */
export async function pullAll(
  core: Core,
  client: SyncClient,
  shouldStop: () => boolean,
): Promise<PullCounts> {
  const counts: PullCounts = { pulled: 0, statusChanges: 0, catalogs: 0, notices: 0 };
  for (;;) {
    if (shouldStop()) return counts;
    const cursor = readSyncState(core.db).pullCursor;
    const page = await client.request('GET', `/v1/pull?cursor=${cursor}`, undefined, pullPageSchema);
    core.db.transaction(() => {
      // Another process may have applied this page meanwhile: only ever move forward.
      if (readSyncState(core.db).pullCursor !== cursor) return;
      let skipped = 0;
      for (const raw of page.changes) {
        counts.pulled++;
        const read = readChange(raw);
        if ('skipped' in read) {
          recordSkipped(core, read.skipped);
          skipped++;
          continue;
        }
        const applied = applyPulledChange(core, read.change);
        if (applied === 'status') counts.statusChanges++;
        else if (applied === 'catalog') counts.catalogs++;
        else if (applied === 'notice') counts.notices++;
      }
      if (skipped > 0)
        log.warn(
          `passed over ${skipped} change(s) of the feed this version cannot read (feed_change_skipped)`,
        );
      if (page.cursor > cursor)
        core.db.prepare('UPDATE sync_state SET pull_cursor = ? WHERE id = 1').run(page.cursor);
      if (page.lastSequence !== undefined) respectDeliveredCodes(core, page.lastSequence);
    })();
    if (!page.more || page.cursor <= cursor) break;
  }
  if (shouldStop()) return counts;
  try {
    if (await fetchRefusedCatalogAgain(core, client)) counts.catalogs++;
  } catch (error) {
    // The feed itself is pulled: the next run asks again (nothing was remembered as asked).
    if (!(error instanceof SyncFailure)) throw error;
    log.warn(`fetching the refused catalog again failed: ${error.code}: ${error.message}`);
  }
  return counts;
}

function sameRefusal(a: RefusedCatalog | null, b: RefusedCatalog): boolean {
  return (
    a !== null &&
    a.catalogVersion === b.catalogVersion &&
    a.publishedAt === b.publishedAt &&
    a.appVersion === b.appVersion
  );
}

/**
 * The catalog an earlier version of the app refused, fetched once more by this one (an update may
 * read it): the server has no call for its current catalog but enrollment, and its feed brings a
 * catalog only after the cursor, which moved past it. So the feed is read from just before that
 * catalog's change, once per version of the app, and only that change is taken from the answer:
 * the cursor stays where it is, and the status changes and notices after it are not applied again.
 * Applied if this version reads it; refused again (and not asked for again by this version) if not.
 * Nothing is asked while the cursor has not passed it yet: the feed brings it anyway.
 */
async function fetchRefusedCatalogAgain(core: Core, client: SyncClient): Promise<boolean> {
  const refused = readRefusedCatalog(core.db);
  if (refused === null || refused.appVersion === core.appVersion || refused.seq === null) return false;
  const seq = refused.seq;
  if (seq > readSyncState(core.db).pullCursor) return false;
  const page = await client.request('GET', `/v1/pull?cursor=${seq - 1}`, undefined, pullPageSchema);
  const [found] = page.changes
    .map(readChange)
    .flatMap((read) =>
      'change' in read && read.change.type === 'catalog' && read.change.seq === seq ? [read.change] : [],
    );
  return core.db.transaction(() => {
    // Another process may have fetched it meanwhile.
    if (!sameRefusal(readRefusedCatalog(core.db), refused)) return false;
    if (found === undefined) {
      // The server no longer serves it (its data was restored from before it, say): this version
      // does not ask again, and the Sync screen still says what it refused.
      log.warn(`the refused catalog ${refused.catalogVersion} (feed ${seq}) is no longer served`);
      rememberRefusedCatalog(core.db, { ...refused, appVersion: core.appVersion });
      return false;
    }
    return applyCatalogChange(core, found);
  })();
}
