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

/** The catalog file's document, or null when there is no such file. */
async function readCatalogFile(file: string): Promise<{ readonly document: unknown } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  return { document: JSON.parse(text) as unknown };
}

/** The version a document says it is: the demo publishes a catalog file as its own version. */
function ownVersion(document: unknown): string {
  if (typeof document !== 'object' || document === null || !('catalogVersion' in document)) return '';
  return typeof document.catalogVersion === 'string' ? document.catalogVersion : '';
}

/**
 * The demo: Karaj (districts 1–12), one office, a fresh activation code for it each start, and the
 * sample catalog (if the file exists and nothing was published yet), published as the admin API
 * publishes one: a file counters would refuse stops the start. Safe to run on every start.
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
    const file = await readCatalogFile(options.catalogFile);
    if (file) {
      const publication = await db.transaction((tx) =>
        publishCatalog(tx, ownVersion(file.document), file.document, options.now),
      );
      // Another start may have published it meanwhile; anything else is a file counters would refuse.
      if (!publication.ok && publication.code !== 'catalog_version_exists')
        throw new Error(
          `${options.catalogFile} is not published: ${publication.code}: ${publication.message}`,
        );
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
