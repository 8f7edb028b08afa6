/**
 * Calendar dates cross every boundary (catalog, IPC, server) as ISO `YYYY-MM-DD` Gregorian strings:
 * one unambiguous, sortable form. They name a day in Asia/Tehran; the caller works out which day
 * that is, so nothing here depends on the PC's time zone or clock.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function parseIsoDate(text: unknown): CalendarDay | undefined {
  if (typeof text !== 'string') return undefined;
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC rolls 2025-02-30 over to March; a round trip that changes the date means it never existed.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

export function isIsoDate(text: unknown): text is string {
  return parseIsoDate(text) !== undefined;
}
