import type { Payer, PayerKind } from '../../../shared/citizen';
import { validateLegalEntityId, validateNationalId } from '../../../shared/validation';
import type { Core } from '../core';
import { prepared } from '../db/open';
import { payerFromRow } from './queries';

/**
 * A payer seen before at this terminal, as last saved: a citizen by کد ملی, a legal person by
 * شناسه ملی (both in `citizens.national_id`, migration 0013). Null for an ID that is not valid or
 * not known here, and for an ID of the other kind.
 */
export function lookUpPayer(
  core: Core,
  by: { nationalId: string } | { legalEntityId: string },
): Payer | null {
  const kind: PayerKind = 'legalEntityId' in by ? 'legal' : 'natural';
  const id =
    'legalEntityId' in by ? validateLegalEntityId(by.legalEntityId) : validateNationalId(by.nationalId);
  if (!id.ok) return null;
  const row = prepared(
    core.db,
    'SELECT kind, national_id, first_name, last_name, mobile FROM citizens WHERE national_id = ? AND kind = ?',
  ).get(id.value, kind) as
    | { kind: PayerKind; national_id: string; first_name: string; last_name: string; mobile: string | null }
    | undefined;
  return row
    ? payerFromRow({
        citizen_kind: row.kind,
        citizen_national_id: row.national_id,
        citizen_first_name: row.first_name,
        citizen_last_name: row.last_name,
        citizen_mobile: row.mobile,
      })
    : null;
}
