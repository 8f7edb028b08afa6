import { Worker } from 'node:worker_threads';
import { createLogger } from '../log';
import type { Db } from './open';

const log = createLogger('checkpoint');

/**
 * When the thread moves what the WAL holds into the database file: it looks every `intervalMs`
 * (a NOOP checkpoint only counts the WAL's frames) and checkpoints once `pages` frames wait, or once
 * the WAL has not grown for `idleMs`. A checkpoint copies each page once however many saves wrote
 * it, then flushes the file: taken every 50 ms while saves came back to back, its flushes queued
 * with the saves' own, on a disk that flushes one at a time (bench `save-disk`). At 1,000 pages
 * (SQLite's own default, about 35 saves) the WAL stays about 4 MB; a counter's saves, seconds
 * apart, are each in the file a second after.
 */
export interface CheckpointPolicy {
  readonly intervalMs: number;
  readonly pages: number;
  readonly idleMs: number;
}

const CHECKPOINT_POLICY: CheckpointPolicy = { intervalMs: 50, pages: 1_000, idleMs: 1_000 };

/**
 * SQLite's own checkpoint, run by the commit that crosses this many WAL pages, kept as a safety net
 * while the thread works. Its default (1,000 pages) made about one save in 31 also copy the WAL
 * into the file and flush it to disk: the slow tail of a save (bench `save` p99).
 */
const SAFETY_NET_PAGES = 10_000;
const SQLITE_DEFAULT_PAGES = 1_000;

export interface CheckpointThread {
  /** Stops the checkpoints and closes the thread's connection (before a restore moves the file). */
  stop(): Promise<void>;
}

// Plain CommonJS for an eval'd worker, as in backup/check-thread.ts: the same better-sqlite3 and
// native binding as the thread that starts it. A PASSIVE checkpoint never waits for the core's
// writes and never makes them wait; it copies what is committed and flushes the file. A NOOP one
// (SQLite 3.51) only tells how many frames the WAL holds and how many are in the file already; a
// SQLite without it would take it as PASSIVE, a checkpoint every look, as before. The quiet is
// timed on the monotonic clock: an office PC's wall clock may be set back.
const THREAD_SOURCE = `
const { parentPort, workerData: job } = require('node:worker_threads');
const Database = require(job.driver);
const db = new Database(job.file, { fileMustExist: true, ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}) });
db.pragma('synchronous = FULL');
const { performance } = require('node:perf_hooks');
let frames = -1;
let copied = -1;
let grewAt = performance.now();
const timer = setInterval(() => {
  const [{ log, checkpointed }] = db.pragma('wal_checkpoint(NOOP)');
  // A write that restarts the WAL from its start (all of it copied) can leave as many frames as
  // before, but never as many copied: it counts as growth too.
  if (log !== frames || checkpointed < copied) grewAt = performance.now();
  frames = log;
  copied = checkpointed;
  const waiting = log - checkpointed;
  if (waiting >= job.pages || (waiting > 0 && performance.now() - grewAt >= job.idleMs)) db.pragma('wal_checkpoint(PASSIVE)');
}, job.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/**
 * Moves the WAL into the database file on a thread of its own, so that no save pays for it. If the
 * thread cannot start or stops on an error, SQLite's own checkpoint takes over at its default, as
 * before.
 */
export function startCheckpointThread(
  db: Db,
  nativeBinding: string | undefined,
  policy: CheckpointPolicy = CHECKPOINT_POLICY,
): CheckpointThread {
  let stopping = false;
  let handedBack = false;
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      nativeBinding,
      file: db.name,
      ...policy,
    },
  });
  // Never what keeps a process (the command line, a test) alive.
  worker.unref();
  const fallBack = (why: string) => {
    if (stopping || handedBack) return;
    handedBack = true;
    log.warn(`checkpoints are back on the core's thread: ${why}`);
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  };
  worker.once('message', () => {
    if (!stopping && db.open) db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  });
  worker.once('error', (error) => fallBack(error.message));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      fallBack(`the thread stopped (exit code ${code})`);
      resolve();
    }),
  );
  return {
    stop() {
      if (!stopping) {
        stopping = true;
        if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
        // Whoever awaits the stop waits on the thread: it must keep the process alive until then
        // (unref'd, a process with nothing else to do would end before the exit came).
        worker.ref();
        worker.postMessage('stop');
      }
      return exited;
    },
  };
}
