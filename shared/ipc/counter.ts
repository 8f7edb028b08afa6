import { z } from 'zod';
import { SERVER_CANCELLABLE, SERVER_VOIDABLE } from '../sync/protocol';
import { attentionReasonSchema } from './calls/sync';
import { officeSchema } from './schemas';

/** Shapes of the counter's calls: what a saved transaction looks like when it leaves the core. */

export const localizedSchema = z.strictObject({ fa: z.string(), en: z.string() });

export const feeLineSchema = z.strictObject({
  key: z.string(),
  label: localizedSchema,
  kind: z.enum(['municipal', 'office']),
  /** Negative only on a municipal discount line. */
  amount: z.number().int(),
});

export const settledPaymentSchema = z.strictObject({
  method: z.enum(['cash', 'card']),
  amount: z.number().int().positive(),
  tendered: z.number().int().nullable(),
  change: z.number().int().min(0),
  reference: z.string().nullable(),
});

/** Counter statuses, then the municipality's. */
export const TRANSACTION_STATUSES = [
  'saved',
  'voided',
  'cancellation_requested',
  'received',
  'in_review',
  'approved',
  'rejected',
  'completed',
] as const;
export const transactionStatusSchema = z.enum(TRANSACTION_STATUSES);
export type TransactionStatus = z.infer<typeof transactionStatusSchema>;

/** The counter voids a transaction before the municipality acted on it (as the server takes it). */
export const VOIDABLE_STATUSES: readonly TransactionStatus[] = ['saved', ...SERVER_VOIDABLE];
/** Afterwards it requests a cancellation, where the server takes one; a rejected request is final. */
export const CANCELLABLE_STATUSES: readonly TransactionStatus[] = SERVER_CANCELLABLE.filter(
  (s) => !VOIDABLE_STATUSES.includes(s),
);

export const statusEntrySchema = z.strictObject({
  status: transactionStatusSchema,
  source: z.enum(['counter', 'municipality']),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  /**
   * By the municipality's clock, as the receipt dates the sale: the counter's own entries (kept by
   * the PC's clock) corrected as `municipalTime` is, the municipality's as it sent them.
   */
  at: z.number().int(),
});

/**
 * Where the transaction's report to the municipality (its own outbox item) is: waiting to be sent,
 * taken by the municipality, or set aside for a person (`needs_attention`: refused or in conflict,
 * with the reason as the Sync screen shows it, and not sent again by itself). The status stays
 * `saved` until the municipality takes the sale, so only this tells one waiting for the network
 * from one the municipality refused.
 */
export const deliverySchema = z.strictObject({
  state: z.enum(['pending', 'delivered', 'needs_attention']),
  reason: attentionReasonSchema.nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const storedFieldSchema = z.strictObject({
  key: z.string(),
  label: localizedSchema,
  type: z.string(),
  /** The canonical value as stored (ASCII digits, normalized text). */
  value: z.union([z.string(), z.number()]),
  /** For a select field, the chosen option's label as it read when the transaction was saved. */
  optionLabel: localizedSchema.optional(),
});
export type StoredField = z.infer<typeof storedFieldSchema>;

/** A citizen (natural person) as saved: canonical values. */
export const citizenSchema = z.strictObject({
  nationalId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  mobile: z.string().nullable(),
});

/** A legal person (شخص حقوقی) as saved: its شناسه ملی and registered name. */
export const legalPersonSchema = z.strictObject({
  kind: z.literal('legal'),
  legalEntityId: z.string(),
  name: z.string(),
  mobile: z.string().nullable(),
});

/** Whoever a transaction is for (shared/citizen.ts): a citizen has no `kind`, a legal person 'legal'. */
export const payerSchema = z.union([citizenSchema, legalPersonSchema]);

export const transactionSummarySchema = z.strictObject({
  id: z.string(),
  trackingCode: z.string(),
  service: z.strictObject({ code: z.string(), name: localizedSchema }),
  citizen: payerSchema,
  total: z.number().int(),
  status: transactionStatusSchema,
  /** When it was saved by the PC's clock, as stored. */
  createdAt: z.number().int(),
  /**
   * When it was saved by the municipality's clock, as the receipt shows it (see the detail's
   * `municipalTime`): in Tracking's results and the detail. The list of every transaction
   * (`transactions.list`) shows no time and leaves it out.
   */
  municipalTime: z.number().int().optional(),
});
export type TransactionSummary = z.infer<typeof transactionSummarySchema>;

export const transactionDetailSchema = z.strictObject({
  ...transactionSummarySchema.shape,
  sequence: z.number().int(),
  fields: z.array(storedFieldSchema),
  lines: z.array(feeLineSchema),
  municipalTotal: z.number().int(),
  officeTotal: z.number().int(),
  tariffVersion: z.number().int(),
  catalogVersion: z.string(),
  sampleTariff: z.boolean(),
  payments: z.array(settledPaymentSchema),
  change: z.number().int(),
  statusHistory: z.array(statusEntrySchema),
  /** Null only for a transaction this counter holds no report of (none saved here lacks one). */
  delivery: deliverySchema.nullable(),
  voiding: z
    .strictObject({
      kind: z.enum(['void', 'cancellation_request']),
      reason: z.string(),
      /** Null for a void the municipality's feed brought back: the feed does not say who asked. */
      requestedBy: z.string().nullable(),
      /** The approver's name, or their username as the municipality recorded it; null if neither. */
      approvedBy: z.string().nullable(),
      at: z.number().int(),
      /** 'municipality': this counter's own void, lost in a restore and brought back by the feed. */
      source: z.enum(['counter', 'municipality']),
    })
    .nullable(),
  operator: z.strictObject({ username: z.string(), fullName: z.string() }),
  businessDate: z.string(),
  /**
   * When the sale was made by the municipality's clock, as far as this counter knows it: the PC's
   * time of the save (`createdAt`) corrected by the offset the sync measured (the one the sale was
   * dated and priced with). The receipt prints its time of day.
   */
  municipalTime: z.number().int(),
  printCount: z.number().int(),
  office: officeSchema,
});
export type TransactionDetail = z.infer<typeof transactionDetailSchema>;
