const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day after an ISO date (`YYYY-MM-DD`), with no time zone involved. */
export function nextIsoDate(isoDate: string): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new Error(`not an ISO date: ${isoDate}`);
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return next.toISOString().slice(0, 10);
}

/**
 * The business day a transaction saved now belongs to: today in Tehran, unless today (or a later
 * day, if the clock went back) is already closed — a closed day is locked, so the save belongs to
 * the day after the last one closed.
 */
export function businessDateAfter(today: string, lastClosed: string | null): string {
  return lastClosed !== null && lastClosed >= today ? nextIsoDate(lastClosed) : today;
}
