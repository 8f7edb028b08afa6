/** How long the fifth wrong password in a row locks an account. */
export const LOCKOUT_MS = 10 * 60 * 1000;

/**
 * Whether an account locked until `lockedUntil` is locked at `lockClock` (both by the municipality's
 * clock, see auth.ts). A lock never lasts longer than LOCKOUT_MS from now: one that seems to is
 * timed by an offset since corrected (a stale one, put right by the next sync, a day off), and would
 * otherwise keep the user out for that day.
 */
export function lockHolds(lockedUntil: number | null, lockClock: number): boolean {
  return lockedUntil !== null && lockedUntil > lockClock && lockedUntil - lockClock <= LOCKOUT_MS;
}
