import { z } from 'zod';
import { MAX_SEQUENCE } from '../tracking-code';

/**
 * The sync protocol's messages, shared by the municipal server and (later) the counter's sync
 * engine, so both parse the same shapes. Version 1, under `/v1`.
 */

/** Stable error codes of the server's answers: `{error, message, serverTime}`. */
export const SYNC_ERROR_CODES = [
  'invalid_request',
  'unsigned',
  'bad_signature',
  'unknown_terminal',
  'terminal_revoked',
  'replayed_nonce',
  'clock_skew',
  'body_too_large',
  'too_many_items',
  'activation_code_invalid',
  'activation_code_used',
  'activation_code_expired',
  'office_mismatch',
  'terminal_number_taken',
  'admin_unauthorized',
  'not_found',
  'office_exists',
  'municipality_exists',
  'invalid_transition',
  'catalog_version_exists',
  'catalog_invalid',
  'catalog_version_mismatch',
  'tariff_version_changed',
  'break_already_accepted',
  'break_not_a_fork',
  'tracking_code_invalid',
  'internal',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const syncErrorSchema = z.object({
  error: z.enum(SYNC_ERROR_CODES),
  message: z.string(),
  serverTime: z.number().int(),
});
export type SyncError = z.infer<typeof syncErrorSchema>;

/** Limits of one push: by count here, by bytes in the server's body limit. */
/**
 * The reason the counter sets a void or cancellation request aside with when the server refused it
 * as `unknown_transaction` because it refused that transaction itself: it waits beside it and goes
 * again with it. The counter's own code, shown by the Sync screen; the server never answers it.
 */
export const TRANSACTION_SET_ASIDE = 'transaction_set_aside';

export const MAX_PUSH_ITEMS = 500;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Ed25519 public key: the 32 raw bytes, base64 (44 characters with padding). */
export const publicKeySchema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
/** Ed25519 signature: 64 raw bytes, base64 (88 characters with padding). */
export const signatureSchema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

export const officeIdentitySchema = z.object({
  code: z.string(),
  name: z.string(),
  district: z.number().int(),
  municipality: z.string(),
});

export const publishedCatalogSchema = z.object({
  catalogVersion: z.string(),
  /** The catalog document itself (shared/catalog's format); the protocol carries it as is. */
  catalog: z.unknown(),
  publishedAt: z.number().int(),
});
export type PublishedCatalog = z.infer<typeof publishedCatalogSchema>;

export const enrollRequestSchema = z.strictObject({
  activationCode: z.string().min(1).max(64),
  publicKey: publicKeySchema,
  /** Signature over `canonicalEnrollment(activationCode, publicKey)` with the new private key. */
  proof: signatureSchema,
  label: z.string().max(200).optional(),
  /** The office this terminal was set up for: a code of another office is refused before it is used. */
  officeCode: z.string().min(1).max(16).optional(),
  /** The number this terminal already prints in its tracking codes; refused if another terminal has it. */
  terminalNumber: z.number().int().min(1).max(99).optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.object({
  terminal: z.object({ id: z.uuid(), number: z.number().int().positive() }),
  office: officeIdentitySchema,
  serverTime: z.number().int(),
  catalog: publishedCatalogSchema.nullable(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/**
 * What a terminal pushes. An item of any other kind is refused as `unknown_kind` (set aside by the
 * terminal), never a failure of the whole push.
 */
export const PUSH_ITEM_KINDS = [
  'transaction',
  'void',
  'cancellation_request',
  'day_settlement',
  'audit_batch',
] as const;
export type PushItemKind = (typeof PUSH_ITEM_KINDS)[number];

/**
 * A JSON object, taken as it is: `z.record` would build a copy of every body the server is pushed
 * (about a tenth of its CPU per item in the drain benchmark's profile, with the garbage), and each
 * kind's own check reads the body's fields anyway.
 */
const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { message: 'expected an object' },
);

export const pushItemSchema = z.strictObject({
  id: z.uuid(),
  kind: z.enum(PUSH_ITEM_KINDS),
  /** The body as the counter's outbox holds it; the server stores it whole. */
  body: jsonObject,
});
export type PushItem = z.infer<typeof pushItemSchema>;

export const pushRequestSchema = z.strictObject({
  items: z.array(z.unknown()).min(1).max(MAX_PUSH_ITEMS),
});

export const PUSH_OUTCOMES = ['accepted', 'duplicate', 'conflict', 'rejected'] as const;
export type PushOutcome = (typeof PUSH_OUTCOMES)[number];

export const pushResultSchema = z.object({
  id: z.string(),
  outcome: z.enum(PUSH_OUTCOMES),
  /** Why an item was rejected or conflicts: a stable code a person can look up. */
  reason: z.string().optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(pushResultSchema),
  serverTime: z.number().int(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** The municipality's statuses of a received transaction, and the counter's own. */
export const SERVER_TRANSACTION_STATUSES = [
  'received',
  'in_review',
  'approved',
  'rejected',
  'completed',
  'voided',
  'cancellation_requested',
] as const;
export type ServerTransactionStatus = (typeof SERVER_TRANSACTION_STATUSES)[number];

/** The server takes a void only before the municipality acted on the transaction. */
export const SERVER_VOIDABLE: readonly ServerTransactionStatus[] = ['received'];
/** It takes a cancellation request once it received the transaction, until it rejected it (final). */
export const SERVER_CANCELLABLE: readonly ServerTransactionStatus[] = [
  'received',
  'in_review',
  'approved',
  'completed',
];

/** What municipal staff may set through the admin API. */
export const ADMIN_STATUSES = ['in_review', 'approved', 'rejected', 'completed'] as const;
export type AdminStatus = (typeof ADMIN_STATUSES)[number];

export const statusChangeSchema = z.object({
  type: z.literal('status'),
  seq: z.number().int(),
  transactionId: z.uuid(),
  trackingCode: z.string(),
  status: z.enum(SERVER_TRANSACTION_STATUSES),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  /** When the municipality took the change (its own clock). */
  at: z.number().int(),
  /**
   * For a void or cancellation request a counter sent: when that counter made it, by its own
   * clock, as its body says. Absent for a status staff set, and from a server before this field.
   */
  counterAt: z.number().int().nullable().optional(),
});

export const catalogChangeSchema = z.object({
  type: z.literal('catalog'),
  seq: z.number().int(),
  catalogVersion: z.string(),
  catalog: z.unknown(),
  publishedAt: z.number().int(),
});

export const noticeChangeSchema = z.object({
  type: z.literal('notice'),
  seq: z.number().int(),
  noticeId: z.string(),
  text: z.object({ fa: z.string(), en: z.string() }),
  at: z.number().int(),
});

export const pullChangeSchema = z.discriminatedUnion('type', [
  statusChangeSchema,
  catalogChangeSchema,
  noticeChangeSchema,
]);
export type PullChange = z.infer<typeof pullChangeSchema>;

export const MAX_PULL_CHANGES = 500;

export const pullResponseSchema = z.object({
  changes: z.array(pullChangeSchema),
  /** Store it with what the changes brought; ask again with it. */
  cursor: z.number().int().min(0),
  /** More changes are waiting after this cursor. */
  more: z.boolean(),
  /**
   * The highest tracking-code sequence among this terminal's transactions the municipality holds
   * (0: none). A terminal that went back in time (restored from a backup, its newer database lost)
   * issues codes only above it, never one a citizen already holds. Absent from a server before it.
   */
  lastSequence: z.number().int().min(0).max(MAX_SEQUENCE).optional(),
  serverTime: z.number().int(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * A pull page as a counter reads it: the envelope as strictly as `pullResponseSchema`, each change
 * left to be read on its own with `pullChangeSchema`. A newer server's change of a type or status
 * this version does not know is then one change the counter passes over, not a page it refuses
 * (and asks for again, forever, while the feed behind it waits).
 */
export const pullPageSchema = pullResponseSchema.extend({ changes: z.array(z.unknown()) });
export type PullPage = z.infer<typeof pullPageSchema>;
