import type { AppErrorShape, Result } from '../../../shared/result';
import type { StartStep } from '../core';
import type { CancelledCopy } from '../transactions/receipts';

/**
 * The messages between the main process and the core worker. Plain data only: they cross a
 * structured-clone boundary, so no class instances, functions or errors travel in them.
 */
export interface CoreWorkerData {
  readonly dataDir: string;
  /** better-sqlite3 built for Electron's ABI; absent when the worker runs under plain Node. */
  readonly nativeBinding?: string | undefined;
  readonly appVersion: string;
  /** The app's log folder, bundled by "save diagnostics". */
  readonly logDir?: string | undefined;
  /** A backup to put in place of a damaged database before opening (the person chose it at start). */
  readonly restoreFrom?: string | undefined;
}

export type PowerEvent = 'suspend' | 'resume';

export type ToWorker =
  | {
      readonly type: 'call';
      readonly id: number;
      readonly sessionKey: string;
      readonly name: string;
      readonly input: unknown;
    }
  | { readonly type: 'endSession'; readonly sessionKey: string }
  | { readonly type: 'close' }
  /**
   * The PC is about to sleep or has woken (Electron's powerMonitor, main process only): the core's
   * clock watch must not take the sleep's gap for a change of the PC's clock (day/clock-watch.ts).
   */
  | { readonly type: 'power'; readonly event: PowerEvent }
  /** The main process asks, before an update restart, what the core is doing (answered as a result). */
  | { readonly type: 'updateState'; readonly id: number }
  /**
   * The print the main process made after `receipts.print` was cancelled before anything left the
   * app: the window's copy is given back (answered as a result).
   */
  | {
      readonly type: 'receiptPrintCancelled';
      readonly id: number;
      readonly sessionKey: string;
      readonly copy: CancelledCopy;
    }
  /** The main process's answer to a `seal` request. */
  | SealAnswer;

/**
 * The terminal key is sealed with Electron's safeStorage, which exists only in the main process:
 * the worker's key store asks the host to seal or unseal bytes and waits for the answer.
 */
export type SealAnswer =
  | { readonly type: 'sealed'; readonly id: number; readonly ok: true; readonly bytes: Uint8Array }
  | { readonly type: 'sealed'; readonly id: number; readonly ok: false; readonly message: string };

export interface SealRequest {
  readonly type: 'seal';
  readonly id: number;
  readonly op: 'seal' | 'unseal';
  readonly bytes: Uint8Array;
}

export type FromWorker =
  | { readonly type: 'starting'; readonly step: StartStep }
  | { readonly type: 'ready'; readonly schemaVersion: number }
  | { readonly type: 'openFailed'; readonly error: AppErrorShape; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'closed' }
  | SealRequest;
