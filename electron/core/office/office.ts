import type { Office } from '../../../shared/ipc/schemas';
import type { Db } from '../db/open';
import { normalizeArabicLetters } from '../../../shared/text/normalize';

/**
 * The municipality this build serves by default: the office profile records it at first run, and
 * the receipt names it until the terminal enrolls. From then on the city is the municipality's
 * that enrolled it (`cityOfMunicipality`).
 */
export const DEFAULT_CITY = 'کرج';

/**
 * The city a municipality's name names: «شهرداری کرج» is کرج, as the receipt says «شهرداری {city}».
 * A name without the word (the municipality may be registered as just its city) is the city itself.
 */
export function cityOfMunicipality(name: string): string {
  // Typed on an Arabic keyboard (ي, ك) the word is still the word, and the city a Persian name.
  const persian = normalizeArabicLetters(name).trim();
  const city = persian.replace(/^شهرداری[\s\u200c]+/u, '').trim();
  return city === '' ? persian : city;
}

interface OfficeRow {
  name: string;
  code: string;
  city: string;
  municipality: string | null;
  district: number;
  terminal_number: number;
}

export function getOffice(db: Db): Office | null {
  const row = db
    .prepare(
      `SELECT o.name, o.code, o.city, s.municipality, o.district, o.terminal_number
       FROM office o LEFT JOIN sync_identity s ON s.id = 1 WHERE o.id = 1`,
    )
    .get() as OfficeRow | undefined;
  if (!row) return null;
  return {
    name: row.name,
    code: row.code,
    // A terminal another city's municipality enrolled prints that city, not the build's default.
    city: row.municipality === null ? row.city : cityOfMunicipality(row.municipality),
    district: row.district,
    terminalNumber: row.terminal_number,
  };
}

export function insertOffice(db: Db, office: Office, now: number): void {
  db.prepare(
    'INSERT INTO office (id, name, code, city, district, terminal_number, created_at) VALUES (1, ?, ?, ?, ?, ?, ?)',
  ).run(office.name, office.code, office.city, office.district, office.terminalNumber, now);
}

/** How the audit trail and tracking codes name this terminal: office code and terminal number. */
export function terminalLabel(office: Office | null): string {
  return office ? `${office.code}-${String(office.terminalNumber).padStart(2, '0')}` : 'unconfigured';
}
