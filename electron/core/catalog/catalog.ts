import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { catalogSchema, type Catalog } from '../../../shared/catalog/schema';
import { AppError } from '../../../shared/result';
import type { Core } from '../core';
import { prepared } from '../db/open';

export interface AppliedCatalog {
  readonly id: number;
  readonly content: Catalog;
  readonly source: 'bundled' | 'municipality';
  readonly appliedAt: number;
}

let cache: { readonly db: unknown; readonly applied: AppliedCatalog } | null = null;

/**
 * The catalog in force is the last one applied. The sample shipped with the app is applied on first
 * start; the municipality's (delivered by sync) replaces it by being applied after it.
 */
export function currentCatalog(core: Core): AppliedCatalog {
  // Only the id on the hot path (every save); the content is read and parsed when it changes.
  const latest = prepared(core.db, 'SELECT id FROM catalogs ORDER BY id DESC LIMIT 1').get() as
    { id: number } | undefined;
  if (!latest) throw new AppError('catalog_missing');
  if (cache && cache.db === core.db && cache.applied.id === latest.id) return cache.applied;
  const row = prepared(core.db, 'SELECT id, content, source, applied_at FROM catalogs WHERE id = ?').get(
    latest.id,
  ) as {
    id: number;
    content: string;
    source: 'bundled' | 'municipality';
    applied_at: number;
  };
  const content = catalogSchema.parse(JSON.parse(row.content));
  const applied = { id: row.id, content, source: row.source, appliedAt: row.applied_at };
  cache = { db: core.db, applied };
  return applied;
}

/** Applies a validated catalog (the bundled sample, or later the municipality's), audited. */
export function applyCatalog(core: Core, catalog: Catalog, source: 'bundled' | 'municipality'): void {
  core.db.transaction(() => {
    const known = prepared(core.db, 'SELECT 1 FROM catalogs WHERE catalog_version = ?').get(
      catalog.catalogVersion,
    );
    if (known) return;
    const now = core.now();
    prepared(
      core.db,
      'INSERT INTO catalogs (catalog_version, sample, source, content, applied_at) VALUES (?, ?, ?, ?, ?)',
    ).run(catalog.catalogVersion, catalog.sample ? 1 : 0, source, JSON.stringify(catalog), now);
    core.audit.append({
      action: 'catalog_applied',
      entity: 'catalog',
      entityId: catalog.catalogVersion,
      details: { source, sample: catalog.sample },
    });
  })();
}

/** On first start, the sample catalog shipped in resources/ is what the counter works with. */
export function ensureCatalog(core: Core): void {
  const any = prepared(core.db, 'SELECT 1 FROM catalogs LIMIT 1').get();
  if (!any) applyCatalog(core, catalogSchema.parse(sampleCatalog), 'bundled');
}
