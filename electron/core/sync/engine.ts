import type { KeyObject } from 'node:crypto';
import type { Core } from '../core';
import { clockOffsetMs } from '../day/business-date';
import { createLogger } from '../log';
import { SyncClient, type ClockKeeper, type FetchLike } from './client';
import { enroll as enrollTerminal, type EnrollInput, type EnrollResult } from './enroll';
import { SyncFailure, type SyncFailureCode } from './errors';
import type { KeyStore } from './key-store';
import { importPrivateKey } from './keys';
import { pullAll } from './pull';
import { pushAll, UNKNOWN_TRANSACTION, WAITS_FOR_TRANSACTION } from './push';
import {
  readIdentity,
  readSyncState,
  recordAttempt,
  recordFailure,
  recordSuccess,
  storeClockOffset,
} from './state';
import { syncStatus, type SyncStatus } from './status';

const log = createLogger('sync');

export type SyncTrigger = 'save' | 'timer' | 'retry' | 'button' | 'cli' | 'start' | 'online';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncEngineOptions {
  readonly keyStore: KeyStore;
  readonly fetch?: FetchLike;
  /** The wall clock (default: the core's). */
  readonly now?: () => number;
  readonly timers?: Timers;
  /** For the backoff's jitter (default Math.random). */
  readonly random?: () => number;
  /** Between syncs while all is well (default 60 s). */
  readonly intervalMs?: number;
  /** Retry after a failure: full jitter over min(capMs, baseMs × 2^failures) (default 2 s, 60 s). */
  readonly backoff?: { readonly baseMs: number; readonly capMs: number };
  /** One request's limit (default 30 s). */
  readonly timeoutMs?: number;
  /** A save's nudge waits this long, so a burst of saves makes one sync (default 300 ms). */
  readonly nudgeDelayMs?: number;
}

export interface SyncReport {
  readonly ok: boolean;
  readonly trigger: SyncTrigger;
  readonly pushed: number;
  readonly delivered: number;
  /** Audit trail entries the server took (the trail travels with the outbox, counted apart). */
  readonly auditEntries: number;
  readonly needsAttention: number;
  readonly batches: number;
  readonly pulled: number;
  readonly statusChanges: number;
  readonly catalogs: number;
  readonly notices: number;
  readonly durationMs: number;
  readonly error: {
    readonly code: SyncFailureCode;
    readonly message: string;
    readonly retryable: boolean;
  } | null;
}

export interface SyncEngine {
  /** Enrolls this terminal with the municipality's server (see enroll.ts). */
  enroll(input: EnrollInput): Promise<EnrollResult>;
  /** One full push then pull, after any run in progress (never two at once). Never throws. */
  syncNow(trigger?: SyncTrigger): Promise<SyncReport>;
  /** What the Sync screen shows. */
  status(): SyncStatus;
  /** Something was saved: sync soon (debounced; held back while offline and recently tried). */
  nudge(): void;
  /** Puts an item set aside as needs attention back in the queue (after the cause was fixed). */
  requeue(outboxId: string, actor?: { readonly userId: number; readonly username: string }): boolean;
  /** Starts the timer (and a first sync now). */
  start(): void;
  /** Stops the timer and waits for a run in progress to reach a safe point. */
  stop(): Promise<void>;
}

const NODE_TIMERS: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** Full jitter (AWS architecture blog): a uniformly random wait up to the capped exponential. */
export function backoffDelay(failures: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.max(50, Math.round(random() * ceiling));
}

function asFailure(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  log.error('sync failed unexpectedly', error);
  return new SyncFailure('local_error', error instanceof Error ? error.message : String(error), true);
}

/**
 * Beyond the request's timeout, the time between reading the offset (signing) and sending, and
 * between the answer and the measurement: microseconds to milliseconds.
 */
const STRADDLE_SLACK_MS = 1_000;

export function createSyncEngine(core: Core, options: SyncEngineOptions): SyncEngine {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? (() => core.now());
  const timers = options.timers ?? NODE_TIMERS;
  const random = options.random ?? Math.random;
  const intervalMs = options.intervalMs ?? 60_000;
  const backoff = options.backoff ?? { baseMs: 2_000, capMs: 60_000 };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const nudgeDelayMs = options.nudgeDelayMs ?? 300;

  // The offset lives in sync_state only, not also in memory here: the clock watch corrects the
  // stored one when the PC's clock is set, and a copy kept here would sign with the stale one and,
  // should a fresh measurement equal that copy, leave the watch's figure in place of it.
  const clock: ClockKeeper = {
    offset: () => clockOffsetMs(core),
    learn(learned) {
      const measured = Math.round(learned);
      // Read through the watch first: a change of the PC's clock since the last look is recorded
      // (audit trail, log) before the measurement, which accounts for it, replaces its correction.
      const stored = clockOffsetMs(core);
      // A round trip the change may have fallen into read its two ends on different clocks: off
      // by half the change, it would replace the watch's correction with a wrong figure until the
      // next sync. It lasted no longer than the timeout; the next request measures again.
      if (core.clockWatch.sinceChangeMs() <= timeoutMs + STRADDLE_SLACK_MS) {
        log.info(`a clock measurement taken while the PC's clock was set is left out (${measured} ms)`);
        return;
      }
      // Only worth a write when it moved: round trips jitter by milliseconds.
      if (Math.abs(measured - stored) >= 1_000 || (stored === 0 && measured !== 0))
        storeClockOffset(core.db, measured);
      core.clockWatch.measured();
    },
  };

  let key: { ref: string; key: KeyObject } | null = null;
  async function clientFor(): Promise<SyncClient> {
    const identity = readIdentity(core.db);
    if (!identity)
      throw new SyncFailure('not_enrolled', 'this terminal is not enrolled with a server', false);
    if (!key || key.ref !== identity.keyRef)
      key = { ref: identity.keyRef, key: importPrivateKey(await options.keyStore.load(identity.keyRef)) };
    return new SyncClient({
      baseUrl: identity.serverUrl,
      fetch: fetchFn,
      now,
      clock,
      timeoutMs,
      signer: { terminalId: identity.terminalId, privateKey: key.key },
    });
  }

  let stopping = false;
  let syncing = false;
  let lastAttemptAt: number | null = null;

  async function runOnce(trigger: SyncTrigger): Promise<SyncReport> {
    const startedAt = now();
    lastAttemptAt = startedAt;
    syncing = true;
    const push = { pushed: 0, delivered: 0, auditEntries: 0, needsAttention: 0, batches: 0 };
    const pull = { pulled: 0, statusChanges: 0, catalogs: 0, notices: 0 };
    let failure: SyncFailure | null = null;
    try {
      const client = await clientFor();
      try {
        // Filled in as the push goes, so a run that fails still reports what it delivered.
        await pushAll(core, client, () => stopping, push);
      } catch (error) {
        failure = asFailure(error);
      }
      // A push the server answered with a failure (a batch it keeps failing on) does not hold back
      // what it has for this office: status changes, catalogs, notices. Without an answer (no
      // network) the pull would only wait out another timeout.
      if (!failure || failure.httpStatus !== undefined)
        Object.assign(pull, await pullAll(core, client, () => stopping));
    } catch (error) {
      failure ??= asFailure(error);
    } finally {
      syncing = false;
    }
    const finishedAt = now();
    if (!(failure?.code === 'not_enrolled')) {
      try {
        core.db.transaction(() => {
          if (failure) recordFailure(core.db, finishedAt, failure.code, failure.message);
          else recordSuccess(core.db, finishedAt);
          recordAttempt(core.db, {
            trigger,
            startedAt,
            finishedAt,
            ok: failure === null,
            pushed: push.pushed,
            delivered: push.delivered,
            needsAttention: push.needsAttention,
            pulled: pull.pulled,
            errorCode: failure?.code ?? null,
            errorMessage: failure?.message ?? null,
          });
        })();
      } catch (error) {
        log.error('recording the sync run failed', error);
      }
    }
    return {
      ok: failure === null,
      trigger,
      ...push,
      ...pull,
      durationMs: finishedAt - startedAt,
      error: failure ? { code: failure.code, message: failure.message, retryable: failure.retryable } : null,
    };
  }

  // The one mutex: every run waits for the one before it.
  let tail: Promise<unknown> = Promise.resolve();
  function syncNow(trigger: SyncTrigger = 'button'): Promise<SyncReport> {
    const run = tail.then(() => runOnce(trigger));
    tail = run.catch(() => undefined);
    return run;
  }

  let started = false;
  let timer: unknown = null;
  let timerDue: number | null = null;
  let nudgedWhileRunning = false;

  function schedule(delayMs: number, trigger: SyncTrigger): void {
    if (!started) return;
    const due = now() + delayMs;
    if (timer !== null) {
      if (timerDue !== null && timerDue <= due) return;
      timers.clearTimeout(timer);
    }
    timerDue = due;
    timer = timers.setTimeout(() => {
      timer = null;
      timerDue = null;
      void syncNow(trigger).then(afterRun);
    }, delayMs);
  }

  function afterRun(report: SyncReport): void {
    if (!started) return;
    if (nudgedWhileRunning) {
      nudgedWhileRunning = false;
      if (report.ok) return schedule(0, 'save');
    }
    if (report.ok) return schedule(intervalMs, 'timer');
    if (report.error?.retryable) {
      const failures = readSyncState(core.db).consecutiveFailures;
      return schedule(backoffDelay(failures, backoff.baseMs, backoff.capMs, random), 'retry');
    }
    // Needs a person (revoked, not enrolled…): look again now and then, without hammering.
    schedule(intervalMs * 5, 'timer');
  }

  return {
    async enroll(input) {
      const result = await enrollTerminal(
        core,
        { keyStore: options.keyStore, fetch: fetchFn, now, clock, timeoutMs },
        input,
      );
      // A revoked terminal enrolled again: what waited in the outbox goes now, not at the slow look.
      if (started) schedule(0, 'start');
      return result;
    },
    syncNow(trigger = 'button') {
      const run = syncNow(trigger);
      if (started) void run.then(afterRun);
      return run;
    },
    status() {
      return syncStatus(core, { syncing, running: started, nextAttemptAt: timerDue });
    },
    nudge() {
      if (!started) return;
      if (syncing) {
        nudgedWhileRunning = true;
        return;
      }
      const state = readSyncState(core.db);
      // Offline: the backoff timer is already on it; a burst of saves must not hammer a dead line.
      if (
        state.consecutiveFailures > 0 &&
        lastAttemptAt !== null &&
        now() - lastAttemptAt < backoff.baseMs * 2
      )
        return;
      schedule(nudgeDelayMs, 'save');
    },
    requeue(outboxId, actor) {
      return core.db.transaction(() => {
        const row = core.db
          .prepare(
            "SELECT kind, entity_id, last_error FROM outbox WHERE id = ? AND state = 'needs_attention'",
          )
          .get(outboxId) as { kind: string; entity_id: string; last_error: string | null } | undefined;
        if (!row) return false;
        const requeue = core.db.prepare(
          "UPDATE outbox SET state = 'pending' WHERE id = ? AND state = 'needs_attention'",
        );
        const audit = (item: { id: string; kind: string; last_error: string | null }, withId?: string) =>
          core.audit.append({
            action: 'sync_item_requeued',
            ...(actor ? { actorUserId: actor.userId, actorUsername: actor.username } : {}),
            entity: item.kind,
            entityId: row.entity_id,
            details: { outboxId: item.id, lastError: item.last_error, ...(withId ? { with: withId } : {}) },
          });
        requeue.run(outboxId);
        audit({ id: outboxId, kind: row.kind, last_error: row.last_error });
        // Its void or cancellation request waiting beside it goes again with it, after it; so does
        // one refused as unknown before (set aside by an older version, or answered while the
        // transaction was already back in the queue).
        if (row.kind === 'transaction') {
          const waiting = core.db
            .prepare(
              `SELECT id, kind, last_error FROM outbox WHERE entity_id = ? AND state = 'needs_attention'
                 AND kind IN ('void', 'cancellation_request') AND last_error IN (?, ?)
               ORDER BY seq`,
            )
            .all(row.entity_id, WAITS_FOR_TRANSACTION, UNKNOWN_TRANSACTION) as {
            id: string;
            kind: string;
            last_error: string;
          }[];
          for (const item of waiting) {
            requeue.run(item.id);
            audit(item, outboxId);
          }
        }
        return true;
      })();
    },
    start() {
      if (started) return;
      started = true;
      stopping = false;
      schedule(0, 'start');
    },
    async stop() {
      started = false;
      stopping = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      timerDue = null;
      await tail;
      stopping = false;
    },
  };
}
