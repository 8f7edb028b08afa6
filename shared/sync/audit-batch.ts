import { z } from 'zod';
import { AUDIT_FIELD_MAX } from '../audit/limits';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** One push item carries at most this many consecutive audit entries. */
export const MAX_AUDIT_ENTRIES_PER_ITEM = 500;

/**
 * One entry of the counter's audit trail (electron/core/audit), every field its hash covers. The
 * text limits are the ones the counter's append cuts to (shared/audit/limits): a refused entry
 * would stop its terminal's trail for good.
 */
export const auditEntrySchema = z.strictObject({
  seq: z.number().int().min(1),
  at: z.number().int(),
  actorUserId: z.number().int().nullable(),
  actorUsername: z.string().max(AUDIT_FIELD_MAX.actorUsername).nullable(),
  terminal: z.string().max(AUDIT_FIELD_MAX.terminal),
  action: z.string().min(1).max(AUDIT_FIELD_MAX.action),
  entity: z.string().max(AUDIT_FIELD_MAX.entity).nullable(),
  entityId: z.string().max(AUDIT_FIELD_MAX.entityId).nullable(),
  /** JSON text, exactly as hashed. */
  details: z.string().max(AUDIT_FIELD_MAX.details),
  prevHash: z.string().regex(HEX_SHA256),
  hash: z.string().regex(HEX_SHA256),
});
export type AuditEntryMessage = z.infer<typeof auditEntrySchema>;

/**
 * A stretch of consecutive audit entries of one terminal (kind `audit_batch`). The server keeps
 * each terminal's chain and takes a stretch only if it continues it: the first entry's sequence
 * follows the last one stored and its previous hash is that entry's hash.
 */
export const auditBatchBodySchema = z.strictObject({
  office: z.string().min(1).max(16),
  terminal: z.number().int().min(1).max(99),
  entries: z.array(auditEntrySchema).min(1).max(MAX_AUDIT_ENTRIES_PER_ITEM),
});
export type AuditBatchBody = z.infer<typeof auditBatchBodySchema>;
