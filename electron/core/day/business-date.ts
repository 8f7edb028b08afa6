import { tehranWallTime } from '../../../shared/jalali';
import { businessDateAfter } from '../../../shared/reconciliation';
import { AppError } from '../../../shared/result';
import { prepared, type Db } from '../db/open';
import { storeClockOffset } from '../sync/state';
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
  return dateWithOffset(now, clockOffsetMs(core));
}

/** As `municipalDate`, with the offset already read (one reading for everything a write records). */
export function dateWithOffset(now: number, offsetMs: number): string {
  return tehranWallTime(now + offsetMs).isoDate;
}

/**
 * The municipality's clock minus the PC's, as the sync last measured it (0 before any sync), kept
 * across a change of the PC's clock since (see clock-watch.ts).
 */
export function clockOffsetMs(core: Core): number {
  return core.clockWatch.offsetMs();
}

/** The latest date a sale of this terminal was priced for, per database (a restore opens another). */
const pricedUpTo = new WeakMap<Db, { date: string | null }>();

function latestPricing(core: Core): { date: string | null } {
  let latest = pricedUpTo.get(core.db);
  if (!latest) {
    // The pricing date is the outbox body's (the transaction's own business_date may be the day
    // after a close). Outbox rows are kept once delivered; the newest is the latest sale.
    const date = prepared(
      core.db,
      "SELECT json_extract(body, '$.businessDate') FROM outbox WHERE kind = 'transaction' ORDER BY seq DESC LIMIT 1",
    )
      .pluck()
      .get() as string | null | undefined;
    latest = { date: typeof date === 'string' ? date : null };
    pricedUpTo.set(core.db, latest);
  }
  return latest;
}

/** A sale priced for `date` was saved (call inside its transaction: a rollback only leaves a date it had). */
export function notePriced(core: Core, date: string): void {
  const latest = latestPricing(core);
  if (latest.date === null || date > latest.date) latest.date = date;
}

/**
 * The day a sale made at `now` (by the PC's clock) is priced for: today by the municipality's clock
 * (`municipalDate`), never a day before the last sale this terminal priced unless that clock can be
 * trusted. A PC whose clock was set back while the app was closed, or came up reset after a power cut
 * (a flat CMOS battery: 2010, or months back), otherwise priced by an old tariff with fewer months of
 * late penalty, and the municipality's re-check accepts the date the counter sends.
 *
 * - A sync measured the municipality's clock against the PC's clock as it runs now
 *   (`offsetTrusted`): its date stands, whatever the sales before it were priced for (a terminal
 *   that priced ahead before the sync corrected it is not held to those dates).
 * - The PC's own clock is not behind the last sale, only the offset stored with it makes it so: the
 *   offset was measured against the clock before someone put it right while the app was closed. It
 *   is dropped (the PC's clock is followed until the next sync measures), with an audit entry.
 * - Someone set the PC's clock while the app ran (the watch saw it and the trail has it): that is
 *   followed, as the watch follows a change of a clock no sync measured.
 * - Otherwise the sale is refused (`clock_behind_last_sale`, with the PC's date and the last sale's):
 *   the operator sets the PC's date or syncs, and saves again.
 */
export function pricingDate(core: Core, now: number): { readonly date: string; readonly offsetMs: number } {
  const offsetMs = clockOffsetMs(core);
  const today = dateWithOffset(now, offsetMs);
  const priced = { date: today, offsetMs };
  const { date: lastSale } = latestPricing(core);
  if (lastSale === null || today >= lastSale) return priced;
  if (core.clockWatch.offsetTrusted()) return priced;
  const pcDate = dateWithOffset(now, 0);
  if (pcDate >= lastSale) {
    core.db.transaction(() => {
      storeClockOffset(core.db, 0);
      core.audit.append({
        action: 'clock_offset_dropped',
        entity: 'terminal',
        details: { offsetBeforeMs: offsetMs, lastSaleDate: lastSale, pcDate },
      });
    })();
    return { date: pcDate, offsetMs: 0 };
  }
  if (core.clockWatch.sinceChangeMs() !== Number.POSITIVE_INFINITY) return priced;
  throw new AppError('clock_behind_last_sale', { date: pcDate, lastSaleDate: lastSale });
}
