import { readFileSync } from 'node:fs';

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

/** CPU milliseconds a process (and its reaped children) used so far, from /proc; null where there is none. */
export function processCpuMs(pid: number): number | null {
  try {
    // After "pid (comm) ": state is field 3; utime, stime, cutime, cstime are fields 14 to 17.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** The machine's busy and total CPU time so far (/proc/stat's first line), or null where there is none. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    // idle and iowait are the fourth and fifth.
    return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
  } catch {
    return null;
  }
}

/**
 * Waits until the machine is quiet (under a tenth of its CPU busy over 200 ms) or `most` ms have
 * passed: a timed run then does not start beside what the one before left running (a database's
 * checkpoint, a compaction, a process still exiting).
 */
export async function quiet(most = 3_000): Promise<void> {
  const t0 = process.hrtime.bigint();
  for (;;) {
    const before = machineCpu();
    await new Promise((done) => setTimeout(done, 200));
    const after = machineCpu();
    if (!before || !after) return;
    const total = after.total - before.total;
    if (total > 0 && (after.busy - before.busy) / total < 0.1) return;
    if (ms(t0) >= most) return;
  }
}

/**
 * CPU time per item from each process's busy share over a run of `rate` items per second (1: one
 * core; null: not measured, left out): the sum in µs, and the parts as a note spells them.
 */
export function cpuPerItem(
  rate: number,
  shares: readonly (readonly [who: string, share: number | null])[],
): { total: number; parts: string } {
  const parts = shares.flatMap(([who, share]) =>
    share === null ? [] : [[who, (share / rate) * 1_000_000] as const],
  );
  return {
    total: parts.reduce((sum, [, us]) => sum + us, 0),
    parts: parts.map(([who, us]) => `${who} ${round(us, 1)} µs`).join(', '),
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
