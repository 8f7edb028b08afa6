import { uptime } from 'node:os';
import { performance } from 'node:perf_hooks';
import { assertNever } from '../../../shared/result';
import type { Core } from '../core';
import { prepared } from '../db/open';
import { createLogger } from '../log';
import { readClockOffsetBootMoment, storeClockOffset, storeClockOffsetBootMoment } from '../sync/state';

/**
 * The municipality's clock is the PC's corrected by the offset the sync measured
 * (`sync_state.clock_offset_ms`). When someone sets the PC's clock while the counter is offline,
 * that offset is wrong by exactly the change until the next sync: put right by 2 hours, a PC the
 * sync had measured 2 hours behind ran 2 hours ahead and dated the evening's sales tomorrow; put
 * back after midnight, it said yesterday and refused today's close. This watch notices such a
 * change against clocks no one can set, and moves the offset the other way, so the municipality's
 * time goes on as it was.
 */
const log = createLogger('clock-watch');

/**
 * How far the PC's clock may part from the monotonic clock between two looks before it counts as
 * set. Between looks (a second apart while the counter works, ten when idle, a minute if a long
 * report holds the thread) the two part only by a time service's slewing, at most 0.5 ms a second,
 * and by the microseconds between reading them: 5 s is far above that, and above the step of a
 * second or two a time service makes now and then (the next sync measures those; recording each
 * would only fill the audit trail). A change smaller than this moves a sale's date only if it was
 * made within 5 seconds of midnight.
 */
export const CLOCK_CHANGE_TOLERANCE_MS = 5_000;

/** os.uptime counts whole seconds on Windows (GetTickCount64), hundredths on Linux. */
const BOOT_CLOCK_SLACK_MS = 1_000;

/**
 * How far the PC's boot moment (its clock minus the time since boot) may be from the one stored
 * with the offset for the offset still to count as fitting the PC's clock. While the PC runs with
 * its clock unset the two differ only by the boot clock's grain (a second on Windows) and by what
 * a time service does to the PC's clock without the watch calling it a change (slewing, steps
 * below CLOCK_CHANGE_TOLERANCE_MS): the watch's own tolerance plus the boot clock's grain, as
 * `judgeClockStep` takes it. Another boot moves it by the time between the boots plus however
 * wrong the clock came up; a change of the clock the watch did not see (made while the app was not
 * running) by the change. An offset trusted within this tolerance is off by less than a change the
 * watch would not have corrected anyway; one distrusted wrongly costs no more than the watch's
 * absence did (the change is followed until the next sync measures).
 */
export const BOOT_MOMENT_TOLERANCE_MS = CLOCK_CHANGE_TOLERANCE_MS + BOOT_CLOCK_SLACK_MS;

/**
 * The stored boot moment is moved along with the slow drift between the PC's clock and the boot
 * clock (a time service's work, uncounted as changes) once it has drifted this far, so a counter
 * offline for weeks within one boot keeps its trust across a restart.
 */
const BOOT_MOMENT_REFRESH_MS = 1_000;

/**
 * The anchor moves at most this often on the way of a read: the boot clock costs a file read on
 * Linux (some microseconds), too much for every one of a thousand saves a second. Reading the PC's
 * clock and the monotonic one is all a read costs otherwise.
 */
const ANCHOR_REFRESH_MS = 1_000;

/**
 * An idle counter looks this often too, so that a change is noticed (logged, put in the audit
 * trail and stored) near when it was made, before a restart would lose it (a new process has no
 * anchor to compare with) and before a sleep could hide it.
 */
export const CLOCK_CHECK_INTERVAL_MS = 10_000;

export interface ClockSources {
  /** The PC's clock, ms since the epoch: the one a person can set. */
  readonly now: () => number;
  /** A clock no one can set, ms from any origin; it stops while the PC sleeps (Linux, macOS). */
  readonly monotonic: () => number;
  /** A clock no one can set that counts the time asleep too, ms from any origin (time since boot). */
  readonly bootClock: () => number;
}

/**
 * The process's own clocks. performance.now is CLOCK_MONOTONIC on Linux. os.uptime reads
 * /proc/uptime on Linux, which is CLOCK_BOOTTIME and runs on through a suspend, and
 * GetTickCount64 on Windows, which counts sleep and hibernation too.
 */
export const SYSTEM_CLOCKS: Omit<ClockSources, 'now'> = {
  monotonic: () => performance.now(),
  bootClock: () => uptime() * 1_000,
};

export interface ClockReading {
  readonly wall: number;
  readonly monotonic: number;
  readonly boot: number;
}

export type ClockStep =
  | { readonly kind: 'steady' }
  /** The PC slept: its clock ran on while the monotonic one stood still. Nothing to correct. */
  | { readonly kind: 'slept' }
  /** Someone (or a time service) set the PC's clock by `changeMs` (positive: ahead). */
  | { readonly kind: 'set'; readonly changeMs: number };

/**
 * What happened to the PC's clock between two readings; `asleep` says a suspend was reported and
 * its resume not yet.
 *
 * A forward gap is ambiguous: on Linux the monotonic clock stops during a suspend while the PC's
 * clock runs on, so waking looks exactly like a clock put ahead. Taking a sleep for a change would
 * freeze the municipality's time at the moment of suspend and date the morning's sales yesterday,
 * far worse than the stale offset this fixes, so a forward gap is corrected only when both say it
 * was no sleep: no suspend was reported (Electron's powerMonitor does not always report one: on
 * some Linux desktops packaged apps get no 'suspend' at all, electron/electron#42050), and the boot
 * clock, which counts the time asleep, did not move with the PC's clock. What it did not follow is
 * the change (a clock put ahead after an unreported sleep is corrected by the change alone).
 *
 * A backward gap is unambiguous: sleep never moves the PC's clock back against the monotonic one.
 */
export function judgeClockStep(from: ClockReading, to: ClockReading, asleep: boolean): ClockStep {
  const wall = to.wall - from.wall;
  const byMonotonic = wall - (to.monotonic - from.monotonic);
  if (Math.abs(byMonotonic) <= CLOCK_CHANGE_TOLERANCE_MS) return { kind: 'steady' };
  if (byMonotonic < 0) return { kind: 'set', changeMs: byMonotonic };
  if (asleep) return { kind: 'slept' };
  const byBoot = wall - (to.boot - from.boot);
  if (Math.abs(byBoot) <= CLOCK_CHANGE_TOLERANCE_MS + BOOT_CLOCK_SLACK_MS) return { kind: 'slept' };
  // The monotonic clock counts no more than the boot clock, so the change is at most its gap.
  return { kind: 'set', changeMs: Math.min(byBoot, byMonotonic) };
}

export interface ClockWatch {
  /**
   * The municipality's clock minus the PC's (0 before any sync measured it), corrected for a
   * change of the PC's clock since the last look. The one way the core reads the offset.
   */
  offsetMs(): number;
  /**
   * Whether the stored offset was measured against the PC's clock as it runs now (`offsetFits`): by
   * a sync in this boot of the PC, the clock unset since or set with the watch looking. Otherwise
   * the municipality's clock is the PC's as it came up or as someone set it while the app was closed.
   */
  offsetTrusted(): boolean;
  /** The PC is about to sleep (powerMonitor 'suspend'). */
  suspend(): void;
  /** The PC woke (powerMonitor 'resume'): the gap since the suspend was sleep. */
  resume(): void;
  /**
   * A sync just measured the offset afresh (and stored it): a change before now is in it. The
   * moment the PC started, as its clock sees it now, is stored beside the offset: what makes the
   * offset trusted for corrections in a later process of the same boot.
   */
  measured(): void;
  /**
   * Ms (by the monotonic clock) since the watch last saw the PC's clock set; Infinity if never in
   * this process. A measurement whose round trip may straddle the change is worth nothing: its two
   * ends were read on different clocks.
   */
  sinceChangeMs(): number;
  stop(): void;
}

function storedOffset(core: Core): number {
  const offset = prepared(core.db, 'SELECT clock_offset_ms FROM sync_state WHERE id = 1').pluck().get() as
    number | undefined;
  return offset ?? 0;
}

/** The moment the PC started, as its clock saw it at `reading`, ms. */
export function bootMoment(reading: Pick<ClockReading, 'wall' | 'boot'>): number {
  return Math.round(reading.wall - reading.boot);
}

/**
 * Is the stored offset known to fit the PC's clock as it was at `reading` (before a change now
 * being judged)? Only if it was measured against this same clock: by a sync in this boot of the PC
 * with the clock unset since (or moved by a change the watch corrected), which the boot moment
 * stored beside it tells. An offset measured in an earlier boot fits the clock as it ran then: the
 * PC's clock may have come up a day behind (a flat CMOS battery), and correcting the operator who
 * puts it right would keep the municipality's date a day behind. Before any sync, and after a
 * restore or a change the watch did not see, the PC's clock is all there is, and a person setting it
 * is the best word on the time there is: it is followed, not corrected, until a sync measures again.
 *
 * What this cannot see: a virtual machine restored from a saved state resumes with its boot clock
 * as stale as its wall clock (neither counted the pause), so its boot moment is unchanged; the
 * guest's clock then stepped forward looks exactly like a person putting it ahead, and is corrected
 * (the municipality's clock stays at the moment of the save until the next sync measures).
 */
function offsetFits(core: Core, reading: ClockReading): boolean {
  const stored = readClockOffsetBootMoment(core.db);
  return stored !== null && Math.abs(bootMoment(reading) - stored) <= BOOT_MOMENT_TOLERANCE_MS;
}

/** Stores the boot moment of `reading` beside the offset, unless the one stored is as good. */
function storeBootMoment(core: Core, reading: ClockReading): void {
  const stored = readClockOffsetBootMoment(core.db);
  const moment = bootMoment(reading);
  if (stored === null || Math.abs(moment - stored) >= BOOT_MOMENT_REFRESH_MS)
    storeClockOffsetBootMoment(core.db, moment);
}

/**
 * A watch that does not look: the offset as stored (the command-line tool, most tests). A sync it
 * runs still stores the boot moment beside the offset it measured, for the app's watch to trust.
 */
export function unwatchedClock(core: Core): ClockWatch {
  return {
    offsetMs: () => storedOffset(core),
    offsetTrusted: () =>
      offsetFits(core, { wall: core.now(), monotonic: 0, boot: SYSTEM_CLOCKS.bootClock() }),
    suspend() {},
    resume() {},
    measured() {
      storeBootMoment(core, { wall: core.now(), monotonic: 0, boot: SYSTEM_CLOCKS.bootClock() });
    },
    sinceChangeMs: () => Number.POSITIVE_INFINITY,
    stop() {},
  };
}

/**
 * Watches the PC's clock for the core's process. One process per database should: two would each
 * correct the same change. The app's core does; the command-line tool, which may run beside it,
 * reads what the app stored.
 */
export function watchClock(core: Core, sources: ClockSources): ClockWatch {
  function read(): ClockReading {
    return { wall: sources.now(), monotonic: sources.monotonic(), boot: sources.bootClock() };
  }
  let anchor = read();
  let asleep = false;
  /** The monotonic clock when a change was last seen (recorded or not yet). */
  let changeSeenAt: number | null = null;

  /**
   * Records a change between the readings `from` and `to`: the offset moves the other way (when it
   * fits the clock as it was, see `offsetFits`), and the boot moment stored beside it with the
   * clock, in the audit trail with it, since a manager reconciling a day wants to know the PC's
   * clock was set while it was offline. The entry's time is the PC's new clock, as every entry's is.
   */
  function record(changeMs: number, from: ClockReading, to: ClockReading): void {
    const change = Math.round(changeMs);
    let before = 0;
    let corrected = false;
    core.db.transaction(() => {
      before = storedOffset(core);
      corrected = offsetFits(core, from);
      if (corrected) {
        storeClockOffset(core.db, before - change);
        storeBootMoment(core, to);
      }
      core.audit.append({
        action: 'pc_clock_changed',
        entity: 'terminal',
        details: {
          changeMs: change,
          offsetBeforeMs: before,
          offsetAfterMs: corrected ? before - change : before,
          corrected,
        },
      });
    })();
    const minutes = (change / 60_000).toFixed(1);
    if (corrected)
      log.warn(
        `the PC's clock was set ${minutes} min; the municipality's clock kept: offset ${before} -> ${before - change} ms`,
      );
    else
      log.warn(
        `the PC's clock was set ${minutes} min; no offset measured against this clock (since the PC started) to correct, it is followed`,
      );
  }

  /**
   * Compares the clocks with the anchor; returns a change not yet recorded (0 when none). A change
   * seen inside someone else's SQLite transaction is not recorded there: were it rolled back, the
   * correction would go with it while the anchor had moved past the change. That read is answered
   * with the change applied, and the anchor stays for the next look outside to record it.
   */
  function look(sleeping: boolean): number {
    const wall = sources.now();
    const monotonic = sources.monotonic();
    const drift = wall - anchor.wall - (monotonic - anchor.monotonic);
    if (Math.abs(drift) <= CLOCK_CHANGE_TOLERANCE_MS) {
      // Moving on now and then keeps the slow drift between the two clocks from adding up.
      if (monotonic - anchor.monotonic >= ANCHOR_REFRESH_MS)
        anchor = { wall, monotonic, boot: sources.bootClock() };
      return 0;
    }
    const now = { wall, monotonic, boot: sources.bootClock() };
    const step = judgeClockStep(anchor, now, sleeping);
    switch (step.kind) {
      case 'steady':
        anchor = now;
        return 0;
      case 'slept':
        log.info(`the PC slept (its clock moved ${Math.round(drift / 60_000)} min past the monotonic one)`);
        asleep = false;
        anchor = now;
        return 0;
      case 'set':
        changeSeenAt = monotonic;
        if (core.db.inTransaction) return Math.round(step.changeMs);
        record(step.changeMs, anchor, now);
        anchor = now;
        return 0;
      default:
        return assertNever(step);
    }
  }

  function lookQuietly(sleeping: boolean): void {
    try {
      look(sleeping);
      // The slow drift between the PC's clock and the boot clock, carried into the stored boot
      // moment while the offset fits, so it is not taken for a change after a restart.
      if (!core.db.inTransaction && offsetFits(core, anchor)) storeBootMoment(core, anchor);
    } catch (error) {
      // A database closed under a failed restore: the next look records the change.
      log.error('looking at the clock failed', error);
    }
  }

  const timer = setInterval(function lookNow() {
    lookQuietly(asleep);
  }, CLOCK_CHECK_INTERVAL_MS);
  // Never what keeps a process (a test, the app shutting down) alive.
  timer.unref();

  return {
    offsetMs() {
      const unrecorded = look(asleep);
      const offset = storedOffset(core);
      return unrecorded !== 0 && offsetFits(core, anchor) ? offset - unrecorded : offset;
    },
    offsetTrusted() {
      // A change seen inside a transaction is not recorded yet: the offset then fits the clock as
      // it was before it (the anchor), and `offsetMs` answers with the change applied.
      const unrecorded = look(asleep);
      return offsetFits(core, unrecorded !== 0 ? anchor : read());
    },
    suspend() {
      // A change made before the sleep is recorded now, or the sleep's gap would hide it.
      lookQuietly(asleep);
      asleep = true;
      anchor = read();
    },
    resume() {
      lookQuietly(true);
      asleep = false;
      anchor = read();
    },
    measured() {
      anchor = read();
      storeBootMoment(core, anchor);
    },
    sinceChangeMs() {
      return changeSeenAt === null ? Number.POSITIVE_INFINITY : sources.monotonic() - changeSeenAt;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
