import { normalizeName } from './text/normalize';
import { validateLegalEntityId, validateMobile, validateNationalId } from './validation';

/**
 * Who pays at the counter: a citizen (a natural person, شخص حقیقی) identified by the 10-digit کد ملی,
 * or a legal person (شخص حقوقی: a company, a cooperative, an institution) identified by the 11-digit
 * شناسه ملی and its registered name. A citizen's shape carries no `kind`: it is what the counter has
 * always saved and pushed, and old counters keep pushing it.
 */

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

/** A legal person as typed at the counter. */
export interface LegalPersonDraft {
  readonly legalEntityId: string;
  readonly name: string;
  readonly mobile: string;
}

export interface LegalPerson {
  readonly kind: 'legal';
  /** شناسه ملی: 11 ASCII digits. */
  readonly legalEntityId: string;
  /** The registered name (نام شخص حقوقی), normalized as names are. */
  readonly name: string;
  readonly mobile: string | null;
}

/** Whoever a transaction is for: a citizen or a legal person. */
export type Payer = Citizen | LegalPerson;
export type PayerKind = 'natural' | 'legal';

export function isLegalPerson(payer: Payer): payer is LegalPerson {
  return 'kind' in payer && payer.kind === 'legal';
}

/** The payer's identifier: the کد ملی of a citizen, the شناسه ملی of a legal person. */
export function payerId(payer: Payer): string {
  return isLegalPerson(payer) ? payer.legalEntityId : payer.nationalId;
}

/** The payer's name as a receipt or a list shows it. */
export function payerName(payer: Payer): string {
  return isLegalPerson(payer) ? payer.name : `${payer.firstName} ${payer.lastName}`;
}

export const NAME_MAX_LENGTH = 60;
/** Registered names run long («شرکت تعاونی مصرف کارکنان …»); the registry's own field is longer still. */
export const LEGAL_NAME_MAX_LENGTH = 150;

export type CitizenCheck =
  | { readonly ok: true; readonly value: Citizen }
  | {
      readonly ok: false;
      readonly errors: Partial<Record<keyof CitizenDraft, string>>;
      /** The national ID alone, when it is valid: enough to look the citizen up. */
      readonly nationalId: string | null;
    };

export type LegalPersonCheck =
  | { readonly ok: true; readonly value: LegalPerson }
  | {
      readonly ok: false;
      readonly errors: Partial<Record<keyof LegalPersonDraft, string>>;
      /** The شناسه ملی alone, when it is valid: enough to look the legal person up. */
      readonly legalEntityId: string | null;
    };

type NameCheck = { ok: true; value: string } | { ok: false; code: string };

function checkName(raw: string): NameCheck {
  const name = normalizeName(raw);
  if (name.length === 0) return { ok: false, code: 'name_required' };
  if (name.length < 2) return { ok: false, code: 'name_too_short' };
  if (name.length > NAME_MAX_LENGTH) return { ok: false, code: 'name_too_long' };
  return { ok: true, value: name };
}

function checkLegalName(raw: string): NameCheck {
  const name = normalizeName(raw);
  if (name.length === 0) return { ok: false, code: 'legal_name_required' };
  if (name.length < 2) return { ok: false, code: 'legal_name_too_short' };
  if (name.length > LEGAL_NAME_MAX_LENGTH) return { ok: false, code: 'legal_name_too_long' };
  return { ok: true, value: name };
}

/** Optional: a mobile that shows nothing (spaces, ZWNJ, direction marks) is none. */
function checkOptionalMobile(raw: string): { ok: true; value: string | null } | { ok: false; code: string } {
  if (normalizeName(raw) === '') return { ok: true, value: null };
  const m = validateMobile(raw);
  return m.ok ? m : { ok: false, code: m.code };
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
  const mobile = checkOptionalMobile(draft.mobile);
  if (!mobile.ok) errors.mobile = mobile.code;
  if (nationalId.ok && firstName.ok && lastName.ok && mobile.ok) {
    return {
      ok: true,
      value: {
        nationalId: nationalId.value,
        firstName: firstName.value,
        lastName: lastName.value,
        mobile: mobile.value,
      },
    };
  }
  return { ok: false, errors, nationalId: nationalId.ok ? nationalId.value : null };
}

/** The same for a legal person: the شناسه ملی, the registered name and an optional mobile. */
export function checkLegalPerson(draft: LegalPersonDraft): LegalPersonCheck {
  const errors: Partial<Record<keyof LegalPersonDraft, string>> = {};
  const legalEntityId = validateLegalEntityId(draft.legalEntityId);
  if (!legalEntityId.ok) errors.legalEntityId = legalEntityId.code;
  const name = checkLegalName(draft.name);
  if (!name.ok) errors.name = name.code;
  const mobile = checkOptionalMobile(draft.mobile);
  if (!mobile.ok) errors.mobile = mobile.code;
  if (legalEntityId.ok && name.ok && mobile.ok) {
    return {
      ok: true,
      value: { kind: 'legal', legalEntityId: legalEntityId.value, name: name.value, mobile: mobile.value },
    };
  }
  return { ok: false, errors, legalEntityId: legalEntityId.ok ? legalEntityId.value : null };
}

/** A payer as the page sends it (a mobile left out is null). */
export type PayerInput =
  | {
      readonly nationalId: string;
      readonly firstName: string;
      readonly lastName: string;
      readonly mobile: string | null;
    }
  | {
      readonly kind: 'legal';
      readonly legalEntityId: string;
      readonly name: string;
      readonly mobile: string | null;
    };

export type PayerCheck =
  | { readonly ok: true; readonly value: Payer }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** Either check, by the payer's kind: what the core and the municipal server run on a payer. */
export function checkPayer(input: PayerInput): PayerCheck {
  const checked =
    'kind' in input
      ? checkLegalPerson({ ...input, mobile: input.mobile ?? '' })
      : checkCitizen({ ...input, mobile: input.mobile ?? '' });
  return checked.ok ? { ok: true, value: checked.value } : { ok: false, errors: checked.errors };
}
