import { normalizeName } from './text/normalize';
import { validateMobile, validateNationalId } from './validation';

/** The citizen as typed at the counter. */
export interface CitizenDraft {
  readonly nationalId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly mobile: string;
}

export interface Citizen {
  readonly nationalId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly mobile: string | null;
}

export const NAME_MAX_LENGTH = 60;

export type CitizenCheck =
  | { readonly ok: true; readonly value: Citizen }
  | {
      readonly ok: false;
      readonly errors: Partial<Record<keyof CitizenDraft, string>>;
      /** The national ID alone, when it is valid: enough to look the citizen up. */
      readonly nationalId: string | null;
    };

function checkName(raw: string): { ok: true; value: string } | { ok: false; code: string } {
  const name = normalizeName(raw);
  if (name.length === 0) return { ok: false, code: 'name_required' };
  if (name.length < 2) return { ok: false, code: 'name_too_short' };
  if (name.length > NAME_MAX_LENGTH) return { ok: false, code: 'name_too_long' };
  return { ok: true, value: name };
}

/** One check for the counter screen and the core: canonical values, or a code per bad field. */
export function checkCitizen(draft: CitizenDraft): CitizenCheck {
  const errors: Partial<Record<keyof CitizenDraft, string>> = {};
  const nationalId = validateNationalId(draft.nationalId);
  if (!nationalId.ok) errors.nationalId = nationalId.code;
  const firstName = checkName(draft.firstName);
  if (!firstName.ok) errors.firstName = firstName.code;
  const lastName = checkName(draft.lastName);
  if (!lastName.ok) errors.lastName = lastName.code;
  let mobile: string | null = null;
  // Optional: a mobile that shows nothing (spaces, ZWNJ, direction marks) is none.
  if (normalizeName(draft.mobile) !== '') {
    const m = validateMobile(draft.mobile);
    if (m.ok) mobile = m.value;
    else errors.mobile = m.code;
  }
  if (nationalId.ok && firstName.ok && lastName.ok && Object.keys(errors).length === 0) {
    return {
      ok: true,
      value: { nationalId: nationalId.value, firstName: firstName.value, lastName: lastName.value, mobile },
    };
  }
  return { ok: false, errors, nationalId: nationalId.ok ? nationalId.value : null };
}
