import { randomInt } from 'node:crypto';
import type { Queryable } from '../db/database';
import { normalizeActivationCode } from '../../shared/sync/signing';

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B: the code is read over the phone and typed by hand.
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY3467';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** Sixteen characters in four groups (about 73 bits): `ACDE-FGHJ-KMNP-QRTU`. */
export function newActivationCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g += 1) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i += 1) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export interface ActivationCodeRow {
  readonly code: string;
  readonly officeId: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  /** The terminal it enrolled, once used. */
  readonly terminalId: string | null;
}

export async function insertActivationCode(
  db: Queryable,
  officeId: number,
  now: number,
  validForMs: number,
): Promise<{ code: string; expiresAt: number }> {
  const code = newActivationCode();
  const expiresAt = now + validForMs;
  await db.query(
    'INSERT INTO activation_codes (code, office_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
    [normalizeActivationCode(code), officeId, now, expiresAt],
  );
  return { code, expiresAt };
}

/** The code's row, locked until the enrolling transaction ends. */
export async function lockActivationCode(db: Queryable, code: string): Promise<ActivationCodeRow | null> {
  const [row] = await db.query<ActivationCodeRow>(
    `SELECT code, office_id AS "officeId", created_at::float8 AS "createdAt", expires_at::float8 AS "expiresAt", used_at::float8 AS "usedAt",
       terminal_id::text AS "terminalId"
     FROM activation_codes WHERE code = $1 FOR UPDATE`,
    [normalizeActivationCode(code)],
  );
  return row ?? null;
}

export async function markActivationCodeUsed(
  db: Queryable,
  code: string,
  terminalId: string,
  now: number,
): Promise<void> {
  await db.query('UPDATE activation_codes SET used_at = $2, terminal_id = $3 WHERE code = $1', [
    normalizeActivationCode(code),
    now,
    terminalId,
  ]);
}
