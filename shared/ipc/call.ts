import type { z } from 'zod';
import type { Access } from '../roles';

export interface CallSpec<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  /** Calls a locked session may still make (to unlock, to see that it is locked, to log out). */
  readonly whenLocked?: boolean;
  /**
   * A screen polling on its own (the sync indicator), not a person acting: it does not count as
   * activity, so it never keeps an idle session from locking.
   */
  readonly background?: boolean;
}

/** Declares one call of the contract (shared/ipc/contract.ts gathers them all). */
export function call<I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> {
  return spec;
}
