import { catalogSchema } from '../../../shared/catalog/schema';
import { enrollResponseSchema, type EnrollResponse } from '../../../shared/sync/protocol';
import { canonicalEnrollment, normalizeActivationCode } from '../../../shared/sync/signing';
import { normalizeDigits, removeInvisibleMarks } from '../../../shared/text/normalize';
import { applyCatalog, currentCatalog } from '../catalog/catalog';
import type { Core } from '../core';
import { createLogger } from '../log';
import type { FetchLike } from './client';
import { SyncClient, type ClockKeeper } from './client';
import { SyncFailure } from './errors';
import { refuseCatalog } from './pull';
import type { KeyStore } from './key-store';
import {
  exportPrivateKey,
  generateTerminalKeyPair,
  importPrivateKey,
  publicKeyBase64,
  signBase64,
  type TerminalKeyPair,
} from './keys';
import { insertIdentity, readIdentity, readSyncState, replaceTerminalKey, type SyncIdentity } from './state';

const log = createLogger('enroll');

export interface EnrollInput {
  readonly serverUrl: string;
  readonly activationCode: string;
  /** How the municipality's staff will see this terminal, e.g. the PC's name. */
  readonly label?: string;
  /** The manager who enrolled it, for the audit trail. */
  readonly actor?: { readonly userId: number; readonly username: string };
}

export interface EnrollResult {
  readonly terminalId: string;
  readonly terminalNumber: number;
  readonly office: { readonly code: string; readonly name: string; readonly municipality: string };
  /** The municipality's catalog version now in force, or null if it sent none (or an unusable one). */
  readonly catalogVersion: string | null;
}

export interface EnrollDeps {
  readonly keyStore: KeyStore;
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly clock: ClockKeeper;
  readonly timeoutMs: number;
}

/**
 * The server address as typed or pasted: Persian or Arabic-Indic digits (and the Persian decimal
 * separator typed for a dot in an IP address) made ASCII, direction marks and ZWNJ dropped, before
 * it is parsed; otherwise the host would be punycoded into an address nobody meant, or refused.
 */
export function normalizeServerUrl(url: string): string {
  const typed = normalizeDigits(removeInvisibleMarks(url))
    .replace(/\u200c/g, '')
    .replace(/\u066b/g, '.')
    .trim();
  let parsed: URL;
  try {
    parsed = new URL(typed);
  } catch {
    throw new SyncFailure('request_refused', 'the server address is not a URL', false);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new SyncFailure('request_refused', 'the server address must start with http:// or https://', false);
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

/** The key pair of enrollments sent and not yet answered: sent again, whatever the code, until one succeeds. */
const PENDING_ENROLLMENT_KEY = 'sync.pendingEnrollment';

interface PendingEnrollment {
  readonly publicKey: string;
  readonly keyRef: string;
}

/**
 * The key pair to enroll with: the one already sent if no enrollment succeeded since, with this
 * code or another (the server may have enrolled this terminal with it, its answer lost; it answers
 * the same key with the same terminal, while a new key would find the code used and the number
 * taken). A new one, saved before anything is sent, if none was sent yet or `fresh` is asked for.
 */
async function enrollmentKey(
  core: Core,
  keyStore: KeyStore,
  fresh: boolean,
): Promise<{ pair: TerminalKeyPair; keyRef: string }> {
  const row = core.db.prepare('SELECT value FROM settings WHERE key = ?').get(PENDING_ENROLLMENT_KEY) as
    { value: string } | undefined;
  const pending = row && !fresh ? (JSON.parse(row.value) as PendingEnrollment) : null;
  if (pending) {
    try {
      const privateKey = importPrivateKey(await keyStore.load(pending.keyRef));
      if (publicKeyBase64(privateKey) === pending.publicKey)
        return { pair: { privateKey, publicKey: pending.publicKey }, keyRef: pending.keyRef };
    } catch (error) {
      log.warn(
        `the key of the enrollment sent before could not be loaded; making a new one: ${String(error)}`,
      );
    }
  }
  const pair = generateTerminalKeyPair();
  const keyRef = await keyStore.save(exportPrivateKey(pair.privateKey));
  const next: PendingEnrollment = { publicKey: pair.publicKey, keyRef };
  core.db
    .prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(PENDING_ENROLLMENT_KEY, JSON.stringify(next));
  return { pair, keyRef };
}

/**
 * The server's refusal of a key it enrolled before for a terminal that is not this one now (the
 * terminal was revoked since, or this one's office code or number was corrected since): the code
 * was not used, and a new key is what it asks for.
 */
function isKeyEnrolledBefore(error: unknown): boolean {
  return error instanceof SyncFailure && error.code === 'request_refused' && error.httpStatus === 409;
}

/**
 * Enrolls this terminal: a new Ed25519 key pair (the private half saved by the key store before
 * anything is sent; the same one again, whatever the code, while no enrollment succeeded), the
 * activation code with the public half and a proof of the private half, and
 * this terminal's office code and number so that a code of another office, or a number another
 * terminal has, is refused before the code is used up. Then, in one SQLite transaction: the
 * identity, the municipality's catalog, the audit entry.
 *
 * A terminal the server has revoked enrolls again the same way with a new code (see `rekey`): the
 * only way its saved, unsent sales and trail can still reach the municipality.
 */
export async function enroll(core: Core, deps: EnrollDeps, input: EnrollInput): Promise<EnrollResult> {
  const office = core.office();
  if (!office) throw new SyncFailure('not_set_up', 'set up the office before enrolling', false);
  const revoked = readIdentity(core.db);
  if (revoked && readSyncState(core.db).revokedAt === null)
    throw new SyncFailure('already_enrolled', 'this terminal is already enrolled', false);
  const serverUrl = normalizeServerUrl(input.serverUrl);
  if (revoked && serverUrl !== revoked.serverUrl)
    throw new SyncFailure(
      'request_refused',
      `this terminal is enrolled with ${revoked.serverUrl}; enroll it again with that server`,
      false,
    );

  const client = new SyncClient({
    baseUrl: serverUrl,
    fetch: deps.fetch,
    now: deps.now,
    clock: deps.clock,
    timeoutMs: deps.timeoutMs,
  });
  // Sent as the server stores it, so that a server normalizing less still finds it.
  const activationCode = normalizeActivationCode(input.activationCode);
  const send = async (fresh: boolean) => {
    const { pair, keyRef } = await enrollmentKey(core, deps.keyStore, fresh);
    const answer = await client.request(
      'POST',
      '/v1/enroll',
      {
        activationCode,
        publicKey: pair.publicKey,
        proof: signBase64(pair.privateKey, canonicalEnrollment(activationCode, pair.publicKey)),
        officeCode: office.code,
        terminalNumber: office.terminalNumber,
        ...(input.label ? { label: input.label.slice(0, 200) } : {}),
      },
      enrollResponseSchema,
    );
    return { pair, keyRef, answer };
  };
  const { pair, keyRef, answer } = await send(false).catch((error: unknown) => {
    if (!isKeyEnrolledBefore(error)) throw error;
    log.info('the server enrolled the pending key for another terminal before; enrolling with a new one');
    return send(true);
  });

  // The server checked both; a server that did not is not trusted with this terminal's identity.
  if (answer.office.code !== office.code)
    throw new SyncFailure(
      'office_mismatch',
      `the activation code is for office ${answer.office.code}, this terminal is set up for ${office.code}`,
      false,
    );
  if (answer.terminal.number !== office.terminalNumber)
    throw new SyncFailure(
      'terminal_number_taken',
      `the server numbered this terminal ${answer.terminal.number}, it is set up as ${office.terminalNumber}`,
      false,
    );

  if (revoked) return rekey(core, revoked, { publicKey: pair.publicKey, keyRef }, answer, input);

  const catalog = answer.catalog ? catalogSchema.safeParse(answer.catalog.catalog) : null;
  const now = core.now();
  const identity: SyncIdentity = {
    serverUrl,
    terminalId: answer.terminal.id,
    terminalNumber: answer.terminal.number,
    officeCode: answer.office.code,
    officeName: answer.office.name,
    municipality: answer.office.municipality,
    publicKey: pair.publicKey,
    keyRef,
    enrolledAt: now,
  };
  core.db.transaction(() => {
    if (readIdentity(core.db))
      throw new SyncFailure('already_enrolled', 'this terminal is already enrolled', false);
    insertIdentity(core.db, identity);
    // The receipt names the municipality that enrolled this terminal from now on.
    core.refreshOffice();
    core.db.prepare('DELETE FROM settings WHERE key = ?').run(PENDING_ENROLLMENT_KEY);
    if (catalog?.success && answer.catalog) {
      applyCatalog(core, catalog.data, 'municipality');
      core.db
        .prepare('UPDATE sync_state SET catalog_published_at = ? WHERE id = 1')
        .run(answer.catalog.publishedAt);
    } else if (catalog && answer.catalog) {
      // As the pull records and remembers one it cannot read: the manager and the municipality see
      // that this terminal kept the catalog it had, and why, and an updated app reads it again.
      refuseCatalog(core, {
        catalogVersion: answer.catalog.catalogVersion,
        publishedAt: answer.catalog.publishedAt,
        seq: null,
        issues: catalog.error?.issues.length ?? 0,
        at: 'enrollment',
      });
    }
    core.audit.append({
      action: 'terminal_enrolled',
      actorUserId: input.actor?.userId ?? null,
      actorUsername: input.actor?.username ?? null,
      entity: 'terminal',
      entityId: identity.terminalId,
      details: {
        serverUrl,
        terminalNumber: identity.terminalNumber,
        officeCode: identity.officeCode,
        catalogVersion: catalog?.success ? catalog.data.catalogVersion : null,
        clockOffsetMs: readSyncState(core.db).clockOffsetMs,
      },
    });
  })();
  return {
    terminalId: identity.terminalId,
    terminalNumber: identity.terminalNumber,
    office: { code: identity.officeCode, name: identity.officeName, municipality: identity.municipality },
    catalogVersion: catalog?.success ? catalog.data.catalogVersion : null,
  };
}

/**
 * The server re-keyed this revoked terminal: it must be the same terminal (id and number; the
 * office and number were checked above), or nothing changes. Then, in one SQLite transaction, the
 * identity takes the new key (the old key's file stays in the key store, its public half in the
 * audit entry), the revocation is lifted and audited. The outbox, the pull cursor and the catalog
 * stay as they are: the next sync sends what waited and pulls what was published meanwhile.
 */
function rekey(
  core: Core,
  revoked: SyncIdentity,
  key: { readonly publicKey: string; readonly keyRef: string },
  answer: EnrollResponse,
  input: EnrollInput,
): EnrollResult {
  if (answer.terminal.id !== revoked.terminalId)
    throw new SyncFailure(
      'terminal_number_taken',
      `the server answered with terminal ${answer.terminal.id}, this terminal is ${revoked.terminalId}`,
      false,
    );
  core.db.transaction(() => {
    const identity = readIdentity(core.db);
    const state = readSyncState(core.db);
    if (identity?.publicKey !== revoked.publicKey || state.revokedAt === null)
      throw new SyncFailure('already_enrolled', 'this terminal was enrolled again meanwhile', false);
    replaceTerminalKey(core.db, key);
    core.db.prepare('DELETE FROM settings WHERE key = ?').run(PENDING_ENROLLMENT_KEY);
    core.audit.append({
      action: 'terminal_rekeyed',
      actorUserId: input.actor?.userId ?? null,
      actorUsername: input.actor?.username ?? null,
      entity: 'terminal',
      entityId: revoked.terminalId,
      details: {
        serverUrl: revoked.serverUrl,
        terminalNumber: revoked.terminalNumber,
        officeCode: revoked.officeCode,
        revokedAt: state.revokedAt,
        oldPublicKey: revoked.publicKey,
        oldKeyRef: revoked.keyRef,
        publicKey: key.publicKey,
        pendingItems: (
          core.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }
        ).n,
      },
    });
  })();
  return {
    terminalId: revoked.terminalId,
    terminalNumber: revoked.terminalNumber,
    office: { code: revoked.officeCode, name: revoked.officeName, municipality: revoked.municipality },
    catalogVersion: currentCatalog(core).content.catalogVersion,
  };
}
