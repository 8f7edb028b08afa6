import { Worker } from 'node:worker_threads';
import { createLogger } from '../log';
import type { Db } from './open';

const log = createLogger('checkpoint');

/**
 * How often the thread moves what the WAL holds into the database file. A save writes ~32 pages
 * to the WAL; at this pace the WAL stays a few megabytes even while saves come back to back.
 */
export const CHECKPOINT_INTERVAL_MS = 50;

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
// writes and never makes them wait; it copies what is committed and flushes the file.
const THREAD_SOURCE = `
const { parentPort, workerData: job } = require('node:worker_threads');
const Database = require(job.driver);
const db = new Database(job.file, { fileMustExist: true, ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}) });
db.pragma('synchronous = FULL');
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), job.intervalMs);
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
export function startCheckpointThread(db: Db, nativeBinding: string | undefined): CheckpointThread {
  let stopping = false;
  let handedBack = false;
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      nativeBinding,
      file: db.name,
      intervalMs: CHECKPOINT_INTERVAL_MS,
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
