import { prepared } from '../db/open';
import type { ReceiptLayout } from '../../../shared/ipc/schemas';
import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import type { Core } from '../core';
import { findTransactionRow } from './queries';

/** Every print is recorded; the copy number tells a reprint (a duplicate) from the original. */
export function recordReceiptPrint(core: Core, session: Session, id: string, layout: ReceiptLayout): number {
  return core.db.transaction(() => {
    const row = findTransactionRow(core, id);
    if (!row) throw new AppError('transaction_not_found');
    const { n } = prepared(core.db, 'SELECT count(*) AS n FROM receipt_prints WHERE transaction_id = ?').get(
      id,
    ) as { n: number };
    const copyNumber = n + 1;
    prepared(
      core.db,
      'INSERT INTO receipt_prints (transaction_id, copy_number, layout, printed_by, at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, copyNumber, layout, session.userId, core.now());
    core.audit.append({
      action: copyNumber === 1 ? 'receipt_printed' : 'receipt_reprinted',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'transaction',
      entityId: id,
      details: { copyNumber, layout },
    });
    return copyNumber;
  })();
}

/** Printing is only for a receipt whose print was recorded first. */
export function requireRecordedPrint(core: Core, id: string): void {
  if (!findTransactionRow(core, id)) throw new AppError('transaction_not_found');
  const printed = prepared(core.db, 'SELECT 1 FROM receipt_prints WHERE transaction_id = ? LIMIT 1').get(id);
  if (!printed) throw new AppError('transaction_not_found', { reason: 'print_not_recorded' });
}
