import { expect, it } from 'vitest';
import type { FetchLike } from '../../../electron/core/sync';
import { currentCatalog } from '../../../electron/core/catalog/catalog';
import { describeOnEachBackend, openTerminal } from './fixture';

/**
 * The enrollment's answer carries a catalog this counter cannot read: as a server newer than the
 * counter would send one using a rule this version does not know.
 */
function unreadableEnrollCatalog(): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!input.endsWith('/v1/enroll') || response.status !== 200) return response;
    const answer = (await response.json()) as { catalog: { catalog: { services: unknown } } };
    answer.catalog.catalog.services = [{ code: 'future-service', rule: { kind: 'not-known-here' } }];
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

describeOnEachBackend('enrolling with a catalog the counter cannot read', (server, tempDir) => {
  it('keeps the catalog it had and records why, instead of dropping it unseen', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 51, fetch: unreadableEnrollCatalog() });
    const before = currentCatalog(t.core).content.catalogVersion;
    const enrolled = await t.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    expect(enrolled.catalogVersion).toBeNull();
    expect(currentCatalog(t.core).content.catalogVersion).toBe(before);
    const refused = t.core.db
      .prepare("SELECT entity_id AS version, details FROM audit_log WHERE action = 'catalog_refused'")
      .all() as { version: string; details: string }[];
    expect(refused).toHaveLength(1);
    expect(refused[0]?.version).not.toBe('');
    expect(JSON.parse(refused[0]?.details ?? '{}')).toMatchObject({ reason: 'invalid', at: 'enrollment' });
    await t.close();
  });
});
