import { performance } from 'node:perf_hooks';
import type { Core } from '../core';

const queues = new WeakMap<Core, Promise<unknown>>();
/** How many backups and restores of each core are running or waiting their turn. */
const pending = new WeakMap<Core, number>();
/** Since when the one running now has run (performance.now(), a clock that never jumps). */
const runningSince = new WeakMap<Core, number>();

/**
 * A backup or restore running longer than this is hung (a network folder gone quiet, a stalled USB
 * stick; a manual backup of a million transactions takes about half a minute here, a few minutes on
 * an office PC's disk): an update's restart no longer waits for it. The restart stops the core
 * within 10 s; its copy is removed, and recorded, by a later backup.
 */
export const BACKUP_HUNG_MS = 30 * 60 * 1000;

/** Runs backups and restores of one core one at a time: a restore never swaps a file mid-backup. */
export function exclusive<T>(core: Core, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(core) ?? Promise.resolve();
  pending.set(core, (pending.get(core) ?? 0) + 1);
  const timed = () => {
    runningSince.set(core, performance.now());
    return run();
  };
  const next = previous.then(timed, timed).finally(function done() {
    runningSince.delete(core);
    pending.set(core, (pending.get(core) ?? 1) - 1);
  });
  queues.set(
    core,
    next.catch(() => undefined),
  );
  return next;
}

/**
 * Whether a backup or restore of this core is running or waiting: an update's restart waits for
 * it, unless the one running has run for BACKUP_HUNG_MS.
 */
export function backupsRunning(core: Core, now = performance.now()): boolean {
  if ((pending.get(core) ?? 0) === 0) return false;
  const since = runningSince.get(core);
  return since === undefined || now - since < BACKUP_HUNG_MS;
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
