import { newId } from '../../../shared/ids';
import { differences, missingNotes, reconcile } from '../../../shared/reconciliation';
import { AppError } from '../../../shared/result';
import { authenticate } from '../accounts/auth';
import type { Session } from '../accounts/sessions';
import { prepared } from '../db/open';
import type { Core } from '../core';
import { typedAmount } from './amounts';
import { serverToday } from './business-date';
import { fingerprintOf } from './detail';
import { dayInput, requireDay, unacknowledgedCount } from './queries';

export interface CloseInput {
  readonly dayId: string;
  readonly fingerprint: string;
  readonly countedCash: string;
  readonly cardSlipTotal: string;
  readonly cashNote: string;
  readonly cardNote: string;
  readonly password: string;
}

/**
 * Closes one of this terminal's open days: the counted cash and the card terminal's settlement slip
 * are compared with what the lines say, every difference carries a note, the manager signs with
 * their password. The closed day is frozen, later sales belong to the next day, and the settlement
 * report waits in the outbox for the municipality. Works offline: nothing here touches the network.
 */
export async function closeDay(core: Core, session: Session, input: CloseInput): Promise<void> {
  const office = core.office();
  if (!office) throw new AppError('not_set_up');
  const first = requireDay(core, input.dayId);
  if (first.terminal_number !== office.terminalNumber) throw new AppError('day_other_terminal');
  if (first.state !== 'open') throw new AppError('day_already_closed');
  // Each count against the figure it is compared with; the fingerprint below makes sure those are
  // the figures the close signs.
  const seen = reconcile(dayInput(core, first));
  const countedCash = typedAmount('countedCash', input.countedCash, seen.expectedCash);
  const cardSlipTotal = typedAmount('cardSlipTotal', input.cardSlipTotal, seen.expectedCard);
  // A day closes once it has come by the municipality's clock (see `serverToday`): a closed future
  // day would push every later sale to the day after it, even once the PC's clock is put right.
  const today = serverToday(core);
  if (first.business_date > today) throw new AppError('day_in_future', { current: today });

  const signer = await authenticate(core, session.username, input.password, 'approval');
  if (signer.role !== 'manager') throw new AppError('forbidden');

  core.db.transaction(() => {
    // Re-read inside the write: another window may have closed it, or a sale landed, meanwhile.
    const day = requireDay(core, input.dayId);
    if (day.state !== 'open') throw new AppError('day_already_closed');
    const dayData = dayInput(core, day);
    const reconciliation = reconcile(dayData);
    if (fingerprintOf(reconciliation, dayData.movements.length) !== input.fingerprint)
      throw new AppError('day_changed');
    const diff = differences(reconciliation, { cash: countedCash, cardSlip: cardSlipTotal });
    const missing = missingNotes(diff, { cash: input.cashNote, card: input.cardNote });
    if (missing.length > 0) throw new AppError('difference_note_required', { missing });
    const now = core.now();
    // A note explains a difference: one typed before the count was put right explains nothing, and
    // would be signed and sent to the municipality beside a day that balances.
    const cashNote = diff.cash !== 0 ? input.cashNote.trim() || null : null;
    const cardNote = diff.card !== 0 ? input.cardNote.trim() || null : null;

    const lateVoid = prepared(core.db, 'INSERT INTO late_voids (transaction_id, day_id) VALUES (?, ?)');
    for (const v of dayData.lateVoids) lateVoid.run(v.transactionId, day.id);

    const audit = prepared(core.db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    const settlement = {
      id: day.id,
      office: office.code,
      terminal: office.terminalNumber,
      businessDate: day.business_date,
      openedAt: day.opened_at,
      closedAt: now,
      closedBy: signer.username,
      reconciliation,
      counted: { cash: countedCash, cardSlip: cardSlipTotal },
      differences: diff,
      notes: { cash: cashNote, card: cardNote },
      lateVoids: dayData.lateVoids.map((v) => v.transactionId),
      unacknowledgedAtClose: unacknowledgedCount(core, day.business_date),
      // The audit trail's head when the day closed: the server can tell if the trail is later cut short.
      auditHead: audit ? { seq: audit.seq, hash: audit.hash } : null,
    };
    const body = JSON.stringify(settlement);
    prepared(
      core.db,
      `UPDATE business_days SET state = 'closed', closed_by = ?, closed_at = ?, counted_cash = ?, card_slip_total = ?,
         expected_cash = ?, expected_card = ?, cash_difference = ?, card_difference = ?, cash_note = ?, card_note = ?,
         voids_through = (SELECT coalesce(max(id), 0) FROM voids), settlement = ?
       WHERE id = ? AND state = 'open'`,
    ).run(
      signer.id,
      now,
      countedCash,
      cardSlipTotal,
      reconciliation.expectedCash,
      reconciliation.expectedCard,
      diff.cash,
      diff.card,
      cashNote,
      cardNote,
      body,
      day.id,
    );
    prepared(
      core.db,
      "INSERT INTO outbox (id, kind, entity_id, body, created_at) VALUES (?, 'day_settlement', ?, ?, ?)",
    ).run(newId(), day.id, body, now);
    core.audit.append({
      action: 'day_closed',
      actorUserId: signer.id,
      actorUsername: signer.username,
      entity: 'business_day',
      entityId: day.id,
      details: {
        businessDate: day.business_date,
        expectedCash: reconciliation.expectedCash,
        countedCash,
        cashDifference: diff.cash,
        expectedCard: reconciliation.expectedCard,
        cardSlipTotal,
        cardDifference: diff.card,
        lateVoids: dayData.lateVoids.length,
      },
    });
  })();
}
