import { clockOffsetMs } from '../day/business-date';
import type { Core } from '../core';

/**
 * How long a temporary password (one a manager set, at the account's creation or by a reset) opens
 * the account. It is handed over on paper or said aloud; one never used would otherwise open the
 * account for good, to whoever kept the paper. Three days cover a weekend and a holiday after it;
 * a user who comes back later asks the manager for a new one, which takes a minute.
 */
export const TEMPORARY_PASSWORD_TTL_MS = 3 * 24 * 60 * 60_000;

/** When a temporary password set at `setAt` stops opening its account. */
export function temporaryPasswordExpiresAt(setAt: number): number {
  return setAt + TEMPORARY_PASSWORD_TTL_MS;
}

export function temporaryPasswordExpired(setAt: number, now: number): boolean {
  return now >= temporaryPasswordExpiresAt(setAt);
}

/**
 * The clock a temporary password's time is kept and judged by: the municipality's (the PC's
 * corrected by the offset the sync measured, which the clock watch keeps continuous while the app
 * runs). By the PC's own clock, a holder of an expired password put the clock back and was let in.
 */
export function passwordClock(core: Core): number {
  return core.now() + clockOffsetMs(core);
}
