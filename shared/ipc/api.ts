import type { Result } from '../result';
import type { CallInput, CallName, CallOutput } from './contract';

/** The API the preload exposes on `window.pishkhan`: one named method per call of the contract. */
export type PishkhanApi = {
  readonly [K in CallName]: (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;
};

export const API_GLOBAL = 'pishkhan';
