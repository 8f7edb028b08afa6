import { sha256Hex } from '../crypto';
import { AUDIT_GENESIS_HASH, auditCanonical } from '../../shared/audit/chain';
import type { AuditBatchBody, AuditEntryMessage } from '../../shared/sync/audit-batch';
import type { ChainHead } from '../store/audit';
import type { AuditChainBreak } from '../../shared/sync/refusals';

export type AuditChainCheck =
  | { readonly ok: true; readonly fresh: readonly AuditEntryMessage[] }
  | {
      readonly ok: false;
      readonly reason: AuditChainBreak;
      readonly atSeq: number;
      readonly expectedPrevHash: string | null;
      readonly receivedPrevHash: string | null;
    };

/**
 * Whether a pushed stretch of a terminal's trail continues the chain the server holds: each entry
 * hashes to what it says, links to the one before it with no gap, and the first new one follows
 * the stored head (sequence one more, previous hash the head's hash). Entries the server already
 * holds may come again (a retry cut differently) but must be exactly what is stored; anything else
 * is a break, with where and why.
 */
export function checkAuditChain(
  body: AuditBatchBody,
  head: ChainHead | null,
  heldHash: (seq: number) => string | undefined,
): AuditChainCheck {
  const entries = body.entries;
  for (const [i, entry] of entries.entries()) {
    const before = entries[i - 1];
    if (before && entry.seq !== before.seq + 1)
      return {
        ok: false,
        reason: 'audit_sequence_gap',
        atSeq: entry.seq,
        expectedPrevHash: before.hash,
        receivedPrevHash: entry.prevHash,
      };
    if (before && entry.prevHash !== before.hash)
      return {
        ok: false,
        reason: 'audit_chain_broken',
        atSeq: entry.seq,
        expectedPrevHash: before.hash,
        receivedPrevHash: entry.prevHash,
      };
    // auditCanonical takes the fields the hash covers and no others: the entry itself, not a copy.
    if (sha256Hex(auditCanonical(entry)) !== entry.hash)
      return {
        ok: false,
        reason: 'audit_hash_mismatch',
        atSeq: entry.seq,
        expectedPrevHash: null,
        receivedPrevHash: entry.prevHash,
      };
  }
  const headSeq = head?.seq ?? 0;
  for (const entry of entries) {
    if (entry.seq > headSeq) break;
    const held = heldHash(entry.seq);
    if (held !== entry.hash)
      return {
        ok: false,
        reason: 'audit_entry_rewritten',
        atSeq: entry.seq,
        expectedPrevHash: null,
        receivedPrevHash: entry.prevHash,
      };
  }
  const fresh = entries.filter((e) => e.seq > headSeq);
  const first = fresh[0];
  if (!first) return { ok: true, fresh };
  const expectedPrevHash = head?.hash ?? AUDIT_GENESIS_HASH;
  if (first.seq !== headSeq + 1)
    return {
      ok: false,
      reason: 'audit_sequence_gap',
      atSeq: first.seq,
      expectedPrevHash,
      receivedPrevHash: first.prevHash,
    };
  if (first.prevHash !== expectedPrevHash)
    return {
      ok: false,
      reason: 'audit_chain_broken',
      atSeq: first.seq,
      expectedPrevHash,
      receivedPrevHash: first.prevHash,
    };
  return { ok: true, fresh };
}
