import type { Queryable } from '../db/database';

export interface OfficeRow {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly district: number;
  readonly municipality: string;
  readonly municipalityCode: string;
}

const OFFICE_COLUMNS = `o.id, o.code, o.name, o.district, m.name AS municipality, m.code AS "municipalityCode"`;

export async function findOfficeByCode(db: Queryable, code: string): Promise<OfficeRow | null> {
  const [row] = await db.query<OfficeRow>(
    `SELECT ${OFFICE_COLUMNS} FROM offices o JOIN municipalities m ON m.id = o.municipality_id WHERE o.code = $1`,
    [code],
  );
  return row ?? null;
}

export async function findOfficeById(db: Queryable, id: number): Promise<OfficeRow | null> {
  const [row] = await db.query<OfficeRow>(
    `SELECT ${OFFICE_COLUMNS} FROM offices o JOIN municipalities m ON m.id = o.municipality_id WHERE o.id = $1`,
    [id],
  );
  return row ?? null;
}

export async function listOffices(db: Queryable): Promise<OfficeRow[]> {
  return db.query<OfficeRow>(
    `SELECT ${OFFICE_COLUMNS} FROM offices o JOIN municipalities m ON m.id = o.municipality_id ORDER BY o.code`,
  );
}

export interface MunicipalityRow {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly districtCount: number;
}

export async function findMunicipality(db: Queryable, code: string): Promise<MunicipalityRow | null> {
  const [row] = await db.query<MunicipalityRow>(
    'SELECT id, code, name, district_count AS "districtCount" FROM municipalities WHERE code = $1',
    [code],
  );
  return row ?? null;
}

export async function listMunicipalities(db: Queryable): Promise<MunicipalityRow[]> {
  return db.query<MunicipalityRow>(
    'SELECT id, code, name, district_count AS "districtCount" FROM municipalities ORDER BY code',
  );
}

/** Inserts a municipality; null if its code is taken (whatever it was created with). */
export async function insertMunicipality(
  db: Queryable,
  municipality: { code: string; name: string; districtCount: number },
): Promise<MunicipalityRow | null> {
  const [row] = await db.query<MunicipalityRow>(
    `INSERT INTO municipalities (code, name, district_count) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO NOTHING RETURNING id, code, name, district_count AS "districtCount"`,
    [municipality.code, municipality.name, municipality.districtCount],
  );
  return row ?? null;
}

/** The municipality with this code: inserted with these values, or as it is held already. */
export async function ensureMunicipality(
  db: Queryable,
  municipality: { code: string; name: string; districtCount: number },
): Promise<MunicipalityRow> {
  const row = (await insertMunicipality(db, municipality)) ?? (await findMunicipality(db, municipality.code));
  if (!row) throw new Error(`municipality ${municipality.code} missing after insert`);
  return row;
}

/** Inserts an office; null if its code is taken. */
export async function insertOffice(
  db: Queryable,
  office: { municipalityId: number; code: string; name: string; district: number; now: number },
): Promise<OfficeRow | null> {
  const inserted = await db.query(
    `INSERT INTO offices (municipality_id, code, name, district, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [office.municipalityId, office.code, office.name, office.district, office.now],
  );
  return inserted.length === 0 ? null : findOfficeByCode(db, office.code);
}
