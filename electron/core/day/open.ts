import { newId } from '../../../shared/ids';
import type { DaySummary } from '../../../shared/ipc/calls/manager';
import { isIsoDate } from '../../../shared/fees/iso-date';
import { businessDateAfter } from '../../../shared/reconciliation';
import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import { prepared } from '../db/open';
import type { Core } from '../core';
import { typedAmount } from './amounts';
import { businessDateFor, lastClosedDate, serverToday } from './business-date';
import { daySummary, pendingLateVoids } from './queries';

/**
 * Opens a business day of this terminal with the cash float in the drawer: today's (the current
 * business date), or an earlier date that has sales but was never opened, so it can be closed.
 */
export function openDay(
  core: Core,
  session: Session,
  input: { businessDate: string; openingFloat: string },
): DaySummary {
  const office = core.office();
  if (!office) throw new AppError('not_set_up');
  if (!isIsoDate(input.businessDate)) throw new AppError('invalid_input', { fields: ['businessDate'] });
  const openingFloat = typedAmount('openingFloat', input.openingFloat);
  return core.db.transaction(() => {
    const current = businessDateFor(core, core.now());
    // Not a day that has not come yet by the municipality's clock: a PC clock running ahead would
    // otherwise open (and then close) a future day, and every later sale would go to the day after
    // it. The day after one closed today may be opened (today's later sales go to it), not closed.
    const latest = businessDateAfter(serverToday(core), lastClosedDate(core, office.terminalNumber));
    if (input.businessDate > latest) throw new AppError('day_in_future', { current: latest });
    const existing = prepared(
      core.db,
      'SELECT id FROM business_days WHERE terminal_number = ? AND business_date = ?',
    ).get(office.terminalNumber, input.businessDate);
    if (existing) throw new AppError('day_exists');
    // An earlier day is opened only to close what happened on it: its sales, or refunds of earlier
    // days' sales paid from its drawer (each close takes only the late voids made on its own date).
    if (
      input.businessDate < current &&
      !prepared(core.db, 'SELECT 1 FROM transactions WHERE business_date = ? LIMIT 1').get(
        input.businessDate,
      ) &&
      pendingLateVoids(core, office.terminalNumber, input.businessDate).length === 0
    )
      throw new AppError('day_without_sales', { current });
    const id = newId();
    const now = core.now();
    prepared(
      core.db,
      `INSERT INTO business_days (id, terminal_number, business_date, state, opening_float, opened_by, opened_at)
       VALUES (?, ?, ?, 'open', ?, ?, ?)`,
    ).run(id, office.terminalNumber, input.businessDate, openingFloat, session.userId, now);
    core.audit.append({
      action: 'day_opened',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'business_day',
      entityId: id,
      details: { businessDate: input.businessDate, terminal: office.terminalNumber, openingFloat },
    });
    return daySummary(core, id);
  })();
}
