import type { Db } from '../db/open';

/** Where a restore leaves the highest sequence handed out before it went back in time. */
export const SEQUENCE_FLOOR_KEY = 'transactions.sequenceFloor';

/**
 * The highest tracking-code sequence a database shows as handed out: its transactions' own, or the
 * floor a restore left (the codes issued before it went back in time), whichever is higher. A save
 * takes the next one.
 */
export const LAST_ISSUED_SEQUENCE = `SELECT max(coalesce((SELECT max(sequence) FROM transactions), 0),
    coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = '${SEQUENCE_FLOOR_KEY}'), 0)) AS s`;

export function lastIssuedSequence(db: Db): number {
  return (db.prepare(LAST_ISSUED_SEQUENCE).get() as { s: number | null }).s ?? 0;
}

/**
 * Raises the floor a save takes the next sequence above (never lowers it): to what a restore knew
 * was handed out before it went back in time, or what the municipality holds from this terminal.
 */
export function raiseSequenceFloor(db: Db, sequence: number): void {
  db.prepare(
    `INSERT INTO settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)`,
  ).run(SEQUENCE_FLOOR_KEY, String(sequence));
}
