import type { Db } from '../db/open';
import { MAX_SEQUENCE } from '../../../shared/tracking-code';

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
 * Only ever at or above the newest number the database shows: the list finds its pages on that
 * (every number above the floor is there, list.ts), so the floor is never lowered or removed, and
 * transactions are only ever added by the save, at the next number.
 */
export function raiseSequenceFloor(db: Db, sequence: number): void {
  db.prepare(
    `INSERT INTO settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)`,
  ).run(SEQUENCE_FLOOR_KEY, String(sequence));
}

const DAY_MS = 86_400_000;
/** The fewest codes a blind restore steps over. */
export const BLIND_RESTORE_MIN_MARGIN = 1_000;
/** A day at the counter counts as at least this many sales, however quiet the backup's days were. */
const BLIND_RESTORE_MIN_DAILY = 200;
/**
 * Days counted since the backup's last activity, at most: a clock far ahead would otherwise step
 * over a large share of the terminal's codes for good (the floor is never lowered). A backup older
 * than this still gets its floor from the first pull.
 */
export const BLIND_RESTORE_MAX_DAYS = 60;
/**
 * Days counted when how long ago the backup was taken is unknown: this PC's clock is behind the
 * backup's own last activity (the clock is wrong: a flat CMOS battery after a disk swap), or the
 * backup shows none. The backups kept (14) go back about this far.
 */
export const BLIND_RESTORE_CLOCK_BEHIND_DAYS = 14;

/**
 * How many codes a restore steps over when nothing tells what was handed out after the backup (the
 * replaced database could not be read, or is not this backup's continuation: a new disk, a new PC):
 * the sales made after the backup hold codes on citizens' receipts, maybe already at the
 * municipality, and none may be issued again, though the counter may have no network to ask.
 * Counted as twice the busiest day the backup shows (never under BLIND_RESTORE_MIN_DAILY), for each
 * day from its last activity (its newest sale or audit entry) to now by this PC's clock (one at
 * least, BLIND_RESTORE_MAX_DAYS at most, BLIND_RESTORE_CLOCK_BEHIND_DAYS if the clock is behind),
 * rounded up to a thousand; never more than half the codes this terminal has left. Should the
 * municipality hold more even so, the first pull raises the floor further (pull.ts).
 */
export function blindRestoreMargin(db: Db, now: number): number {
  const { busiest } = db
    .prepare(
      `SELECT coalesce(max(n), 0) AS busiest FROM
         (SELECT sum(count + voided_count) AS n FROM report_day_groups GROUP BY business_date)`,
    )
    .get() as { busiest: number };
  const { last } = db
    .prepare(
      `SELECT max(coalesce((SELECT created_at FROM transactions ORDER BY sequence DESC LIMIT 1), 0),
                  coalesce((SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1), 0)) AS last`,
    )
    .get() as { last: number };
  // No activity at all (a backup never used), or a clock behind it: the backup's age is unknown.
  const days =
    last === 0 || now < last
      ? BLIND_RESTORE_CLOCK_BEHIND_DAYS
      : Math.min(BLIND_RESTORE_MAX_DAYS, Math.max(1, Math.ceil((now - last) / DAY_MS)));
  const wanted = Math.max(
    BLIND_RESTORE_MIN_MARGIN,
    Math.ceil((days * 2 * Math.max(BLIND_RESTORE_MIN_DAILY, busiest)) / 1_000) * 1_000,
  );
  const left = MAX_SEQUENCE - lastIssuedSequence(db);
  return Math.max(0, Math.min(wanted, Math.floor(left / 2)));
}
