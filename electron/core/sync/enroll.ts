import { catalogSchema } from '../../../shared/catalog/schema';
import { enrollResponseSchema } from '../../../shared/sync/protocol';
import { canonicalEnrollment } from '../../../shared/sync/signing';
import { applyCatalog } from '../catalog/catalog';
import type { Core } from '../core';
import type { FetchLike } from './client';
import { SyncClient, type ClockKeeper } from './client';
import { SyncFailure } from './errors';
import type { KeyStore } from './key-store';
import { exportPrivateKey, generateTerminalKeyPair, signBase64 } from './keys';
import { insertIdentity, readIdentity, readSyncState, type SyncIdentity } from './state';

export interface EnrollInput {
  readonly serverUrl: string;
  readonly activationCode: string;
  /** How the municipality's staff will see this terminal, e.g. the PC's name. */
  readonly label?: string;
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

export function normalizeServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new SyncFailure('request_refused', 'the server address is not a URL', false);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new SyncFailure('request_refused', 'the server address must start with http:// or https://', false);
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

/**
 * Enrolls this terminal: a new Ed25519 key pair (the private half saved by the key store before
 * anything is sent), the activation code with the public half and a proof of the private half, and
 * this terminal's office code and number so that a code of another office, or a number another
 * terminal has, is refused before the code is used up. Then, in one SQLite transaction: the
 * identity, the municipality's catalog, the audit entry.
 */
export async function enroll(core: Core, deps: EnrollDeps, input: EnrollInput): Promise<EnrollResult> {
  const office = core.office();
  if (!office) throw new SyncFailure('not_set_up', 'set up the office before enrolling', false);
  if (readIdentity(core.db))
    throw new SyncFailure('already_enrolled', 'this terminal is already enrolled', false);
  const serverUrl = normalizeServerUrl(input.serverUrl);

  const pair = generateTerminalKeyPair();
  const keyRef = await deps.keyStore.save(exportPrivateKey(pair.privateKey));
  const client = new SyncClient({
    baseUrl: serverUrl,
    fetch: deps.fetch,
    now: deps.now,
    clock: deps.clock,
    timeoutMs: deps.timeoutMs,
  });
  const answer = await client.request(
    'POST',
    '/v1/enroll',
    {
      activationCode: input.activationCode,
      publicKey: pair.publicKey,
      proof: signBase64(pair.privateKey, canonicalEnrollment(input.activationCode, pair.publicKey)),
      officeCode: office.code,
      terminalNumber: office.terminalNumber,
      ...(input.label ? { label: input.label.slice(0, 200) } : {}),
    },
    enrollResponseSchema,
  );

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
    if (catalog?.success && answer.catalog) {
      applyCatalog(core, catalog.data, 'municipality');
      core.db
        .prepare('UPDATE sync_state SET catalog_published_at = ? WHERE id = 1')
        .run(answer.catalog.publishedAt);
    }
    core.audit.append({
      action: 'terminal_enrolled',
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
