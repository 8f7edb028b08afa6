import type { Queryable } from '../db/database';

/** How a settlement's audit head compares with the terminal's trail as the server holds it. */
export type AuditHeadCheck = 'none' | 'pending' | 'matched' | 'mismatched';

/**
 * Compares each of a terminal's settlements still `pending` with the trail's entry at its head's
 * sequence number, once the server holds that entry: the same hash is `matched`, another is
 * `mismatched` (the trail the terminal sent is not the one its manager signed at the day's close).
 * Parameters: the terminal's id, and the time of the comparison.
 */
export const MATCH_SETTLEMENT_HEADS = `
  UPDATE day_settlements s
     SET audit_head_check = CASE WHEN e.hash = s.audit_head_hash THEN 'matched' ELSE 'mismatched' END,
         audit_head_checked_at = $2
    FROM audit_entries e
   WHERE s.terminal_id = $1 AND s.audit_head_check = 'pending'
     AND e.terminal_id = s.terminal_id AND e.seq = s.audit_head_seq`;

/**
 * After a push stored settlements or audit entries of this terminal: whichever came first, the
 * comparison is made as soon as both are held, in the same database transaction as the write.
 */
export async function matchSettlementHeads(tx: Queryable, terminalId: string, now: number): Promise<void> {
  await tx.query(MATCH_SETTLEMENT_HEADS, [terminalId, now]);
}
