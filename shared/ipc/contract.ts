import { z } from 'zod';
import type { Access } from '../roles';
import {
  districtSchema,
  emptyInput,
  idleLockMinutesSchema,
  newPasswordSchema,
  officeCodeSchema,
  officeSchema,
  passwordSchema,
  personNameSchema,
  sessionInfoSchema,
  terminalNumberSchema,
  usernameSchema,
} from './schemas';

interface CallSpec<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  /** Calls a locked session may still make (to unlock, to see that it is locked, to log out). */
  readonly whenLocked?: boolean;
}

function call<I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> {
  return spec;
}

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
    output: z.strictObject({ idleLockMinutes: idleLockMinutesSchema }),
    access: 'operator',
  }),
  'settings.update': call({
    input: z.strictObject({ idleLockMinutes: idleLockMinutesSchema }),
    output: z.strictObject({ idleLockMinutes: idleLockMinutesSchema }),
    access: 'manager',
  }),
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
