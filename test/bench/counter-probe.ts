import { performance } from 'node:perf_hooks';
import type { Dispatcher } from '../../electron/core/ipc/dispatch';
import { round, summarize, type Row } from './stats';

/** How often the counter asks something while background work runs. */
const PROBE_EVERY_MS = 100;

/**
 * Runs `work` while the counter looks up a tracking code every PROBE_EVERY_MS, as an operator
 * answering a citizen would. Each wait is counted from when the lookup was due, not from when the
 * timer got to run: a thread busy with something else delays the timer, and that delay is the
 * operator's.
 */
export async function whileCounterAsks<T>(
  dispatcher: Dispatcher,
  someTrackingCode: () => string,
  work: () => Promise<T>,
): Promise<{ value: T; waits: number[] }> {
  const waits: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const due = performance.now() + PROBE_EVERY_MS;
      await new Promise((wake) => setTimeout(wake, PROBE_EVERY_MS));
      const found = await dispatcher.call('bench', 'transactions.search', { query: someTrackingCode() });
      waits.push(performance.now() - due);
      if (!found.ok) throw new Error(`a lookup meanwhile failed: ${found.error.code}`);
    }
  })();
  try {
    return { value: await work(), waits };
  } finally {
    done = true;
    await probe;
  }
}

/** The longest wait of the counter's lookups while `what` ran. */
export function counterWaitRow(scenario: string, waits: readonly number[], what: string): Row {
  const w = summarize(waits);
  return {
    scenario,
    metric: 'max',
    value: round(w.max, 1),
    unit: 'ms',
    note: `${waits.length} tracking-code lookups, one due every ${PROBE_EVERY_MS} ms while ${what}; the wait from when each was due (median ${round(w.median, 1)} ms)`,
  };
}
