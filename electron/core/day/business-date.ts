import { tehranWallTime } from '../../../shared/jalali';
import { businessDateAfter } from '../../../shared/reconciliation';
import { prepared } from '../db/open';
import type { Core } from '../core';

/** The latest closed business date of this terminal, or null. */
export function lastClosedDate(core: Core, terminalNumber: number): string | null {
  const row = prepared(
    core.db,
    "SELECT max(business_date) AS d FROM business_days WHERE terminal_number = ? AND state = 'closed'",
  ).get(terminalNumber) as { d: string | null };
  return row.d;
}

/**
 * The business date a transaction (or void) made at `now` by the PC's clock belongs to: today in
 * Tehran by the municipality's clock (see `serverToday`), or — when today is already closed — the
 * day after the last closed day. A closed day never takes another sale. Dated by the PC's clock
 * alone, a PC running ahead put the evening's sales on a day that could not be opened or closed
 * yet, while their cash sat in today's drawer.
 */
export function businessDateFor(core: Core, now: number): string {
  return businessDateOn(core, municipalDate(core, now));
}

/** As `businessDateFor`, for a sale made on `today` by the municipality's clock. */
export function businessDateOn(core: Core, today: string): string {
  const office = core.office();
  if (!office) return today;
  return businessDateAfter(today, lastClosedDate(core, office.terminalNumber));
}

/**
 * Today in Tehran by the best clock this counter knows: the PC's clock corrected by the
 * municipality's, as the sync last measured the difference (`sync_state.clock_offset_ms`, the one
 * the Sync screen's drift warning shows), or the PC's clock alone before any sync measured it.
 * A day after this one has not come yet: it is neither opened nor closed.
 */
export function serverToday(core: Core): string {
  return municipalDate(core, core.now());
}

/**
 * The date in Tehran by the municipality's clock at `now` by the PC's: the day a sale made then is
 * priced for (its tariff, its late penalty) and booked on.
 */
export function municipalDate(core: Core, now: number): string {
  return tehranWallTime(now + clockOffsetMs(core)).isoDate;
}

/**
 * The municipality's clock minus the PC's, as the sync last measured it (0 before any sync), kept
 * across a change of the PC's clock since (see clock-watch.ts).
 */
export function clockOffsetMs(core: Core): number {
  return core.clockWatch.offsetMs();
}
