import { prepared } from '../db/open';
import type { ReceiptLayout } from '../../../shared/ipc/schemas';
import { AppError } from '../../../shared/result';
import type { Session } from '../accounts/sessions';
import type { Core } from '../core';
import { copiesPrinted, findTransactionRow } from './queries';

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
 * recorded: a copy without paper can be explained, paper without a record cannot. Only a copy
 * that surely reached neither paper nor a file is given back (`giveBackReceiptCopy`).
 */
export function recordReceiptCopy(core: Core, session: Session, copy: ReceiptCopy): void {
  core.db.transaction(() => {
    if (!findTransactionRow(core, copy.id)) throw new AppError('transaction_not_found');
    const nextCopy = copiesPrinted(core, copy.id) + 1;
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

export interface CancelledCopy {
  readonly id: string;
  readonly copyNumber: number;
  readonly target: 'printer' | 'pdf';
}

/**
 * Gives back the copy just recorded when its print was cancelled before anything left the app:
 * the operator closed the print dialog (Electron answers 'cancelled'; no job was sent) or the PDF's
 * save dialog (no file written). Otherwise the citizen's only receipt, printed next, would say it
 * is a duplicate («المثنی»). The copy's row is marked cancelled, never deleted, and the audit trail
 * says so; the next print is the same copy number again. Only the latest copy on record is given
 * back, and only by whoever recorded it: should another window have recorded a later copy
 * meanwhile, that number is taken, and this copy stays recorded (`receipt_copy_not_next`), as a
 * failed print's does. Called by the main process only (it alone knows the dialog's answer), never
 * from the page.
 */
export function giveBackReceiptCopy(core: Core, session: Session, copy: CancelledCopy): void {
  core.db.transaction(() => {
    const last = prepared(
      core.db,
      `SELECT id, copy_number, printed_by FROM receipt_prints
        WHERE transaction_id = ? AND cancelled_at IS NULL ORDER BY id DESC LIMIT 1`,
    ).get(copy.id) as { id: number; copy_number: number; printed_by: number } | undefined;
    // Refused as a copy that is not where the record stands: the copy after the last one is next.
    if (!last || last.copy_number !== copy.copyNumber || last.printed_by !== session.userId)
      throw new AppError('receipt_copy_not_next', {
        copyNumber: copy.copyNumber,
        nextCopy: copiesPrinted(core, copy.id) + 1,
      });
    prepared(core.db, 'UPDATE receipt_prints SET cancelled_at = ? WHERE id = ?').run(core.now(), last.id);
    core.audit.append({
      action: 'receipt_print_cancelled',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'transaction',
      entityId: copy.id,
      details: { copyNumber: copy.copyNumber, target: copy.target },
    });
  })();
}
