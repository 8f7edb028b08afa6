import type { TransactionSummary } from '../../../shared/ipc/counter';
import { AppError } from '../../../shared/result';
import { parseTrackingCode, type ParsedTrackingCode } from '../../../shared/tracking-code';
import {
  compactDigits,
  validateLegalEntityId,
  validateMobile,
  validateNationalId,
} from '../../../shared/validation';
import type { Core } from '../core';
import { searchTransactions } from './queries';

/**
 * A valid code no sale here has, issued at another terminal of this office or at another office
 * (its first six digits say which): the citizen is told where to ask, not that the request does not
 * exist. A terminal holds only its own sales (the statuses the office's feed brings for another
 * terminal's are dropped, sync/pull.ts). A code of this terminal's own that no sale has is simply
 * not found.
 */
function issuedElsewhere(core: Core, code: ParsedTrackingCode): AppError | null {
  const office = core.office();
  if (!office) return null;
  const details = { officeCode: code.officeCode, terminalNumber: code.terminalNumber };
  if (code.officeCode !== office.code)
    return new AppError('transaction_not_found', { issuedAt: 'other_office', ...details });
  if (code.terminalNumber !== office.terminalNumber)
    return new AppError('transaction_not_found', { issuedAt: 'other_terminal', ...details });
  return null;
}

/**
 * One box for everything a citizen may bring: a tracking code (typed or scanned), a national ID (a
 * company's 11-digit شناسه ملی too) or a mobile number. A tracking code with a wrong check digit is
 * refused, not silently unmatched; one another counter issued is answered `transaction_not_found`
 * with where it was issued (`issuedAt`, `officeCode`, `terminalNumber`).
 */
export function findTransactions(core: Core, query: string): TransactionSummary[] {
  // Pasted from an SMS or a right-to-left text, a code may carry bidi marks or a ZWNJ between its groups.
  const compact = compactDigits(query).replace(/[_/.]/g, '');
  if (compact === '') return searchTransactions(core, {});
  const mobile = validateMobile(compact);
  if (/^\d{13,15}$/.test(compact)) {
    // A mobile written with its country code (0098 912 …) is as long as a tracking code: it is
    // taken as one when it is no tracking code, or no transaction has it as its code.
    const parsed = parseTrackingCode(compact);
    if (parsed.ok) {
      const found = searchTransactions(core, { trackingCode: parsed.value.code });
      if (found.length > 0) return found;
      // Also a mobile: read as one, not as another counter's code.
      if (mobile.ok) return searchTransactions(core, { mobile: mobile.value });
      const elsewhere = issuedElsewhere(core, parsed.value);
      if (elsewhere) throw elsewhere;
      return found;
    }
    if (mobile.ok) return searchTransactions(core, { mobile: mobile.value });
    throw new AppError('tracking_code_invalid', { reason: parsed.code });
  }
  const legalEntityId = validateLegalEntityId(compact);
  if (mobile.ok) {
    // Eleven digits from 09 that also pass as a شناسه ملی: the company's, when no mobile matches.
    const found = searchTransactions(core, { mobile: mobile.value });
    return found.length === 0 && legalEntityId.ok
      ? searchTransactions(core, { nationalId: legalEntityId.value })
      : found;
  }
  if (legalEntityId.ok) return searchTransactions(core, { nationalId: legalEntityId.value });
  const nationalId = validateNationalId(compact);
  if (nationalId.ok) return searchTransactions(core, { nationalId: nationalId.value });
  const reason = compact.length === 11 ? legalEntityId.code : nationalId.code;
  throw new AppError('invalid_input', { fields: ['query'], reason });
}
