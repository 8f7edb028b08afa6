import type { Core } from '../core';

const queues = new WeakMap<Core, Promise<unknown>>();

/** Runs backups and restores of one core one at a time: a restore never swaps a file mid-backup. */
export function exclusive<T>(core: Core, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(core) ?? Promise.resolve();
  const next = previous.then(run, run);
  queues.set(
    core,
    next.catch(() => undefined),
  );
  return next;
}
