import { catalogSchema, type Catalog } from '../../shared/catalog/schema';
import type { Queryable } from '../db/database';

// A published version never changes, so a parsed catalog can be kept. A few versions are in use
// at once (a new tariff while old transactions still arrive); this keeps the ones used last.
// Kept per database, so two servers in one process (tests) never share an entry.
const caches = new WeakMap<object, Map<string, Catalog | null>>();
/** How many parsed catalogs are kept between batches; a batch naming more still gets them all. */
export const CATALOGS_KEPT = 16;

function versionsIn(items: readonly unknown[]): string[] {
  const versions = new Set<string>();
  for (const raw of items) {
    if (typeof raw !== 'object' || raw === null || !('body' in raw)) continue;
    const body = raw.body;
    if (typeof body !== 'object' || body === null || !('catalogVersion' in body)) continue;
    const version = body.catalogVersion;
    if (typeof version === 'string' && version.length <= 64) versions.add(version);
  }
  return [...versions];
}

function keptFor(owner: object): Map<string, Catalog | null> {
  let kept = caches.get(owner);
  if (!kept) {
    kept = new Map();
    caches.set(owner, kept);
  }
  return kept;
}

/** The published catalogs a push batch names, parsed; a version never published (or unusable) is absent. */
export async function catalogsByVersion(
  owner: object,
  db: Queryable,
  items: readonly unknown[],
): Promise<Map<string, Catalog>> {
  const kept = keptFor(owner);
  const result = new Map<string, Catalog>();
  const missing: string[] = [];
  for (const version of versionsIn(items)) {
    const catalog = kept.get(version);
    if (catalog === undefined) {
      missing.push(version);
      continue;
    }
    // Moved to the end: the map's order is least recently used first.
    kept.delete(version);
    kept.set(version, catalog);
    if (catalog) result.set(version, catalog);
  }
  if (missing.length > 0) {
    const rows = await db.query<{ version: string; content: unknown }>(
      'SELECT catalog_version AS version, content FROM catalogs WHERE catalog_version = ANY($1::text[])',
      [missing],
    );
    for (const row of rows) {
      const checked = catalogSchema.safeParse(row.content);
      const catalog = checked.success ? checked.data : null;
      kept.set(row.version, catalog);
      if (catalog) result.set(row.version, catalog);
    }
  }
  // Trimmed only once the batch holds every version it names: a sale priced with an older version
  // must never be refused because the same batch (or another office's) made room for a newer one.
  for (const version of kept.keys()) {
    if (kept.size <= CATALOGS_KEPT) break;
    kept.delete(version);
  }
  return result;
}
