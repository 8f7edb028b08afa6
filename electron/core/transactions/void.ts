import { prepared } from '../db/open';
import { newId } from '../../../shared/ids';
import { CANCELLABLE_STATUSES, VOIDABLE_STATUSES, type TransactionStatus } from '../../../shared/ipc/counter';
import { AppError } from '../../../shared/result';
import { canonicalJson } from '../../../shared/sync/canonical-json';
import { authenticate } from '../accounts/auth';
import type { Session } from '../accounts/sessions';
import type { Core } from '../core';
import { businessDateOn, clockOffsetMs, dateWithOffset } from '../day/business-date';
import { findTransactionRow } from './queries';

/** Before the municipality has acted, a transaction can be voided; afterwards only a cancellation requested. */
const VOIDABLE: ReadonlySet<TransactionStatus> = new Set(VOIDABLE_STATUSES);
const CANCELLABLE: ReadonlySet<TransactionStatus> = new Set(CANCELLABLE_STATUSES);

/** Why a transaction can be neither voided nor have its cancellation requested. */
function notVoidable(status: TransactionStatus): AppError {
  // The municipality rejected the request: its decision is final, there is nothing to cancel.
  return status === 'rejected'
    ? new AppError('transaction_final', { status })
    : new AppError('already_voided');
}

export interface VoidRequest {
  readonly id: string;
  readonly reason: string;
  readonly approverUsername: string;
  readonly approverPassword: string;
}

/**
 * The operator asks, a manager approves on the spot with their own password. Nothing is deleted:
 * the transaction's status changes, the void is recorded, audited, and queued for the municipality.
 */
export async function voidTransaction(
  core: Core,
  session: Session,
  request: VoidRequest,
): Promise<{ kind: 'void' | 'cancellation_request'; status: TransactionStatus }> {
  const before = findTransactionRow(core, request.id);
  if (!before) throw new AppError('transaction_not_found');
  if (!VOIDABLE.has(before.status) && !CANCELLABLE.has(before.status)) throw notVoidable(before.status);

  // At an operator's window this is a counter approval: the approver may have no session here to
  // end, so the password is not kept (one remembered from their own login is still recognized), and
  // its wrong ones delay counter approvals rather than lock the account (accounts/approval-delay.ts).
  // At the manager's own window it is their own signature, as a day close is: an operator's wrong
  // guesses elsewhere do not make the manager wait to approve at their own desk.
  const ownWindow = request.approverUsername === session.username;
  const approver = await authenticate(core, request.approverUsername, request.approverPassword, 'approval', {
    remember: ownWindow,
  });
  if (approver.role !== 'manager') throw new AppError('approver_not_manager');
  // A temporary password is one another manager set and knows: it signs nothing until changed.
  if (approver.mustChangePassword) throw new AppError('password_change_required', { call: 'approval' });

  return core.db.transaction(() => {
    // Re-read inside the write: the status may have changed while the password was being checked.
    const row = findTransactionRow(core, request.id);
    if (!row) throw new AppError('transaction_not_found');
    let kind: 'void' | 'cancellation_request';
    if (VOIDABLE.has(row.status)) kind = 'void';
    else if (CANCELLABLE.has(row.status)) kind = 'cancellation_request';
    else throw notVoidable(row.status);
    // One void or cancellation request per transaction: after the municipality declined a request
    // (and moved the status back) it is not asked again from the counter.
    const earlier = prepared(core.db, 'SELECT kind, at FROM voids WHERE transaction_id = ?').get(row.id) as
      { kind: string; at: number } | undefined;
    if (earlier) throw new AppError('already_voided', { earlierKind: earlier.kind, earlierAt: earlier.at });
    const status: TransactionStatus = kind === 'void' ? 'voided' : 'cancellation_requested';
    const now = core.now();
    // Read once, for the day it is booked on and its history entry's time: they cannot disagree
    // should the clock watch correct it in between.
    const offsetMs = clockOffsetMs(core);
    // The business day it is made on: a refund of a closed day's sale leaves that day's drawer.
    prepared(
      core.db,
      `INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at, business_date)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.id,
      kind,
      request.reason,
      session.userId,
      approver.id,
      now,
      businessDateOn(core, dateWithOffset(now, offsetMs)),
    );
    prepared(core.db, 'UPDATE transactions SET status = ? WHERE id = ?').run(status, row.id);
    prepared(
      core.db,
      `INSERT INTO status_history (transaction_id, status, source, reason, actor_user_id, at, clock_offset_ms)
       VALUES (?, ?, 'counter', ?, ?, ?, ?)`,
    ).run(row.id, status, request.reason, approver.id, now, offsetMs);
    prepared(
      core.db,
      'INSERT INTO outbox (id, kind, entity_id, body, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(
      newId(),
      kind,
      row.id,
      canonicalJson({
        transactionId: row.id,
        trackingCode: row.tracking_code,
        kind,
        reason: request.reason,
        approvedBy: approver.username,
        at: now,
      }),
      now,
    );
    core.audit.append({
      action: `${kind}_requested`,
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'transaction',
      entityId: row.id,
      details: { reason: request.reason },
    });
    core.audit.append({
      action: `${kind}_approved`,
      actorUserId: approver.id,
      actorUsername: approver.username,
      entity: 'transaction',
      entityId: row.id,
      details: { previousStatus: row.status },
    });
    return { kind, status };
  })();
}
