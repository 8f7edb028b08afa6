import type { Office } from '../../../shared/ipc/schemas';
import { AppError } from '../../../shared/result';
import type { Core } from '../core';
import type { Db } from '../db/open';
import { lastIssuedSequence } from '../transactions/sequence';
import { getOffice } from './office';

/** What fixed this terminal's office code and number for good. */
export type IdentityFreeze = 'enrolled' | 'tracking_code_issued' | 'business_day_opened' | 'queued_for_sync';

/**
 * Why the office code and terminal number can no longer change, or null while they still may.
 * Tracking codes embed both (a code handed to a citizen must stay this terminal's), the server
 * knows the terminal by them once enrolled, business days are kept per terminal number (and are
 * frozen), and whatever waits in the outbox was written under them.
 */
export function identityFrozenBy(db: Db): IdentityFreeze | null {
  const has = (sql: string) => db.prepare(sql).get() !== undefined;
  if (has('SELECT 1 FROM sync_identity')) return 'enrolled';
  if (lastIssuedSequence(db) > 0) return 'tracking_code_issued';
  if (has('SELECT 1 FROM business_days')) return 'business_day_opened';
  if (has('SELECT 1 FROM outbox')) return 'queued_for_sync';
  return null;
}

/**
 * A manager corrects the office code or terminal number typed at setup (enrollment said the code
 * is another office's, or the number is another PC's) while nothing has been issued under them yet
 * (see identityFrozenBy): in one SQLite transaction, the office row and an audit entry with both
 * the old and the new values. The same values again change nothing and write nothing.
 */
export function correctOfficeIdentity(
  core: Core,
  correction: { readonly officeCode: string; readonly terminalNumber: number },
  actor: { readonly userId: number; readonly username: string } | null,
): Office {
  try {
    return correctInTransaction(core, correction, actor);
  } catch (error) {
    // The cached profile follows the row, also when the write was rolled back.
    core.refreshOffice();
    throw error;
  }
}

function correctInTransaction(
  core: Core,
  correction: { readonly officeCode: string; readonly terminalNumber: number },
  actor: { readonly userId: number; readonly username: string } | null,
): Office {
  return core.db.transaction((): Office => {
    const before = getOffice(core.db);
    if (!before) throw new AppError('not_set_up');
    if (before.code === correction.officeCode && before.terminalNumber === correction.terminalNumber)
      return before;
    const frozenBy = identityFrozenBy(core.db);
    if (frozenBy) throw new AppError('office_identity_frozen', { reason: frozenBy });
    core.db
      .prepare('UPDATE office SET code = ?, terminal_number = ? WHERE id = 1')
      .run(correction.officeCode, correction.terminalNumber);
    core.refreshOffice();
    core.audit.append({
      action: 'office_identity_corrected',
      actorUserId: actor?.userId ?? null,
      actorUsername: actor?.username ?? null,
      entity: 'office',
      entityId: correction.officeCode,
      details: {
        fromOfficeCode: before.code,
        fromTerminalNumber: before.terminalNumber,
        officeCode: correction.officeCode,
        terminalNumber: correction.terminalNumber,
      },
    });
    const after = getOffice(core.db);
    if (!after) throw new Error('the office row went missing');
    return after;
  })();
}
