/**
 * The audit trail's hash chain, as the counter writes it and the municipal server checks it: each
 * entry's hash is SHA-256 (hex) of this canonical text, which covers every field and the previous
 * entry's hash. The hashing itself is left to each side's crypto (shared code touches no Node).
 */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface AuditChainFields {
  readonly seq: number;
  readonly at: number;
  readonly actorUserId: number | null;
  readonly actorUsername: string | null;
  readonly terminal: string;
  readonly action: string;
  readonly entity: string | null;
  readonly entityId: string | null;
  /** The details as stored: JSON text. */
  readonly details: string;
  readonly prevHash: string;
}

export function auditCanonical(entry: AuditChainFields): string {
  return JSON.stringify([
    entry.seq,
    entry.at,
    entry.actorUserId,
    entry.actorUsername,
    entry.terminal,
    entry.action,
    entry.entity,
    entry.entityId,
    entry.details,
    entry.prevHash,
  ]);
}
