import { catalogSchema, type Catalog } from '../../shared/catalog/schema';
import type { Queryable } from '../db/database';

// A published version never changes, so a parsed catalog can be kept. A few versions are in use
// at once (a new tariff while old transactions still arrive); this keeps the latest ones.
// Kept per database, so two servers in one process (tests) never share an entry.
const caches = new WeakMap<object, Map<string, Catalog | null>>();
const KEEP = 16;

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

/** The published catalogs a push batch names, parsed; a version never published (or unusable) is absent. */
export async function catalogsByVersion(
  owner: object,
  db: Queryable,
  items: readonly unknown[],
): Promise<Map<string, Catalog>> {
  let parsed = caches.get(owner);
  if (!parsed) {
    parsed = new Map();
    caches.set(owner, parsed);
  }
  const result = new Map<string, Catalog>();
  const missing = versionsIn(items).filter((v) => !parsed.has(v));
  if (missing.length > 0) {
    const rows = await db.query<{ version: string; content: unknown }>(
      'SELECT catalog_version AS version, content FROM catalogs WHERE catalog_version = ANY($1::text[])',
      [missing],
    );
    for (const row of rows) {
      const checked = catalogSchema.safeParse(row.content);
      parsed.set(row.version, checked.success ? checked.data : null);
      if (parsed.size > KEEP) parsed.delete(parsed.keys().next().value as string);
    }
  }
  for (const version of versionsIn(items)) {
    const catalog = parsed.get(version);
    if (catalog) result.set(version, catalog);
  }
  return result;
}
