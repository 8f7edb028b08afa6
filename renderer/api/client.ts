import type { PishkhanApi } from '../../shared/ipc/api';
import type { CallInput, CallName, CallOutput } from '../../shared/ipc/contract';
import { errorShape, type Result } from '../../shared/result';

declare global {
  interface Window {
    readonly pishkhan?: PishkhanApi;
  }
}

type Listener = (result: Result<unknown>) => void;
const listeners = new Set<Listener>();

/** Lets the session store notice a `session_locked` from any call, wherever it was made. */
export function onEveryResult(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The typed client: the only way the UI reaches the core. */
export async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>> {
  const api = window.pishkhan;
  let result: Result<CallOutput<K>>;
  if (!api) {
    result = { ok: false, error: errorShape('internal', { reason: 'api_missing' }) };
  } else {
    const method = api[name] as (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;
    result = await method(input);
  }
  for (const listener of listeners) listener(result);
  return result;
}
