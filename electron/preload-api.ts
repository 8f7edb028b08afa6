import type { PishkhanApi } from '../shared/ipc/api';
import { CALL_NAME_LIST, channelFor } from '../shared/ipc/call-names';
// Types only: the contract's schemas (and zod) never reach the preload bundle.
import type { CallInput, CallName, CallOutput } from '../shared/ipc/contract';
import type { Result } from '../shared/result';

/** `ipcRenderer.invoke`, narrowed to what the API needs: one channel, one input. */
export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

type Method<K extends CallName> = (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;

// Compile-time check, in the spirit of `satisfies`: the methods built below have exactly the
// shape of the API the renderer is typed against. A contract change that broke this fails tsc.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type _BuiltApiIsPishkhanApi = AssertTrue<
  Exactly<{ readonly [K in CallName]: Method<K> }, PishkhanApi>
>;

function method<K extends CallName>(invoke: Invoke, name: K): Method<K> {
  const channel = channelFor(name);
  return function callCore(input) {
    // The main process checked the output against the contract's schema before sending it.
    return invoke(channel, input) as Promise<Result<CallOutput<K>>>;
  };
}

/**
 * The object the preload exposes as `window.pishkhan`: one named method per call of the contract,
 * each bound to its own channel. Nothing else: no ipcRenderer, no generic invoke, no channel
 * chosen by the page.
 */
export function buildPishkhanApi(invoke: Invoke): PishkhanApi {
  const entries = CALL_NAME_LIST.map((name) => [name, method(invoke, name)] as const);
  // CALL_NAME_LIST holds every key of the contract (pinned by call-names.test.ts), and each method
  // has the type checked above.
  return Object.freeze(Object.fromEntries(entries)) as PishkhanApi;
}
