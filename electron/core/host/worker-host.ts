import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { errorShape, type AppErrorShape, type Result } from '../../../shared/result';
import type { UpdateState } from '../../../shared/updates/feed';
import { createLogger } from '../log';
import type { Sealer } from '../sync';
import type { CoreWorkerData, FromWorker, PowerEvent, SealRequest, ToWorker } from './messages';
import type { StartStep } from '../core';
import type { CancelledCopy } from '../transactions/receipts';

const log = createLogger('worker-host');

/** How long close() waits for the worker to finish its calls and close the database. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface StartCoreWorkerOptions {
  /** The bundled `core-worker.cjs`. */
  readonly workerFile: string;
  readonly dataDir: string;
  readonly nativeBinding?: string | undefined;
  readonly appVersion: string;
  /** The app's log folder (electron/logging.ts), bundled by "save diagnostics". */
  readonly logDir?: string | undefined;
  /** Start from this backup, keeping the damaged database aside (see core/backup/start-recovery.ts). */
  readonly restoreFrom?: string | undefined;
  /**
   * Seals the terminal's private key for the worker (Electron's safeStorage in the app; a test
   * sealer in tests). Without one, enrolling and syncing fail with the key store's error.
   */
  readonly sealer?: Sealer | undefined;
  /**
   * Each slow step of the start as it begins: a restore's check of its backup, the check after an
   * unclean shutdown, each migration.
   */
  readonly onStarting?: ((step: StartStep) => void) | undefined;
}

export interface CoreExit {
  readonly exitCode: number;
  readonly error: Error | null;
}

export interface CoreHost {
  /** Runs one call in the worker; always settles with a Result, even if the worker dies. */
  call(sessionKey: string, name: string, input: unknown): Promise<Result<unknown>>;
  endSession(sessionKey: string): void;
  /** Tells the core the PC is about to sleep or has woken (Electron's powerMonitor). */
  power(event: PowerEvent): void;
  /** Feed URL and what blocks an update restart now; a stopped core blocks nothing and has no feed. */
  updateState(): Promise<UpdateState>;
  /**
   * The receipt the window `sessionKey` printed after `receipts.print` never left the app (its
   * print or save dialog was cancelled): the core gives that copy back. An error leaves it recorded.
   */
  receiptPrintCancelled(sessionKey: string, copy: CancelledCopy): Promise<Result<unknown>>;
  /** Lets running calls finish, closes the database and stops the worker. */
  close(): Promise<void>;
  /** Called once if the worker stops without close() having been asked for. */
  onUnexpectedExit(listener: (exit: CoreExit) => void): void;
}

/** The core could not open; `error` says why in the app's own error codes. */
export class CoreOpenError extends Error {
  readonly error: AppErrorShape;

  constructor(error: AppErrorShape, message: string) {
    super(message);
    this.name = 'CoreOpenError';
    this.error = error;
  }
}

type HostState = 'starting' | 'ready' | 'closing' | 'stopped';

function stoppedResult(): Result<unknown> {
  return { ok: false, error: errorShape('internal', { reason: 'core_stopped' }) };
}

function isFromWorker(value: unknown): value is FromWorker {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Starts the core in a worker thread and resolves once its database is open and migrated. */
export function startCoreWorker(options: StartCoreWorkerOptions): Promise<CoreHost> {
  const data: CoreWorkerData = {
    dataDir: options.dataDir,
    nativeBinding: options.nativeBinding,
    appVersion: options.appVersion,
    restoreFrom: options.restoreFrom,
    logDir: options.logDir,
  };
  // The worker's output comes through this thread's console, so the app's log file (electron-log
  // replaces the main thread's console) holds the core's lines too.
  const worker = new Worker(options.workerFile, { workerData: data, stdout: true, stderr: true });
  createInterface({ input: worker.stdout, crlfDelay: Infinity }).on('line', (line) => console.log(line));
  createInterface({ input: worker.stderr, crlfDelay: Infinity }).on('line', (line) => console.error(line));
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const exitListeners: ((exit: CoreExit) => void)[] = [];
  let state: HostState = 'starting';
  let nextId = 1;
  let lastError: Error | null = null;
  let openFailure: CoreOpenError | null = null;
  let closed: Promise<void> | null = null;
  let resolveExited: () => void = () => undefined;
  const exited = new Promise<void>(function keepResolver(resolve) {
    resolveExited = resolve;
  });

  function post(message: ToWorker): void {
    worker.postMessage(message);
  }

  async function answerSeal(request: SealRequest): Promise<void> {
    try {
      if (!options.sealer) throw new Error('no sealer in this host');
      const bytes = Buffer.from(request.bytes);
      const result =
        request.op === 'seal' ? await options.sealer.seal(bytes) : await options.sealer.unseal(bytes);
      if (state !== 'stopped')
        post({ type: 'sealed', id: request.id, ok: true, bytes: new Uint8Array(result) });
    } catch (error) {
      const message = `${request.op}: ${error instanceof Error ? error.message : String(error)}`.slice(
        0,
        300,
      );
      log.error('the host could not seal or unseal the terminal key', message);
      if (state !== 'stopped') post({ type: 'sealed', id: request.id, ok: false, message });
    }
  }

  const host: CoreHost = {
    call(sessionKey, name, input) {
      if (state !== 'ready') return Promise.resolve(stoppedResult());
      const id = nextId++;
      return new Promise<Result<unknown>>(function sendCall(resolve) {
        try {
          post({ type: 'call', id, sessionKey, name, input });
        } catch {
          // Only an input that cannot be structured-cloned gets here: the caller's fault.
          resolve({ ok: false, error: errorShape('invalid_input', { call: String(name).slice(0, 100) }) });
          return;
        }
        pending.set(id, resolve);
      });
    },
    endSession(sessionKey) {
      if (state === 'ready') post({ type: 'endSession', sessionKey });
    },
    power(event) {
      if (state === 'ready') post({ type: 'power', event });
    },
    updateState() {
      const nothing: UpdateState = { feedBaseUrl: null, blocker: null };
      if (state !== 'ready') return Promise.resolve(nothing);
      const id = nextId++;
      return new Promise<UpdateState>(function askCore(resolve) {
        pending.set(id, (result) => resolve(result.ok ? (result.value as UpdateState) : nothing));
        post({ type: 'updateState', id });
      });
    },
    receiptPrintCancelled(sessionKey, copy) {
      if (state !== 'ready') return Promise.resolve(stoppedResult());
      const id = nextId++;
      return new Promise<Result<unknown>>(function askCore(resolve) {
        pending.set(id, resolve);
        post({ type: 'receiptPrintCancelled', id, sessionKey, copy });
      });
    },
    close() {
      if (closed) return closed;
      if (state === 'stopped') {
        closed = Promise.resolve();
        return closed;
      }
      state = 'closing';
      post({ type: 'close' });
      const timer = setTimeout(function forceStop() {
        log.warn(`the core did not stop within ${CLOSE_TIMEOUT_MS} ms; terminating it`);
        void worker.terminate();
      }, CLOSE_TIMEOUT_MS);
      closed = exited.finally(function clearTimer() {
        clearTimeout(timer);
      });
      return closed;
    },
    onUnexpectedExit(listener) {
      exitListeners.push(listener);
    },
  };

  return new Promise<CoreHost>(function waitForReady(resolve, reject) {
    function onMessage(message: unknown): void {
      if (!isFromWorker(message)) {
        log.error('unexpected message from the core worker');
        return;
      }
      switch (message.type) {
        case 'starting':
          options.onStarting?.(message.step);
          return;
        case 'ready':
          state = 'ready';
          resolve(host);
          return;
        case 'openFailed':
          openFailure = new CoreOpenError(message.error, message.message);
          return;
        case 'result': {
          const settle = pending.get(message.id);
          pending.delete(message.id);
          settle?.(message.result);
          return;
        }
        case 'closed':
          return;
        case 'seal':
          void answerSeal(message);
          return;
        default: {
          // Checked by the compiler; logged rather than thrown, since a throw here would take
          // down the main process.
          const unexpected: never = message;
          log.error('unexpected message from the core worker', unexpected);
        }
      }
    }

    function onError(error: Error): void {
      lastError = error;
      log.error('the core worker failed', error);
    }

    function onExit(exitCode: number): void {
      const wasStarting = state === 'starting';
      const expected = state === 'closing';
      state = 'stopped';
      // Every caller gets an answer: a window waiting on a call must not hang forever.
      for (const settle of pending.values()) settle(stoppedResult());
      pending.clear();
      resolveExited();
      if (wasStarting) {
        reject(
          openFailure ??
            new CoreOpenError(
              errorShape('internal', { exitCode, message: lastError?.message.slice(0, 500) ?? null }),
              `the core worker stopped before it was ready (exit code ${exitCode})`,
            ),
        );
        return;
      }
      if (!expected) {
        log.error(`the core worker stopped unexpectedly (exit code ${exitCode})`);
        for (const listener of exitListeners) listener({ exitCode, error: lastError });
      }
    }

    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
