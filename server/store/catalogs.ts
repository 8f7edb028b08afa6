import type { Queryable } from '../db/database';
import type { PublishedCatalog } from '../../shared/sync/protocol';
import { catalogSchema, type Tariff } from '../../shared/catalog/schema';
import { canonicalJson } from '../../shared/sync/canonical-json';
import { appendChange, lockFeed } from './changes';

export async function currentCatalog(db: Queryable): Promise<PublishedCatalog | null> {
  const [row] = await db.query<PublishedCatalog>(
    `SELECT catalog_version AS "catalogVersion", content AS catalog, published_at::float8 AS "publishedAt"
     FROM catalogs ORDER BY seq DESC LIMIT 1`,
  );
  return row ?? null;
}

/** Why a catalog was not published; the admin API answers these codes. */
export type CatalogRefusal =
  'catalog_invalid' | 'catalog_version_mismatch' | 'catalog_version_exists' | 'tariff_version_changed';

export type CatalogPublication =
  | { readonly ok: true; readonly publishedAt: number }
  | { readonly ok: false; readonly code: CatalogRefusal; readonly message: string };

/**
 * Publishes a catalog (with its tariff versions) to every office: stored, and announced on the pull
 * feed. Every way a catalog is published goes through here (the admin API, the demo seed), so one
 * rule decides what is served: the document as counters will read it (one they would refuse is
 * never served), under its own version (a counter records the document's version on each sale and
 * the server looks the catalog up by the published one), a version never published before (a
 * version, once out, never changes), and tariffs that keep their word: a transaction records the
 * tariff version it was priced with, so a (service, tariff version) published before may come
 * back in a later catalog only exactly as it was (see `changedTariffs`). Call inside a transaction.
 */
export async function publishCatalog(
  tx: Queryable,
  catalogVersion: string,
  document: unknown,
  now: number,
): Promise<CatalogPublication> {
  const parsed = catalogSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['catalog', ...(issue?.path ?? [])].join('.');
    return { ok: false, code: 'catalog_invalid', message: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  const catalog = parsed.data;
  if (catalog.catalogVersion !== catalogVersion)
    return {
      ok: false,
      code: 'catalog_version_mismatch',
      message: `catalog.catalogVersion is ${JSON.stringify(catalog.catalogVersion)}, published as ${JSON.stringify(catalogVersion)}`,
    };
  // Counters keep a catalog only if it was published after the one they hold (by publishedAt), and
  // the server serves the one numbered last: under the feed's lock both follow the feed's order,
  // and a clock set back (an NTP correction) or a second publication in the same millisecond still
  // dates a catalog after the one before.
  await lockFeed(tx);
  const changed = await changedTariffs(tx, catalog.tariffs);
  if (changed.length > 0)
    return {
      ok: false,
      code: 'tariff_version_changed',
      message: changed
        .map(
          (c) =>
            `tariff ${c.serviceCode} version ${c.version} was published in ${JSON.stringify(c.catalogVersion)} with other content; a changed tariff takes a new version`,
        )
        .join('; '),
    };
  const [row] = await tx.query<{ publishedAt: number }>(
    `INSERT INTO catalogs (catalog_version, content, published_at)
     SELECT $1, $2::jsonb, greatest($3::bigint, coalesce(max(published_at) + 1, $3::bigint)) FROM catalogs
     ON CONFLICT (catalog_version) DO NOTHING RETURNING published_at::float8 AS "publishedAt"`,
    [catalogVersion, JSON.stringify(catalog), now],
  );
  if (!row)
    return {
      ok: false,
      code: 'catalog_version_exists',
      message: 'this catalog version was already published',
    };
  await appendChange(tx, {
    officeId: null,
    type: 'catalog',
    payload: { catalogVersion, catalog, publishedAt: row.publishedAt },
    now,
  });
  return { ok: true, publishedAt: row.publishedAt };
}

interface ChangedTariff {
  readonly serviceCode: string;
  readonly version: number;
  /** The first published catalog whose tariff of that service and version differs. */
  readonly catalogVersion: string;
}

/**
 * The tariffs of `tariffs` whose service and version were published before with other content.
 * Compared whole (effective date, rule with its labels, office fee) by canonical JSON, so key order
 * and the database's own spelling of the JSON do not count; every earlier copy must match, so a
 * version that two catalogs published differently before this check existed can no longer be
 * carried forward under its number, only replaced by a new one. Run under the feed's lock, so two
 * catalogs published at once cannot each bring their own price for a new version.
 */
async function changedTariffs(tx: Queryable, tariffs: readonly Tariff[]): Promise<ChangedTariff[]> {
  if (tariffs.length === 0) return [];
  const earlier = await tx.query<{ catalogVersion: string; tariff: unknown }>(
    `SELECT c.catalog_version AS "catalogVersion", t.tariff
     FROM catalogs c
     CROSS JOIN LATERAL jsonb_array_elements(
       CASE WHEN jsonb_typeof(c.content->'tariffs') = 'array' THEN c.content->'tariffs' ELSE '[]'::jsonb END
     ) AS t(tariff)
     WHERE t.tariff->>'serviceCode' = ANY($1::text[])
     ORDER BY c.seq`,
    [[...new Set(tariffs.map((t) => t.serviceCode))]],
  );
  const changed: ChangedTariff[] = [];
  for (const tariff of tariffs) {
    const spelled = canonicalJson(tariff);
    const differing = earlier.find(
      (row) => isSameVersion(row.tariff, tariff) && canonicalJson(row.tariff) !== spelled,
    );
    if (differing)
      changed.push({
        serviceCode: tariff.serviceCode,
        version: tariff.version,
        catalogVersion: differing.catalogVersion,
      });
  }
  return changed;
}

function isSameVersion(stored: unknown, tariff: Tariff): boolean {
  if (typeof stored !== 'object' || stored === null) return false;
  const { serviceCode, version } = stored as { serviceCode?: unknown; version?: unknown };
  return serviceCode === tariff.serviceCode && version === tariff.version;
}
