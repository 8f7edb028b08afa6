import { useEffect, useState } from 'react';
import { formatJalali, gregorianToJalali, tehranWallTime } from '../../shared/jalali';

/** Longest wait between looks at the clock: a PC that slept, or a clock set by hand, is caught up within it. */
const MAX_WAIT_MS = 60 * 60_000;

/** Today's Jalali date in Tehran (`1404/12/29`, ASCII digits). */
export function tehranJalaliToday(epochMs: number): string {
  return formatJalali(gregorianToJalali(tehranWallTime(epochMs).isoDate));
}

/** Milliseconds from an instant to the next midnight in Tehran (whose offsets are whole minutes). */
export function msUntilTehranMidnight(epochMs: number): number {
  const wall = tehranWallTime(epochMs);
  const intoMinute = ((epochMs % 60_000) + 60_000) % 60_000;
  return ((24 - wall.hour) * 60 - wall.minute) * 60_000 - intoMinute;
}

/** Today's date in Tehran, turning over at midnight there even when nothing else redraws the page. */
export function useTehranToday(): string {
  const [today, setToday] = useState(() => tehranJalaliToday(Date.now()));
  useEffect(() => {
    let timer = 0;
    function schedule(): void {
      const wait = Math.min(msUntilTehranMidnight(Date.now()), MAX_WAIT_MS);
      timer = window.setTimeout(() => {
        setToday(tehranJalaliToday(Date.now()));
        schedule();
      }, wait);
    }
    setToday(tehranJalaliToday(Date.now()));
    schedule();
    return () => window.clearTimeout(timer);
  }, []);
  return today;
}
