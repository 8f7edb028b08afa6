import type { z } from 'zod';
import type { Access } from '../roles';

export interface CallSpec<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  /** Calls a locked session may still make (to unlock, to see that it is locked, to log out). */
  readonly whenLocked?: boolean;
}

/** Declares one call of the contract (shared/ipc/contract.ts gathers them all). */
export function call<I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> {
  return spec;
}
