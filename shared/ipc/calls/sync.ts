import { z } from 'zod';
import { ERROR_CODES } from '../../result';
import { call } from '../call';
import { emptyInput, officeCodeSchema, officeSchema, terminalNumberSchema } from '../schemas';

/**
 * The Sync screen's calls (issue 4 §6), spread into the contract. Everyone signed in sees the
 * status and may sync now; enrolling the terminal and putting an item back in the queue are the
 * manager's.
 */

const errorCodeSchema = z.enum(ERROR_CODES);

/** Why the server set an item aside: `rejected` (fix the cause, then requeue) or `conflict` (a person decides). */
export const attentionReasonSchema = z.strictObject({
  outcome: z.enum(['rejected', 'conflict', 'other']),
  /** The server's code for it, e.g. `fee_mismatch` (empty when it gave none). */
  code: z.string(),
});
export type AttentionReason = z.infer<typeof attentionReasonSchema>;

export const needsAttentionItemSchema = z.strictObject({
  /** The outbox id, for `sync.requeue`. */
  id: z.string(),
  kind: z.string(),
  transactionId: z.string(),
  trackingCode: z.string().nullable(),
  reason: attentionReasonSchema,
  createdAt: z.number().int(),
});
export type NeedsAttentionEntry = z.infer<typeof needsAttentionItemSchema>;

/** A sync failure as the screen shows it: a stable code with its message key, and the engine's own words. */
export const syncErrorSchema = z.strictObject({
  code: errorCodeSchema,
  /** The engine's failure code (`server_unreachable`, …). */
  reason: z.string(),
  /** For support, in English; the screen shows the code's translation. */
  message: z.string(),
});

export const syncStatusSchema = z.strictObject({
  enrolled: z.boolean(),
  terminal: z
    .strictObject({
      id: z.string(),
      number: z.number().int(),
      officeCode: z.string(),
      officeName: z.string(),
      municipality: z.string(),
      serverUrl: z.string(),
    })
    .nullable(),
  /** The last sync reached the server and finished. */
  online: z.boolean(),
  /** A sync is running now. */
  syncing: z.boolean(),
  /** The engine's timer is on (it syncs by itself after saves, on a timer and after failures). */
  running: z.boolean(),
  pendingCount: z.number().int(),
  needsAttentionCount: z.number().int(),
  needsAttention: z.array(needsAttentionItemSchema),
  lastSuccessAt: z.number().int().nullable(),
  lastAttemptAt: z.number().int().nullable(),
  lastError: syncErrorSchema.extend({ at: z.number().int() }).nullable(),
  consecutiveFailures: z.number().int(),
  revoked: z.boolean(),
  clockOffsetMs: z.number().int(),
  clockWarning: z.boolean(),
  nextAttemptAt: z.number().int().nullable(),
  unreadNotices: z.number().int(),
  /**
   * The municipality published a catalog (services and tariffs) this version of the app cannot
   * read: the counter keeps pricing with the one before until the app is updated.
   */
  catalogRefused: z
    .strictObject({ version: z.string(), publishedAt: z.number().int(), at: z.number().int() })
    .nullable(),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const syncReportSchema = z.strictObject({
  ok: z.boolean(),
  pushed: z.number().int(),
  delivered: z.number().int(),
  needsAttention: z.number().int(),
  pulled: z.number().int(),
  statusChanges: z.number().int(),
  durationMs: z.number().int(),
  error: syncErrorSchema.extend({ retryable: z.boolean() }).nullable(),
});
export type SyncReportView = z.infer<typeof syncReportSchema>;

export const syncCalls = {
  'sync.status': call({
    input: emptyInput,
    output: syncStatusSchema,
    access: 'operator',
    background: true,
  }),
  /** One push and pull now (after any run in progress); the report and the status after it. */
  'sync.now': call({
    input: emptyInput,
    output: z.strictObject({ report: syncReportSchema, status: syncStatusSchema }),
    access: 'operator',
  }),
  /** The window saw the network come back: a running engine syncs now rather than after its backoff; answers when done. */
  'sync.online': call({
    input: emptyInput,
    output: z.null(),
    access: 'operator',
    background: true,
  }),
  /** Enrolls this terminal with the municipality's server; the office code and terminal number come from setup. */
  'sync.enroll': call({
    input: z.strictObject({
      serverUrl: z.string().trim().min(1).max(500),
      activationCode: z
        .string()
        .max(100)
        .transform((s) => s.replace(/[\s\u200c-]+/g, '').toUpperCase())
        .pipe(z.string().min(4).max(64)),
    }),
    output: z.strictObject({
      terminalNumber: z.number().int(),
      office: z.strictObject({ code: z.string(), name: z.string(), municipality: z.string() }),
      catalogVersion: z.string().nullable(),
      status: syncStatusSchema,
    }),
    access: 'manager',
  }),
  /**
   * Corrects the office code and terminal number typed at setup (enrollment said the activation
   * code is another office's, or the number is another PC's), while this terminal has not enrolled,
   * issued a tracking code, opened a business day or queued anything (office_identity_frozen after).
   */
  'sync.correctOffice': call({
    input: z.strictObject({ officeCode: officeCodeSchema, terminalNumber: terminalNumberSchema }),
    output: officeSchema,
    access: 'manager',
  }),
  /** Puts an item of the needs-attention list back in the queue (after its cause was fixed). */
  'sync.requeue': call({
    input: z.strictObject({ id: z.uuid() }),
    output: syncStatusSchema,
    access: 'manager',
  }),
} as const;
