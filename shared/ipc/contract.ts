import { z } from 'zod';
import { VOID_REASON_MAX, VOID_REASON_MIN } from '../void-reason';
import { catalogSchema } from '../catalog/schema';
import { paymentInputSchema } from '../payments';
import {
  payerSchema,
  transactionDetailSchema,
  transactionStatusSchema,
  transactionSummarySchema,
} from './counter';
import {
  districtSchema,
  emptyInput,
  freeTextSchema,
  idleLockMinutesSchema,
  receiptLayoutSchema,
  settingsSchema,
  updateFeedUrlSchema,
  newPasswordSchema,
  officeCodeSchema,
  officeSchema,
  passwordSchema,
  personNameSchema,
  sessionInfoSchema,
  terminalNumberSchema,
  usernameSchema,
} from './schemas';

import { call } from './call';
import { backupCalls } from './calls/backups';
import { managerCalls } from './calls/manager';
import { supportCalls } from './calls/support';
import { noticeCalls } from './calls/notices';
import { syncCalls } from './calls/sync';

/**
 * Every call the renderer can make, named once. The preload's methods, the main-process
 * registration and the renderer's typed client all come from this object.
 */
export const contract = {
  'app.info': call({
    input: emptyInput,
    output: z.strictObject({
      setUp: z.boolean(),
      office: officeSchema.nullable(),
      appVersion: z.string(),
      schemaVersion: z.number().int(),
    }),
    access: 'public',
    whenLocked: true,
  }),
  'setup.createOffice': call({
    input: z.strictObject({
      officeName: personNameSchema,
      officeCode: officeCodeSchema,
      district: districtSchema,
      terminalNumber: terminalNumberSchema,
      manager: z.strictObject({
        username: usernameSchema,
        fullName: personNameSchema,
        password: newPasswordSchema,
      }),
    }),
    output: sessionInfoSchema,
    access: 'public',
  }),
  'session.current': call({
    input: emptyInput,
    output: sessionInfoSchema.nullable(),
    access: 'public',
    whenLocked: true,
  }),
  'session.login': call({
    input: z.strictObject({ username: usernameSchema, password: passwordSchema }),
    output: sessionInfoSchema,
    access: 'public',
  }),
  'session.logout': call({
    input: emptyInput,
    output: z.strictObject({ loggedOut: z.boolean() }),
    access: 'public',
    whenLocked: true,
  }),
  'session.touch': call({
    input: emptyInput,
    output: sessionInfoSchema,
    access: 'operator',
  }),
  'session.lock': call({
    input: emptyInput,
    output: sessionInfoSchema,
    access: 'operator',
    whenLocked: true,
  }),
  'session.unlock': call({
    input: z.strictObject({ password: passwordSchema }),
    output: sessionInfoSchema,
    access: 'operator',
    whenLocked: true,
  }),
  'settings.get': call({
    input: emptyInput,
    output: settingsSchema,
    access: 'operator',
  }),
  /** An absent field is left as it is; an empty update address turns automatic updates off. */
  'settings.update': call({
    input: z.strictObject({
      idleLockMinutes: idleLockMinutesSchema,
      updateFeedUrl: updateFeedUrlSchema.optional(),
      receiptLayout: receiptLayoutSchema.optional(),
    }),
    output: settingsSchema,
    access: 'manager',
  }),
  'catalog.current': call({
    input: emptyInput,
    output: z.strictObject({
      catalog: catalogSchema,
      source: z.enum(['bundled', 'municipality']),
      appliedAt: z.number().int(),
      /**
       * The municipality's clock minus this PC's, as the sync last measured it: the counter prices
       * for the municipality's today, as the core does.
       */
      clockOffsetMs: z.number().int(),
    }),
    access: 'operator',
  }),
  /**
   * The counter screen has a transaction being entered (open) or not any more (saved, cleared,
   * left): an app update waits until no window has one open.
   */
  'counter.draft': call({
    input: z.strictObject({ open: z.boolean() }),
    output: z.null(),
    access: 'operator',
    whenLocked: true,
    background: true,
  }),
  /** A payer seen before at this terminal, by کد ملی (a citizen) or شناسه ملی (a legal person). */
  'citizens.lookup': call({
    input: z.union([
      z.strictObject({ nationalId: z.string().max(32) }),
      z.strictObject({ legalEntityId: z.string().max(32) }),
    ]),
    output: payerSchema.nullable(),
    access: 'operator',
  }),
  'transactions.create': call({
    input: z.strictObject({
      id: z.uuid(),
      serviceCode: z.string().max(64),
      citizen: z.union([
        z.strictObject({
          nationalId: z.string().max(32),
          firstName: z.string().max(200),
          lastName: z.string().max(200),
          mobile: z.string().max(32).nullable(),
        }),
        z.strictObject({
          kind: z.literal('legal'),
          legalEntityId: z.string().max(32),
          name: z.string().max(400),
          mobile: z.string().max(32).nullable(),
        }),
      ]),
      fields: z
        .record(z.string().regex(/^[a-z][a-zA-Z0-9_-]{0,63}$/), z.union([z.string().max(2000), z.number()]))
        .refine((f) => Object.keys(f).length <= 64, 'too_many_fields'),
      payments: z.array(paymentInputSchema).max(4),
    }),
    output: z.strictObject({
      id: z.string(),
      trackingCode: z.string(),
      total: z.number().int(),
      change: z.number().int(),
    }),
    access: 'operator',
  }),
  'transactions.get': call({
    input: z.strictObject({ id: z.uuid() }),
    output: transactionDetailSchema,
    access: 'operator',
  }),
  'transactions.search': call({
    input: z.strictObject({ query: z.string().max(64) }),
    output: z.array(transactionSummarySchema),
    access: 'operator',
  }),
  /** A window of the terminal's transactions, newest first, optionally filtered: the list scrolls through all of them. */
  'transactions.list': call({
    input: z.strictObject({
      offset: z.number().int().min(0).max(100_000_000),
      limit: z.number().int().min(1).max(500),
      filter: z.string().max(64),
    }),
    output: z.strictObject({
      total: z.number().int(),
      more: z.boolean(),
      rows: z.array(transactionSummarySchema),
    }),
    access: 'operator',
  }),
  'transactions.void': call({
    input: z.strictObject({
      id: z.uuid(),
      reason: freeTextSchema(VOID_REASON_MIN, VOID_REASON_MAX),
      approverUsername: usernameSchema,
      approverPassword: passwordSchema,
    }),
    output: z.strictObject({
      kind: z.enum(['void', 'cancellation_request']),
      status: transactionStatusSchema,
    }),
    access: 'operator',
  }),
  /**
   * Prints (or saves as PDF) the receipt the window shows, which it drew as copy `copyNumber`. The
   * core records that copy first, and only if it is the next one (receipt_copy_not_next otherwise:
   * a recorded copy is printed once); the host (Electron's main process) then does the printing and
   * says where a PDF went. A print that fails after the record leaves the copy recorded: the next
   * print is the copy after it. A print whose dialog was cancelled (nothing reached the printer or
   * a file) gives its copy back, marked in the record: `cancelled`, and the next print is the same
   * copy again.
   */
  'receipts.print': call({
    input: z.strictObject({
      id: z.uuid(),
      copyNumber: z.number().int().positive(),
      layout: receiptLayoutSchema,
      target: z.enum(['printer', 'pdf']),
    }),
    output: z.strictObject({ savedTo: z.string().nullable(), cancelled: z.boolean().optional() }),
    access: 'operator',
  }),
  ...managerCalls,
  ...syncCalls,
  ...backupCalls,
  ...supportCalls,
  ...noticeCalls,
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Contract[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Contract[K]['output']>;

export const CALL_NAMES = Object.keys(contract) as CallName[];

/** The IPC channel of a call: one per name, so no generic channel reaches the page. */
export function channelOf(name: CallName): string {
  return `pishkhan:${name}`;
}
