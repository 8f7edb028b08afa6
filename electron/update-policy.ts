/**
 * When a downloaded update may be installed. Pure (timers and probes are injected) so every rule
 * is tested without Electron; electron/updates.ts wires it to electron-updater.
 *
 * Rules:
 *  - an update is installed only after the manager agrees to restart (asked in a dialog);
 *  - it never interrupts work: while the core reports an open transaction, a running sync or a
 *    backup being taken, the question and the install wait, and are tried again after
 *    `retryWhenBusyMs`;
 *  - the probe is asked again right before installing, since the dialog may have been open while
 *    someone started a transaction; a manager who already agreed is not asked twice;
 *  - "later" is respected: the manager is reminded after `remindAfterMs`, nothing installs meanwhile.
 */

import type { UpdateBlocker } from '../shared/updates/feed';

/** Why the app cannot restart now; null when it can. */
export type BusyReason = UpdateBlocker;

export type ManagerAnswer = 'restart_now' | 'later';

export interface ReadyUpdate {
  readonly version: string;
  readonly releaseDate?: string | undefined;
}

export type UpdatePolicyState =
  | { readonly kind: 'none' }
  | { readonly kind: 'ready'; readonly update: ReadyUpdate }
  | { readonly kind: 'waiting_until_idle'; readonly update: ReadyUpdate; readonly reason: BusyReason }
  | { readonly kind: 'asking'; readonly update: ReadyUpdate }
  | { readonly kind: 'declined'; readonly update: ReadyUpdate }
  | { readonly kind: 'agreed_waiting_until_idle'; readonly update: ReadyUpdate; readonly reason: BusyReason }
  | { readonly kind: 'installing'; readonly update: ReadyUpdate };

export type CancelTimer = () => void;

export interface UpdatePolicyDeps {
  busy(): BusyReason | null | Promise<BusyReason | null>;
  askManager(update: ReadyUpdate): Promise<ManagerAnswer>;
  /** Quits and runs the installer (electron-updater's quitAndInstall). */
  install(update: ReadyUpdate): void;
  setTimer(run: () => void, ms: number): CancelTimer;
  log?(message: string): void;
}

export interface UpdatePolicyOptions {
  readonly retryWhenBusyMs: number;
  readonly remindAfterMs: number;
}

export const DEFAULT_UPDATE_POLICY_OPTIONS: UpdatePolicyOptions = {
  retryWhenBusyMs: 60_000,
  remindAfterMs: 4 * 60 * 60_000,
};

export interface UpdatePolicy {
  /** electron-updater finished downloading (and checking the sha512 of) an update. */
  updateDownloaded(update: ReadyUpdate): void;
  /** Try now (e.g. the core reported the counter idle); a no-op while asking or with nothing ready. */
  offer(): Promise<void>;
  state(): UpdatePolicyState;
  dispose(): void;
}

export function createUpdatePolicy(
  deps: UpdatePolicyDeps,
  options: UpdatePolicyOptions = DEFAULT_UPDATE_POLICY_OPTIONS,
): UpdatePolicy {
  let current: UpdatePolicyState = { kind: 'none' };
  let cancelTimer: CancelTimer | null = null;
  let disposed = false;
  const log = deps.log ?? (() => undefined);

  function schedule(ms: number): void {
    cancelTimer?.();
    cancelTimer = deps.setTimer(function retryOffer() {
      cancelTimer = null;
      void offer();
    }, ms);
  }

  function isCurrent(update: ReadyUpdate): boolean {
    return current.kind !== 'none' && current.update === update;
  }

  async function offer(): Promise<void> {
    if (disposed) return;
    const state = current;
    if (state.kind === 'none' || state.kind === 'asking' || state.kind === 'installing') return;
    const update = state.update;
    const agreed = state.kind === 'agreed_waiting_until_idle';

    const reasonBefore = await deps.busy();
    if (disposed || !isCurrent(update)) return;
    if (reasonBefore) {
      current = agreed
        ? { kind: 'agreed_waiting_until_idle', update, reason: reasonBefore }
        : { kind: 'waiting_until_idle', update, reason: reasonBefore };
      log(`update ${update.version} waits: ${reasonBefore}`);
      schedule(options.retryWhenBusyMs);
      return;
    }

    if (!agreed) {
      current = { kind: 'asking', update };
      const answer = await deps.askManager(update);
      if (disposed || !isCurrent(update)) return;
      if (answer === 'later') {
        current = { kind: 'declined', update };
        log(`update ${update.version}: the manager chose later`);
        schedule(options.remindAfterMs);
        return;
      }
    }

    const reasonNow = await deps.busy();
    if (disposed || !isCurrent(update)) return;
    if (reasonNow) {
      current = { kind: 'agreed_waiting_until_idle', update, reason: reasonNow };
      log(`update ${update.version} agreed, waits: ${reasonNow}`);
      schedule(options.retryWhenBusyMs);
      return;
    }
    cancelTimer?.();
    cancelTimer = null;
    current = { kind: 'installing', update };
    log(`update ${update.version}: installing`);
    deps.install(update);
  }

  return {
    updateDownloaded(update) {
      if (disposed || current.kind === 'installing') return;
      if (current.kind === 'asking') {
        // The open dialog answers for the update it shows; the newer one is offered after it.
        const shown = current.update;
        current = { kind: 'ready', update };
        log(`update ${update.version} downloaded while ${shown.version} was being offered`);
        schedule(options.retryWhenBusyMs);
        return;
      }
      current = { kind: 'ready', update };
      void offer();
    },
    offer,
    state: () => current,
    dispose() {
      disposed = true;
      cancelTimer?.();
      cancelTimer = null;
    },
  };
}

export { updateFeedUrl } from '../shared/updates/feed';
