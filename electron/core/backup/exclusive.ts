import type { Core } from '../core';

const queues = new WeakMap<Core, Promise<unknown>>();
/** How many backups and restores of each core are running or waiting their turn. */
const pending = new WeakMap<Core, number>();

/** Runs backups and restores of one core one at a time: a restore never swaps a file mid-backup. */
export function exclusive<T>(core: Core, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(core) ?? Promise.resolve();
  pending.set(core, (pending.get(core) ?? 0) + 1);
  const next = previous.then(run, run).finally(function done() {
    pending.set(core, (pending.get(core) ?? 1) - 1);
  });
  queues.set(
    core,
    next.catch(() => undefined),
  );
  return next;
}

/** Whether a backup or restore of this core is running or waiting: an update's restart waits for it. */
export function backupsRunning(core: Core): boolean {
  return (pending.get(core) ?? 0) > 0;
}

/**
 * Resolves once no backup or restore of this core is running or queued (one queued meanwhile is
 * waited for too): the core closes its database only after them, so a backup started just before
 * the app quits (the one after a day close, the daily one) is finished and in the audit trail, not
 * cut off mid-copy.
 */
export async function backupsIdle(core: Core): Promise<void> {
  for (;;) {
    const queue = queues.get(core);
    if (!queue) return;
    await queue;
    if (queues.get(core) === queue) return;
  }
}
