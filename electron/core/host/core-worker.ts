import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AppError, assertNever, errorShape, ok, type Result } from '../../../shared/result';
import { startDailyBackups } from '../backup/daily';
import { backupsIdle } from '../backup/exclusive';
import { openCoreFromBackup } from '../backup/start-recovery';
import { openCore, type Core, type StartStep } from '../core';
import { createDispatcher, type Dispatcher } from '../ipc/dispatch';
import { createLogger } from '../log';
import { createSyncEngine, type SyncEngine } from '../sync';
import { readIdentity } from '../sync/state';
import type { CoreWorkerData, FromWorker, ToWorker } from './messages';
import { PortSealer } from './port-sealer';
import { workerKeyStore } from './worker-key-store';

/**
 * The core's thread. SQLite calls are synchronous, so a year's report or a backup would freeze the
 * main process (and every window with it) if the core ran there; here it only delays other calls.
 */
const log = createLogger('core-worker');

function readWorkerData(value: unknown): CoreWorkerData {
  if (typeof value !== 'object' || value === null) throw new Error('core-worker: workerData missing');
  const { dataDir, nativeBinding, appVersion, restoreFrom, logDir } = value as Record<string, unknown>;
  if (typeof dataDir !== 'string' || dataDir === '') throw new Error('core-worker: dataDir missing');
  if (typeof appVersion !== 'string') throw new Error('core-worker: appVersion missing');
  if (nativeBinding !== undefined && typeof nativeBinding !== 'string') {
    throw new Error('core-worker: nativeBinding must be a path');
  }
  if (restoreFrom !== undefined && typeof restoreFrom !== 'string') {
    throw new Error('core-worker: restoreFrom must be a path');
  }
  if (logDir !== undefined && typeof logDir !== 'string')
    throw new Error('core-worker: logDir must be a path');
  return { dataDir, nativeBinding, appVersion, restoreFrom, logDir };
}

function send(port: MessagePort, message: FromWorker): void {
  port.postMessage(message);
}

function openFailure(error: unknown): FromWorker {
  if (error instanceof AppError)
    return { type: 'openFailed', error: error.toShape(), message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'openFailed', error: errorShape('internal', { message: message.slice(0, 500) }), message };
}

interface Served {
  readonly core: Core;
  readonly dispatcher: Dispatcher;
  readonly sync: SyncEngine;
  readonly sealer: PortSealer;
  readonly stopBackups: () => void;
}

function serve(port: MessagePort, { core, dispatcher, sync, sealer, stopBackups }: Served): void {
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  async function runCall(message: Extract<ToWorker, { type: 'call' }>): Promise<void> {
    const result = closing
      ? { ok: false as const, error: errorShape('internal', { reason: 'core_closing' }) }
      : await dispatcher.call(message.sessionKey, message.name, message.input);
    try {
      send(port, { type: 'result', id: message.id, result });
    } catch (error) {
      // A value that cannot be cloned is a bug in a handler, not the caller's fault.
      log.error(`result of ${message.name} could not be sent`, error);
      send(port, { type: 'result', id: message.id, result: { ok: false, error: errorShape('internal') } });
    }
  }

  async function closeCore(): Promise<void> {
    closing = true;
    stopBackups();
    // Let calls already running (a password hash, a transaction being saved) finish before the
    // database closes under them; a sync run stops at its next safe point. Then a backup still
    // running (the one after a day close, which that call did not wait for; the daily one) ends and
    // is in the audit trail. The host stops the thread if all this takes too long.
    await Promise.allSettled([...inFlight, sync.stop()]);
    await backupsIdle(core);
    sealer.abandon();
    core.close();
    send(port, { type: 'closed' });
    port.close();
  }

  function onMessage(message: ToWorker): void {
    switch (message.type) {
      case 'call': {
        const running = runCall(message).finally(function forget() {
          inFlight.delete(running);
        });
        inFlight.add(running);
        return;
      }
      case 'endSession':
        try {
          dispatcher.endSession(message.sessionKey);
        } catch (error) {
          log.error('ending a session failed', error);
        }
        return;
      case 'close':
        void closeCore();
        return;
      case 'updateState': {
        let result: Result<unknown>;
        try {
          result = ok(dispatcher.updateState());
        } catch (error) {
          log.error('update state failed', error);
          result = { ok: false, error: errorShape('internal') };
        }
        send(port, { type: 'result', id: message.id, result });
        return;
      }
      case 'receiptPrintCancelled':
        send(port, {
          type: 'result',
          id: message.id,
          result: dispatcher.receiptPrintCancelled(message.sessionKey, message.copy),
        });
        return;
      case 'sealed':
        sealer.answer(message);
        return;
      case 'power':
        if (message.event === 'suspend') core.clockWatch.suspend();
        else core.clockWatch.resume();
        return;
      default:
        assertNever(message);
    }
  }

  port.on('message', onMessage);
}

function main(): void {
  if (isMainThread || !parentPort) throw new Error('core-worker runs only as a worker thread');
  const port = parentPort;
  const data = readWorkerData(workerData);
  let core: Core;
  try {
    const options = {
      dataDir: data.dataDir,
      nativeBinding: data.nativeBinding,
      appVersion: data.appVersion,
      logDir: data.logDir,
      checkpointThread: true,
      // The one process that watches the PC's clock; the command-line tool beside it does not.
      watchClock: true,
      onStartStep(step: StartStep) {
        send(port, { type: 'starting', step });
      },
    };
    core = data.restoreFrom
      ? openCoreFromBackup(options, data.restoreFrom, { userId: null, username: null }, 'corrupt_on_start')
          .core
      : openCore(options);
  } catch (error) {
    // Reported, not thrown: the main process must tell the person why the app cannot start
    // (for example a database written by a newer version), not just see the thread die.
    log.error('the core could not open', error);
    send(port, openFailure(error));
    port.close();
    return;
  }
  const sealer = new PortSealer(function askHost(request) {
    send(port, request);
  });
  const sync = createSyncEngine(core, { keyStore: workerKeyStore(data.dataDir, sealer) });
  const dispatcher = createDispatcher(core, { sync });
  serve(port, { core, dispatcher, sync, sealer, stopBackups: startDailyBackups(core) });
  // An enrolled terminal syncs from the start; one not yet enrolled starts when it enrolls.
  if (readIdentity(core.db)) sync.start();
  send(port, { type: 'ready', schemaVersion: core.schemaVersion });
}

main();
