import { AppError } from '../../../shared/result';
import type { Core } from '../core';
import { businessDateFor } from './business-date';
import { recentDays, unopenedDates } from './queries';

/** Closed days shown beside the open ones (every open day is shown). */
const RECENT_CLOSED_DAYS = 14;

export function dayOverview(core: Core) {
  const office = core.office();
  if (!office) throw new AppError('not_set_up');
  const now = core.now();
  const businessDate = businessDateFor(core, now);
  return {
    terminalNumber: office.terminalNumber,
    businessDate,
    days: recentDays(core, office.terminalNumber, RECENT_CLOSED_DAYS),
    unopenedDates: unopenedDates(core, office.terminalNumber),
  };
}
