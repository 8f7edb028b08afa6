import { readFile } from 'node:fs/promises';
import type { Database } from './db/database';
import { insertActivationCode } from './store/activation-codes';
import { currentCatalog, publishCatalog } from './store/catalogs';
import { ensureMunicipality, findOfficeByCode, insertOffice } from './store/offices';

export const DEMO_OFFICE = Object.freeze({ code: '1234', name: 'دفتر پیشخوان نمونه کرج', district: 3 });
const DEMO_MUNICIPALITY = Object.freeze({ code: 'karaj', name: 'شهرداری کرج', districtCount: 12 });

export interface DemoSeed {
  readonly municipality: {
    readonly code: string;
    readonly name: string;
    readonly districts: readonly number[];
  };
  readonly office: { readonly code: string; readonly name: string; readonly district: number };
  readonly activationCode: string;
  readonly catalogVersion: string | null;
}

async function readCatalog(
  file: string,
): Promise<{ catalogVersion: string; catalog: Record<string, unknown> } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const catalog: unknown = JSON.parse(text);
  if (typeof catalog !== 'object' || catalog === null || Array.isArray(catalog)) return null;
  const version = (catalog as Record<string, unknown>).catalogVersion;
  if (typeof version !== 'string') return null;
  return { catalogVersion: version, catalog: catalog as Record<string, unknown> };
}

/**
 * The demo: Karaj (districts 1–12), one office, a fresh activation code for it each start, and the
 * sample catalog (if the file exists and nothing was published yet). Safe to run on every start.
 */
export async function seedDemo(
  db: Database,
  options: { now: number; catalogFile: string },
): Promise<DemoSeed> {
  const municipality = await ensureMunicipality(db, DEMO_MUNICIPALITY);
  const office =
    (await findOfficeByCode(db, DEMO_OFFICE.code)) ??
    (await insertOffice(db, { ...DEMO_OFFICE, municipalityId: municipality.id, now: options.now }));
  if (!office) throw new Error('demo office could not be created');
  const { code } = await insertActivationCode(db, office.id, options.now, 30 * 24 * 60 * 60 * 1000);

  let published = await currentCatalog(db);
  if (!published) {
    const sample = await readCatalog(options.catalogFile);
    if (sample) {
      await db.transaction((tx) => publishCatalog(tx, sample.catalogVersion, sample.catalog, options.now));
      published = await currentCatalog(db);
    }
  }
  return {
    municipality: {
      code: municipality.code,
      name: municipality.name,
      districts: Array.from({ length: municipality.districtCount }, (_, i) => i + 1),
    },
    office: { code: office.code, name: office.name, district: office.district },
    activationCode: code,
    catalogVersion: published?.catalogVersion ?? null,
  };
}
