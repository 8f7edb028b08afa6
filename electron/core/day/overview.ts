import { AppError } from '../../../shared/result';
import type { Core } from '../core';
import { businessDateFor } from './business-date';
import { recentDays, unopenedDates } from './queries';

const RECENT_DAYS = 14;
const UNOPENED_LOOKBACK_MS = 60 * 24 * 60 * 60 * 1000;

export function dayOverview(core: Core) {
  const office = core.office();
  if (!office) throw new AppError('not_set_up');
  const now = core.now();
  const businessDate = businessDateFor(core, now);
  const from = new Date(now - UNOPENED_LOOKBACK_MS).toISOString().slice(0, 10);
  return {
    terminalNumber: office.terminalNumber,
    businessDate,
    days: recentDays(core, office.terminalNumber, RECENT_DAYS),
    unopenedDates: unopenedDates(core, office.terminalNumber, from),
  };
}
