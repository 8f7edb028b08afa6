import { performance } from 'node:perf_hooks';
import type { Dispatcher } from '../../electron/core/ipc/dispatch';
import { round, summarize, type Row } from './stats';

/** How often the counter asks something while background work runs. */
const PROBE_EVERY_MS = 100;

/** The counter's lookups while some work ran: how long each waited, and when it was due. */
export interface CounterWaits {
  /** Each lookup's wait, ms, from when it was due. */
  readonly waits: readonly number[];
  /** When each was due, ms after the work began (same order as `waits`). */
  readonly dueAt: readonly number[];
  /** How long the work ran, ms. */
  readonly workMs: number;
}

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
): Promise<{ value: T; waits: CounterWaits }> {
  const waits: number[] = [];
  const dueAt: number[] = [];
  const began = performance.now();
  let done = false;
  const probe = (async () => {
    while (!done) {
      const due = performance.now() + PROBE_EVERY_MS;
      await new Promise((wake) => setTimeout(wake, PROBE_EVERY_MS));
      const found = await dispatcher.call('bench', 'transactions.search', { query: someTrackingCode() });
      waits.push(performance.now() - due);
      dueAt.push(due - began);
      if (!found.ok) throw new Error(`a lookup meanwhile failed: ${found.error.code}`);
    }
  })();
  try {
    const value = await work();
    return { value, waits: { waits, dueAt, workMs: performance.now() - began } };
  } finally {
    done = true;
    await probe;
  }
}

/** A wait this long is one an operator notices (the stall budget). */
const NOTICED_MS = 50;

/**
 * The longest wait of the counter's lookups while `what` ran, with when it was due: a rare long
 * wait can then be placed in the work (its start, its copy, its end) from the row alone.
 */
export function counterWaitRow(scenario: string, probed: CounterWaits, what: string): Row {
  const { waits, dueAt, workMs } = probed;
  const w = summarize(waits);
  const longest = waits.indexOf(w.max);
  const at = (dueAt[longest] ?? 0) / 1000;
  const noticed = waits.filter((wait) => wait > NOTICED_MS).length;
  return {
    scenario,
    metric: 'max',
    value: round(w.max, 1),
    unit: 'ms',
    note: `${waits.length} tracking-code lookups, one due every ${PROBE_EVERY_MS} ms while ${what}; the wait from when each was due (median ${round(w.median, 1)} ms); the longest was due ${round(at, 1)} s into ${round(workMs / 1000, 1)} s; ${noticed} over ${NOTICED_MS} ms`,
  };
}
