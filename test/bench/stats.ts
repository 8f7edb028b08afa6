/** Summary statistics of timings in milliseconds. */
export interface Summary {
  readonly count: number;
  readonly median: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return {
    count: sorted.length,
    median: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.reduce((s, x) => s + x, 0) / Math.max(sorted.length, 1),
  };
}

export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface Row {
  readonly scenario: string;
  readonly metric: string;
  /** null: not measured on this machine, the note says why (never shown as a passing number). */
  readonly value: number | null;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
  readonly note?: string;
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A latency row: the p99 in ms, its note opening with the median. */
export function p99Row(scenario: string, times: Summary, note: string): Row {
  return {
    scenario,
    metric: 'p99',
    value: round(times.p99, 1),
    unit: 'ms',
    note: `median ${round(times.median, 1)} ms; ${note}`,
  };
}

/**
 * Runs of a sync (the engine's drain per backend, each from a fresh copy of the backlog to a fresh
 * server; the peer's replication, each to fresh databases): the run with the median rate is
 * reported with all its figures. A shared 2-core machine's rate swings by a tenth or more from one
 * run to the next; one run alone would report that swing.
 */
export const ENGINE_RUNS = 3;

/** The run with the median rate, and the note saying so with the range of the rates. */
export function medianRun<T extends { rate: number }>(runs: readonly T[]): { median: T; note: string } {
  const sorted = [...runs].sort((a, b) => a.rate - b.rate);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new Error('no runs');
  const rate = (r: T) => Math.round(r.rate).toLocaleString('en-US');
  return {
    median,
    note: `median of ${runs.length} runs (${rate(sorted[0] as T)}–${rate(sorted.at(-1) as T)}/s)`,
  };
}
