import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../../server/db/database';
import { CATALOGS_KEPT, catalogsByVersion } from '../../../../server/push/catalog-cache';
import sampleCatalog from '../../../../resources/catalog/sample-catalog.json';

/** The catalogs table as the cache reads it, counting which versions each query asked for. */
function publishedCatalogs(versions: readonly string[]) {
  const contents = new Map<string, unknown>(
    versions.map((v) => [v, { ...sampleCatalog, catalogVersion: v }]),
  );
  const asked: string[][] = [];
  const db: Queryable = {
    async query<Row extends object>(_sql: string, params?: readonly unknown[]): Promise<Row[]> {
      const wanted = (params?.[0] ?? []) as string[];
      asked.push([...wanted]);
      return wanted.flatMap((version) =>
        contents.has(version) ? [{ version, content: contents.get(version) } as Row] : [],
      );
    },
    async exec() {},
  };
  return { db, asked, contents };
}

const batch = (...versions: string[]) => versions.map((catalogVersion) => ({ body: { catalogVersion } }));
const versionsNamed = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `karaj-v${from + i}`);

describe('the push’s cache of parsed catalogs', () => {
  it('gives a batch an older version it names even when the cache is full and a newer one is loaded', async () => {
    const others = versionsNamed(CATALOGS_KEPT);
    const { db } = publishedCatalogs(['sample-1404.1', ...others]);
    const owner = {};
    await catalogsByVersion(owner, db, batch('sample-1404.1'));
    // Other offices' batches fill the cache with the versions they price with.
    for (const version of others.slice(0, -1)) await catalogsByVersion(owner, db, batch(version));

    const found = await catalogsByVersion(owner, db, batch('sample-1404.1', others.at(-1) ?? ''));
    expect([...found.keys()].sort()).toEqual(['sample-1404.1', others.at(-1)].sort());
    expect(found.get('sample-1404.1')?.catalogVersion).toBe('sample-1404.1');
  });

  it('gives a batch naming more versions than the cache keeps every one of them', async () => {
    const versions = versionsNamed(CATALOGS_KEPT + 5);
    const { db } = publishedCatalogs(versions);
    const found = await catalogsByVersion({}, db, batch(...versions));
    expect([...found.keys()].sort()).toEqual([...versions].sort());
  });

  it('keeps the versions used last, and loads a dropped one again from the database', async () => {
    const versions = versionsNamed(CATALOGS_KEPT);
    const { db, asked } = publishedCatalogs(['in-use', ...versions]);
    const owner = {};
    await catalogsByVersion(owner, db, batch('in-use', ...versions.slice(0, CATALOGS_KEPT - 1)));
    // 'in-use' named again: the version dropped to make room is the one unused longest.
    await catalogsByVersion(owner, db, batch('in-use', versions[CATALOGS_KEPT - 1] ?? ''));
    asked.length = 0;

    const kept = ['in-use', ...versions.slice(1, CATALOGS_KEPT)];
    expect((await catalogsByVersion(owner, db, batch(...kept))).size).toBe(CATALOGS_KEPT);
    expect(asked).toEqual([]);
    expect((await catalogsByVersion(owner, db, batch(versions[0] ?? ''))).has(versions[0] ?? '')).toBe(true);
    expect(asked).toEqual([[versions[0]]]);
  });

  it('leaves out a version never published and one whose document is not a catalog', async () => {
    const { db, contents } = publishedCatalogs(['sample-1404.1']);
    contents.set('broken', { hello: 'world' });
    const found = await catalogsByVersion({}, db, batch('sample-1404.1', 'never-published', 'broken'));
    expect([...found.keys()]).toEqual(['sample-1404.1']);
  });
});
