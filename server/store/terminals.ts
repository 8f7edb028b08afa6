import type { Queryable } from '../db/database';

export interface TerminalRow {
  readonly id: string;
  readonly number: number;
  readonly officeId: number;
  readonly officeCode: string;
  readonly publicKey: string;
  readonly label: string | null;
  readonly enrolledAt: number;
  readonly revokedAt: number | null;
  readonly revokedReason: string | null;
}

const TERMINAL_COLUMNS = `t.id::text AS id, t.number, t.office_id AS "officeId", o.code AS "officeCode",
  t.public_key AS "publicKey", t.label, t.enrolled_at::float8 AS "enrolledAt",
  t.revoked_at::float8 AS "revokedAt", t.revoked_reason AS "revokedReason"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findTerminal(db: Queryable, id: string): Promise<TerminalRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.query<TerminalRow>(
    `SELECT ${TERMINAL_COLUMNS} FROM terminals t JOIN offices o ON o.id = t.office_id WHERE t.id = $1`,
    [id],
  );
  return row ?? null;
}

/** One re-keying of a terminal: the revocation it ended, and when. */
export interface TerminalRekey {
  readonly rekeyedAt: number;
  readonly revokedAt: number;
  readonly revokedReason: string | null;
}

/**
 * A terminal as the municipality's list shows it: no key, and every time it was re-keyed (oldest
 * first), so an auditor sees that a revoked terminal came back and under which revocations.
 */
export interface TerminalListing extends Omit<TerminalRow, 'publicKey'> {
  readonly rekeyCount: number;
  readonly lastRekeyedAt: number | null;
  readonly rekeys: readonly TerminalRekey[];
}

export async function listTerminals(db: Queryable, officeCode: string | null): Promise<TerminalListing[]> {
  return db.query<TerminalListing>(
    `SELECT t.id::text AS id, t.number, t.office_id AS "officeId", o.code AS "officeCode", t.label,
       t.enrolled_at::float8 AS "enrolledAt", t.revoked_at::float8 AS "revokedAt",
       t.revoked_reason AS "revokedReason", coalesce(r.count, 0)::int AS "rekeyCount",
       r.last::float8 AS "lastRekeyedAt", coalesce(r.rekeys, '[]'::jsonb) AS rekeys
     FROM terminals t JOIN offices o ON o.id = t.office_id
     LEFT JOIN LATERAL (
       SELECT count(*) AS count, max(k.rekeyed_at) AS last,
         jsonb_agg(jsonb_build_object('rekeyedAt', k.rekeyed_at, 'revokedAt', k.revoked_at,
           'revokedReason', k.revoked_reason) ORDER BY k.id) AS rekeys
       FROM terminal_rekeys k WHERE k.terminal_id = t.id
     ) r ON true
     WHERE $1::text IS NULL OR o.code = $1 ORDER BY o.code, t.number`,
    [officeCode],
  );
}

/** Held by a terminal now, or before it was re-keyed: a key is enrolled once, ever. */
export async function isPublicKeyEnrolled(db: Queryable, publicKey: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM terminals WHERE public_key = $1
     UNION ALL SELECT 1 FROM terminal_rekeys WHERE old_public_key = $1`,
    [publicKey],
  );
  return rows.length > 0;
}

/** The terminal of an office with this number, locked until the transaction ends. */
export async function lockTerminalByNumber(
  db: Queryable,
  officeId: number,
  number: number,
): Promise<TerminalRow | null> {
  const [row] = await db.query<TerminalRow>(
    `SELECT ${TERMINAL_COLUMNS} FROM terminals t JOIN offices o ON o.id = t.office_id
     WHERE t.office_id = $1 AND t.number = $2 FOR UPDATE OF t`,
    [officeId, number],
  );
  return row ?? null;
}

/**
 * A revoked terminal takes a new public key and is no longer revoked; its old key and the
 * revocation are kept in terminal_rekeys with the activation code that authorised it. Requests are
 * verified against the current key, so whatever the old key signs is refused from now on.
 */
export async function rekeyTerminal(
  db: Queryable,
  terminal: TerminalRow,
  change: { publicKey: string; activationCode: string; now: number },
): Promise<void> {
  if (terminal.revokedAt === null) throw new Error(`terminal ${terminal.id} is not revoked`);
  await db.query(
    `INSERT INTO terminal_rekeys (terminal_id, old_public_key, new_public_key, revoked_at, revoked_reason,
       activation_code, rekeyed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      terminal.id,
      terminal.publicKey,
      change.publicKey,
      terminal.revokedAt,
      terminal.revokedReason,
      change.activationCode,
      change.now,
    ],
  );
  const rows = await db.query(
    `UPDATE terminals SET public_key = $2, revoked_at = NULL, revoked_reason = NULL
     WHERE id = $1 AND revoked_at IS NOT NULL RETURNING id`,
    [terminal.id, change.publicKey],
  );
  if (rows.length !== 1) throw new Error(`terminal ${terminal.id} changed while it was re-keyed`);
}

/** The next terminal number of an office; call with the office row locked. */
export async function nextTerminalNumber(db: Queryable, officeId: number): Promise<number> {
  const [row] = await db.query<{ next: number }>(
    'SELECT (coalesce(max(number), 0) + 1)::int AS next FROM terminals WHERE office_id = $1',
    [officeId],
  );
  return row?.next ?? 1;
}

export async function insertTerminal(
  db: Queryable,
  terminal: {
    id: string;
    officeId: number;
    number: number;
    publicKey: string;
    label: string | null;
    now: number;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO terminals (id, office_id, number, public_key, label, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [terminal.id, terminal.officeId, terminal.number, terminal.publicKey, terminal.label, terminal.now],
  );
}

/** Revokes a terminal; false if there is no such terminal. Revoking twice keeps the first time. */
export async function revokeTerminal(
  db: Queryable,
  id: string,
  reason: string | null,
  now: number,
): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const rows = await db.query(
    `UPDATE terminals SET revoked_at = coalesce(revoked_at, $2), revoked_reason = coalesce(revoked_reason, $3)
     WHERE id = $1 RETURNING id`,
    [id, now, reason],
  );
  return rows.length > 0;
}

/** Remembers a request's nonce; false if this terminal already used it (a replay). */
export async function rememberNonce(
  db: Queryable,
  terminalId: string,
  nonce: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO request_nonces (terminal_id, nonce, seen_at) VALUES ($1, $2, $3)
     ON CONFLICT (terminal_id, nonce) DO NOTHING RETURNING nonce`,
    [terminalId, nonce, now],
  );
  return rows.length > 0;
}

/** Nonces older than the clock-skew window can no longer pass the timestamp check: forget them. */
export async function forgetNoncesBefore(db: Queryable, before: number): Promise<void> {
  await db.query('DELETE FROM request_nonces WHERE seen_at < $1', [before]);
}
