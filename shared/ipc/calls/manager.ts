import { z } from 'zod';
import { cashMovementReasonSchema, reconciliationSchema } from '../../reconciliation/schema';
import { rangeReportSchema } from '../../reports/types';
import { call } from '../call';
import { attentionReasonSchema } from './sync';
import {
  emptyInput,
  freeTextSchema,
  newPasswordSchema,
  passwordSchema,
  personNameSchema,
  sessionInfoSchema,
  userRoleSchema,
  usernameSchema,
} from '../schemas';

/**
 * The office manager's calls (issue 5: business day, reconciliation, reports, users, audit,
 * backups). Declared here with `call()` from ../call and spread into the contract.
 */

const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** An amount as the manager typed it: the core parses it (Persian digits, separators) and says what is wrong. */
const typedAmountSchema = z.string().max(40);
const noteSchema = freeTextSchema(0, 500);

export const daySummarySchema = z.strictObject({
  id: z.string(),
  terminalNumber: z.number().int(),
  businessDate: z.string(),
  state: z.enum(['open', 'closed']),
  openingFloat: z.number().int(),
  openedAt: z.number().int(),
  openedBy: z.string(),
  closedAt: z.number().int().nullable(),
  closedBy: z.string().nullable(),
});
export type DaySummary = z.infer<typeof daySummarySchema>;

export const cashMovementSchema = z.strictObject({
  direction: z.enum(['in', 'out']),
  amount: z.number().int(),
  reason: cashMovementReasonSchema,
  note: z.string(),
  by: z.string(),
  at: z.number().int(),
});

export const dayDetailSchema = z.strictObject({
  day: daySummarySchema,
  reconciliation: reconciliationSchema,
  movements: z.array(cashMovementSchema),
  voids: z.array(
    z.strictObject({
      trackingCode: z.string(),
      total: z.number().int(),
      reason: z.string(),
      late: z.boolean(),
    }),
  ),
  /** The day's transactions the municipality has not yet acknowledged (outbox not delivered). */
  unacknowledged: z.number().int(),
  transactions: z.number().int(),
  /** Changes whenever anything the totals depend on changes; closing requires the one the manager saw. */
  fingerprint: z.string(),
  closing: z
    .strictObject({
      countedCash: z.number().int(),
      cardSlipTotal: z.number().int(),
      cashDifference: z.number().int(),
      cardDifference: z.number().int(),
      cashNote: z.string().nullable(),
      cardNote: z.string().nullable(),
      /**
       * Where the day's settlement report is: waiting in the outbox, received by the municipality,
       * or refused by it (`needs_attention`, with its reason as the Sync screen shows it).
       */
      settlement: z.strictObject({
        state: z.enum(['pending', 'delivered', 'needs_attention']),
        reason: attentionReasonSchema.nullable(),
      }),
    })
    .nullable(),
});
export type DayDetail = z.infer<typeof dayDetailSchema>;

export const managedUserSchema = z.strictObject({
  id: z.number().int(),
  username: z.string(),
  fullName: z.string(),
  role: userRoleSchema,
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  /** When the temporary password a manager set stops opening the account (null: the user's own password). */
  temporaryPasswordExpiresAt: z.number().int().nullable(),
  locked: z.boolean(),
  /** Wrong passwords typed for this account in the last 24 hours: logins, unlocks, signatures, approvals. */
  wrongPasswords: z.number().int(),
  /** Until when this manager's approval at a counter waits after wrong ones (null: it does not). */
  approvalsWaitUntil: z.number().int().nullable(),
  createdAt: z.number().int(),
});
export type ManagedUser = z.infer<typeof managedUserSchema>;

export const auditCheckSchema = z.strictObject({
  ok: z.boolean(),
  /** Entries verified (null when broken). */
  entries: z.number().int().nullable(),
  checkedAt: z.number().int(),
  /** The first entry that does not follow from what came before. */
  brokenAtSeq: z.number().int().nullable(),
  reason: z
    .enum(['hash_mismatch', 'chain_broken', 'sequence_gap', 'truncated', 'anchor_mismatch'])
    .nullable(),
});
export type AuditCheck = z.infer<typeof auditCheckSchema>;

const jalaliDateSchema = z.strictObject({
  year: z.number().int().min(1300).max(1500),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
});

const userIdSchema = z
  .number()
  .int()
  .positive()
  .max(2 ** 31);

export const managerCalls = {
  /** The terminal's current business date, its open days, recent closed days, unopened dates with sales. */
  'day.overview': call({
    input: emptyInput,
    output: z.strictObject({
      terminalNumber: z.number().int(),
      businessDate: z.string(),
      days: z.array(daySummarySchema),
      unopenedDates: z.array(z.string()),
    }),
    access: 'manager',
  }),
  'day.open': call({
    input: z.strictObject({ businessDate: isoDateSchema, openingFloat: typedAmountSchema }),
    output: daySummarySchema,
    access: 'manager',
  }),
  'day.detail': call({
    input: z.strictObject({ dayId: z.uuid() }),
    output: dayDetailSchema,
    access: 'manager',
  }),
  'day.recordMovement': call({
    input: z.strictObject({
      dayId: z.uuid(),
      direction: z.enum(['in', 'out']),
      amount: typedAmountSchema,
      reason: cashMovementReasonSchema,
      note: noteSchema,
    }),
    output: dayDetailSchema,
    access: 'manager',
  }),
  /**
   * Closes the day, signed with the manager's password; the settlement goes to the outbox. It
   * answers once the close is committed; a backup follows on its own (`backups.afterClose` says
   * how it ended), and if it fails the close stands.
   */
  'day.close': call({
    input: z.strictObject({
      dayId: z.uuid(),
      fingerprint: z.string().max(128),
      countedCash: typedAmountSchema,
      cardSlipTotal: typedAmountSchema,
      cashNote: noteSchema,
      cardNote: noteSchema,
      password: passwordSchema,
    }),
    output: dayDetailSchema,
    access: 'manager',
  }),
  'users.list': call({
    input: emptyInput,
    output: z.array(managedUserSchema),
    access: 'manager',
  }),
  /** A new operator or manager; they change the first password at their first login. */
  'users.create': call({
    input: z.strictObject({
      username: usernameSchema,
      fullName: personNameSchema,
      role: userRoleSchema,
      password: newPasswordSchema,
    }),
    output: managedUserSchema,
    access: 'manager',
  }),
  'users.resetPassword': call({
    input: z.strictObject({ userId: userIdSchema, newPassword: newPasswordSchema }),
    output: managedUserSchema,
    access: 'manager',
  }),
  /** Deactivate (never delete) or reactivate; the last active manager stays. */
  'users.setActive': call({
    input: z.strictObject({ userId: userIdSchema, active: z.boolean() }),
    output: managedUserSchema,
    access: 'manager',
  }),
  /** Anyone logged in changes their own password (forced after a reset). */
  'session.changePassword': call({
    input: z.strictObject({ currentPassword: passwordSchema, newPassword: newPasswordSchema }),
    output: sessionInfoSchema,
    access: 'operator',
  }),
  /** The audit trail's tamper check as run at start, and the latest one. */
  'audit.status': call({
    input: emptyInput,
    output: z.strictObject({ startup: auditCheckSchema, last: auditCheckSchema }),
    access: 'manager',
  }),
  'audit.verify': call({
    input: emptyInput,
    output: auditCheckSchema,
    access: 'manager',
  }),
  /** Totals for a Jalali date range (both days included) by day, service, operator and payment method. */
  'reports.range': call({
    input: z.strictObject({ from: jalaliDateSchema, to: jalaliDateSchema }),
    output: rangeReportSchema,
    access: 'manager',
  }),
} as const;
