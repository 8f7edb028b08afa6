import { prepared } from '../db/open';
import type { ReceiptLayout } from '../../../shared/ipc/schemas';
import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import type { Core } from '../core';
import { findTransactionRow } from './queries';

export interface ReceiptCopy {
  readonly id: string;
  /** The copy the window drew and is about to print: the one after the copies recorded so far. */
  readonly copyNumber: number;
  readonly layout: ReceiptLayout;
  readonly target: 'printer' | 'pdf';
}

/**
 * Records the copy of a receipt that is about to be printed (or saved as a PDF), in the same call
 * that lets the host print it: every copy on paper or in a file has its own row, and a reprint is
 * numbered as a duplicate. The copy named must be the next one: a copy already recorded is never
 * printed again (its paper may be out already), so a retry after a failed print, or after a crash
 * between this record and the printer, is the next copy. Copies recorded whose print failed stay
 * recorded: a copy without paper can be explained, paper without a record cannot.
 */
export function recordReceiptCopy(core: Core, session: Session, copy: ReceiptCopy): void {
  core.db.transaction(() => {
    if (!findTransactionRow(core, copy.id)) throw new AppError('transaction_not_found');
    const { n } = prepared(core.db, 'SELECT count(*) AS n FROM receipt_prints WHERE transaction_id = ?').get(
      copy.id,
    ) as { n: number };
    const nextCopy = n + 1;
    if (copy.copyNumber !== nextCopy)
      throw new AppError('receipt_copy_not_next', { copyNumber: copy.copyNumber, nextCopy });
    prepared(
      core.db,
      'INSERT INTO receipt_prints (transaction_id, copy_number, layout, printed_by, at) VALUES (?, ?, ?, ?, ?)',
    ).run(copy.id, nextCopy, copy.layout, session.userId, core.now());
    core.audit.append({
      action: nextCopy === 1 ? 'receipt_printed' : 'receipt_reprinted',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'transaction',
      entityId: copy.id,
      details: { copyNumber: nextCopy, layout: copy.layout, target: copy.target },
    });
  })();
}
