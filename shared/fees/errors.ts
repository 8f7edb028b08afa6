/**
 * Why a fee could not be computed. Codes are stable: they are i18n keys in `catalog.json`
 * (`catalog.fee_field_missing`) and the server compares them when it re-checks a fee.
 */
export const FEE_ERROR_CODES = [
  /** A field the rule needs has no value. */
  'fee_field_missing',
  /** A field's value has the wrong type or is out of range (negative, fractional, unknown option). */
  'fee_field_invalid',
  /** The `today` passed in is not a real `YYYY-MM-DD` date. */
  'fee_today_invalid',
  /** An amount went past Number.MAX_SAFE_INTEGER Rials, or the total past what a payment can carry (MAX_RIALS). */
  'fee_amount_too_large',
  /** Discounts came to more than the charges. */
  'fee_negative_total',
  /** The rule itself is malformed; a catalog that passed the schema never produces this. */
  'fee_rule_invalid',
] as const;

export type FeeErrorCode = (typeof FEE_ERROR_CODES)[number];

export interface FeeError {
  readonly code: FeeErrorCode;
  /** i18n key of the message, e.g. `catalog.fee_field_missing`. */
  readonly messageKey: string;
  /** The field at fault, when there is one, so the form can point at it. */
  readonly field?: string;
}

export function feeError(code: FeeErrorCode, field?: string): FeeError {
  return field === undefined
    ? { code, messageKey: `catalog.${code}` }
    : { code, messageKey: `catalog.${code}`, field };
}

/**
 * Thrown inside the evaluator only, to leave a deep expression at once; `evaluateFee` catches it
 * and returns `{ ok: false }`. It never escapes this folder.
 */
export class FeeFailure {
  constructor(readonly error: FeeError) {}
}
