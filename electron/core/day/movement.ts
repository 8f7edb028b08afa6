import type { CashMovementReason } from '../../../shared/reconciliation';
import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import { prepared } from '../db/open';
import type { Core } from '../core';
import { typedAmount } from './amounts';
import { dayReconciliation } from './detail';
import { requireDay } from './queries';

export interface MovementInput {
  readonly dayId: string;
  readonly direction: 'in' | 'out';
  readonly amount: string;
  readonly reason: CashMovementReason;
  readonly note: string;
}

/** Cash put into or taken out of the drawer during an open day (petty cash, bank deposit), with its reason. */
export function recordMovement(core: Core, session: Session, input: MovementInput): void {
  // Cash taken out is bounded by what the drawer should hold (checked exactly below), not by a fixed
  // cap: a day of large legal payments is deposited at the bank in one movement.
  const expected =
    input.direction === 'out' ? dayReconciliation(core, requireDay(core, input.dayId)).expectedCash : 0;
  const amount = typedAmount('amount', input.amount, expected);
  if (amount === 0) throw new AppError('amount_invalid', { field: 'amount', reason: 'amount_required' });
  core.db.transaction(() => {
    const day = requireDay(core, input.dayId);
    if (day.terminal_number !== core.office()?.terminalNumber) throw new AppError('day_other_terminal');
    if (day.state !== 'open') throw new AppError('day_already_closed');
    if (input.direction === 'out' && amount > dayReconciliation(core, day).expectedCash)
      throw new AppError('movement_exceeds_drawer');
    const now = core.now();
    prepared(
      core.db,
      'INSERT INTO cash_movements (day_id, direction, amount, reason, note, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(day.id, input.direction, amount, input.reason, input.note, session.userId, now);
    core.audit.append({
      action: 'cash_movement',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'business_day',
      entityId: day.id,
      details: { direction: input.direction, amount, reason: input.reason, note: input.note },
    });
  })();
}
