import { expect, it } from 'vitest';
import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { currentCatalog } from '../../../electron/core/catalog/catalog';
import type { Core } from '../../../electron/core/core';
import { statusView } from '../../../electron/core/ipc/sync-handlers';
import type { FetchLike } from '../../../electron/core/sync';
import { readSyncState } from '../../../electron/core/sync/state';
import { syncStatusSchema } from '../../../shared/ipc/calls/sync';
import { count, describeOnEachBackend, openTerminal, type SeededServer } from './fixture';

/** A rule form this version does not know, as a newer server's catalog would carry. */
const NEWER_RULE = [{ code: 'future-service', rule: { kind: 'not-known-here' } }];

/**
 * The network as an app that cannot read the catalogs named sees it: each of them, in the feed or
 * in the enrollment's answer, uses a rule this version does not know. Every pull's cursor is noted.
 */
function olderApp(unreadable: readonly string[], pulledFrom: number[] = []): FetchLike {
  const spoil = (catalog: { catalogVersion: string; catalog: { services: unknown } }) => {
    if (unreadable.includes(catalog.catalogVersion)) catalog.catalog.services = NEWER_RULE;
  };
  return async (input, init) => {
    const response = await fetch(input, init);
    const path = new URL(input).pathname;
    if (path === '/v1/pull') pulledFrom.push(Number(new URL(input).searchParams.get('cursor')));
    if (response.status !== 200 || (path !== '/v1/pull' && path !== '/v1/enroll')) return response;
    const answer = (await response.json()) as {
      changes?: { type: string; catalogVersion: string; catalog: { services: unknown } }[];
      catalog?: { catalogVersion: string; catalog: { services: unknown } } | null;
    };
    for (const change of answer.changes ?? []) if (change.type === 'catalog') spoil(change);
    if (answer.catalog) spoil(answer.catalog);
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

async function publish(server: SeededServer, catalogVersion: string): Promise<number> {
  const published = await server.admin('POST', '/v1/admin/catalogs', {
    catalogVersion,
    catalog: { ...sampleCatalog, catalogVersion },
  });
  expect(published.status).toBe(201);
  return (published.json as { publishedAt: number }).publishedAt;
}

function refusals(core: Core) {
  return (
    core.db
      .prepare(
        "SELECT entity_id AS version, details FROM audit_log WHERE action = 'catalog_refused' ORDER BY seq",
      )
      .all() as { version: string; details: string }[]
  ).map((row) => ({ version: row.version, ...(JSON.parse(row.details) as { appVersion?: string }) }));
}

describeOnEachBackend('a catalog this version of the app cannot read', (server, tempDir) => {
  it('is remembered and shown on the Sync screen, and applied once the updated app reads it', async () => {
    const dir = tempDir();
    const pulledFrom: number[] = [];
    const old = await openTerminal(dir, {
      terminalNumber: 81,
      core: { appVersion: '1.4.0' },
      fetch: olderApp(['karaj-1405.1'], pulledFrom),
    });
    await old.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const before = currentCatalog(old.core).content.catalogVersion;
    const sale = await old.save();
    expect(await old.engine.syncNow()).toMatchObject({ ok: true, delivered: 1 });
    const publishedAt = await publish(server(), 'karaj-1405.1');
    // Staff move the sale on after the catalog: the feed behind it still arrives.
    const reviewed = await server().admin('POST', `/v1/admin/transactions/${sale.trackingCode}/status`, {
      status: 'in_review',
    });
    expect(reviewed.status).toBe(200);

    expect(await old.engine.syncNow()).toMatchObject({ ok: true, catalogs: 0, statusChanges: 1 });
    expect(currentCatalog(old.core).content.catalogVersion).toBe(before);
    expect(refusals(old.core)).toEqual([
      {
        version: 'karaj-1405.1',
        reason: 'invalid',
        issues: expect.any(Number) as number,
        appVersion: '1.4.0',
      },
    ]);
    // As the Sync screen gets it.
    const status = syncStatusSchema.parse(statusView(old.engine.status()));
    expect(status.catalogRefused).toEqual({
      version: 'karaj-1405.1',
      publishedAt,
      at: expect.any(Number) as number,
    });
    const cursor = readSyncState(old.core.db).pullCursor;

    // The same version asks for it no more, and records it no more.
    pulledFrom.length = 0;
    expect(await old.engine.syncNow()).toMatchObject({ ok: true, pulled: 0 });
    expect(pulledFrom).toEqual([cursor]);
    expect(refusals(old.core)).toHaveLength(1);
    const history = count(old.core, 'SELECT count(*) AS n FROM status_history');
    await old.close();

    // The app is updated: it reads the catalog. It fetches it again, once, and the rest of the feed
    // is not applied again.
    const updatedPulls: number[] = [];
    const updated = await openTerminal(dir, {
      existing: true,
      core: { appVersion: '1.5.0' },
      fetch: olderApp([], updatedPulls),
    });
    expect(await updated.engine.syncNow()).toMatchObject({ ok: true, catalogs: 1, statusChanges: 0 });
    expect(currentCatalog(updated.core).content.catalogVersion).toBe('karaj-1405.1');
    expect(updated.engine.status().catalogRefused).toBeNull();
    expect(readSyncState(updated.core.db)).toMatchObject({
      pullCursor: cursor,
      catalogPublishedAt: publishedAt,
    });
    expect(count(updated.core, 'SELECT count(*) AS n FROM status_history')).toBe(history);
    expect(updatedPulls).toHaveLength(2);
    expect(updatedPulls[1]).toBeLessThan(cursor);

    updatedPulls.length = 0;
    expect(await updated.engine.syncNow()).toMatchObject({ ok: true, catalogs: 0 });
    expect(updatedPulls).toEqual([cursor]);
    await updated.close();
  });

  it('asked again by an update that still cannot read it, is refused once more and not asked for again', async () => {
    const dir = tempDir();
    const old = await openTerminal(dir, {
      terminalNumber: 82,
      core: { appVersion: '1.4.0' },
      fetch: olderApp(['karaj-1405.2']),
    });
    await old.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    await publish(server(), 'karaj-1405.2');
    expect(await old.engine.syncNow()).toMatchObject({ ok: true, catalogs: 0 });
    await old.close();

    const pulledFrom: number[] = [];
    const updated = await openTerminal(dir, {
      existing: true,
      core: { appVersion: '1.4.1' },
      fetch: olderApp(['karaj-1405.2'], pulledFrom),
    });
    expect(await updated.engine.syncNow()).toMatchObject({ ok: true, catalogs: 0 });
    expect(await updated.engine.syncNow()).toMatchObject({ ok: true, catalogs: 0 });
    const cursor = readSyncState(updated.core.db).pullCursor;
    expect(pulledFrom.filter((from) => from < cursor)).toHaveLength(1);
    expect(refusals(updated.core).map((r) => [r.version, r.appVersion])).toEqual([
      ['karaj-1405.2', '1.4.0'],
      ['karaj-1405.2', '1.4.1'],
    ]);
    expect(updated.engine.status().catalogRefused).toMatchObject({ version: 'karaj-1405.2' });

    // The municipality publishes a catalog this version reads: nothing is refused any more.
    await publish(server(), 'karaj-1405.3');
    expect(await updated.engine.syncNow()).toMatchObject({ ok: true, catalogs: 1 });
    expect(currentCatalog(updated.core).content.catalogVersion).toBe('karaj-1405.3');
    expect(updated.engine.status().catalogRefused).toBeNull();
    await updated.close();
  });

  it("refused at enrollment, is remembered as the pull's refusal and applied by the updated app", async () => {
    const dir = tempDir();
    const publishedAt = await publish(server(), 'karaj-1405.4');
    const old = await openTerminal(dir, {
      terminalNumber: 83,
      core: { appVersion: '1.4.0' },
      fetch: olderApp(['karaj-1405.4']),
    });
    const enrolled = await old.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    expect(enrolled.catalogVersion).toBeNull();
    expect(old.engine.status().catalogRefused).toMatchObject({ version: 'karaj-1405.4', publishedAt });
    // The first pull brings it again: the same refusal, not recorded twice.
    expect(await old.engine.syncNow()).toMatchObject({ ok: true, catalogs: 0 });
    expect(refusals(old.core)).toEqual([
      {
        version: 'karaj-1405.4',
        reason: 'invalid',
        issues: expect.any(Number) as number,
        appVersion: '1.4.0',
        at: 'enrollment',
      },
    ]);
    await old.close();

    const updated = await openTerminal(dir, { existing: true, core: { appVersion: '1.5.0' } });
    expect(await updated.engine.syncNow()).toMatchObject({ ok: true, catalogs: 1 });
    expect(currentCatalog(updated.core).content.catalogVersion).toBe('karaj-1405.4');
    expect(updated.engine.status().catalogRefused).toBeNull();
    await updated.close();
  });
});
