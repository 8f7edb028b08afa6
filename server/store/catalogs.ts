import type { Queryable } from '../db/database';
import type { PublishedCatalog } from '../../shared/sync/protocol';
import { appendChange } from './changes';

export async function currentCatalog(db: Queryable): Promise<PublishedCatalog | null> {
  const [row] = await db.query<PublishedCatalog>(
    `SELECT catalog_version AS "catalogVersion", content AS catalog, published_at::float8 AS "publishedAt"
     FROM catalogs ORDER BY seq DESC LIMIT 1`,
  );
  return row ?? null;
}

/**
 * Publishes a catalog (with its tariff versions) to every office: stored, and announced on the pull
 * feed. False if that version was published before: a version, once out, never changes.
 */
export async function publishCatalog(
  tx: Queryable,
  catalogVersion: string,
  catalog: unknown,
  now: number,
): Promise<boolean> {
  const inserted = await tx.query(
    `INSERT INTO catalogs (catalog_version, content, published_at) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (catalog_version) DO NOTHING RETURNING catalog_version`,
    [catalogVersion, JSON.stringify(catalog), now],
  );
  if (inserted.length === 0) return false;
  await appendChange(tx, {
    officeId: null,
    type: 'catalog',
    payload: { catalogVersion, catalog, publishedAt: now },
    now,
  });
  return true;
}
