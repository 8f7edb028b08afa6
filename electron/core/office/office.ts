import type { Office } from '../../../shared/ipc/schemas';
import type { Db } from '../db/open';

/** The municipality this build serves by default; the office profile records it. */
export const DEFAULT_CITY = 'کرج';

interface OfficeRow {
  name: string;
  code: string;
  city: string;
  district: number;
  terminal_number: number;
}

export function getOffice(db: Db): Office | null {
  const row = db
    .prepare('SELECT name, code, city, district, terminal_number FROM office WHERE id = 1')
    .get() as OfficeRow | undefined;
  if (!row) return null;
  return {
    name: row.name,
    code: row.code,
    city: row.city,
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
