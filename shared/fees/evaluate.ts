import { MAX_RIALS } from '../payments';
import { assertNever } from '../result';
import { FeeFailure, feeError, type FeeError } from './errors';
import { readChoice, readWholeNumber, type FieldValues } from './field-values';
import { parseIsoDate } from './iso-date';
import { gregorianToJalaliDay, type JalaliDay } from './jalali-months';
import { Kept } from './kept';
import { penaltyMonths } from './penalty-months';
import { divideRounded } from './rounding';
import {
  OFFICE_LINE_KEY,
  type FeeExpr,
  type FeeRule,
  type LocalizedText,
  type Ratio,
  type Rounding,
} from './rule';

/** What the evaluator needs of a tariff; `shared/catalog`'s `Tariff` has it. */
export interface PricedTariff {
  readonly version: number;
  readonly rule: FeeRule;
  /** The office's own service fee (کارمزد) in Rials; always its own line. */
  readonly officeFee: number;
}

export type FeeLineKind = 'municipal' | 'office';

export interface FeeLine {
  readonly key: string;
  readonly label: LocalizedText;
  readonly kind: FeeLineKind;
  /** Whole Rials; negative only on a municipal discount line. */
  readonly amount: number;
}

export interface FeeBreakdown {
  readonly lines: readonly FeeLine[];
  readonly municipalTotal: number;
  readonly officeTotal: number;
  readonly total: number;
  /** Recorded with the transaction so the server re-prices it with the same tariff. */
  readonly tariffVersion: number;
}

export type FeeResult =
  { readonly ok: true; readonly value: FeeBreakdown } | { readonly ok: false; readonly error: FeeError };

export interface FeeContext {
  /** The business day in Asia/Tehran, ISO `YYYY-MM-DD`. The evaluator never reads the clock. */
  readonly today: string;
}

export const OFFICE_LINE_LABEL: LocalizedText = {
  fa: 'کارمزد دفتر پیشخوان',
  en: 'Counter office service fee',
};

const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_PAYABLE = BigInt(MAX_RIALS);

/**
 * Prices a service: the tariff's municipal lines, then the office fee line. Amounts are computed
 * in BigInt so no product is ever inexact, and any amount past Number.MAX_SAFE_INTEGER Rials is an
 * error rather than a silently wrong number. Zero municipal lines are left out of the breakdown
 * (a discount that does not apply is not news); the office line is always there, even at zero.
 * There is deliberately no way to pass an amount in: a fee comes from the tariff only.
 */
export function evaluateFee(tariff: PricedTariff, values: FieldValues, context: FeeContext): FeeResult {
  const today = jalaliToday(context.today);
  if (!today) return { ok: false, error: feeError('fee_today_invalid') };
  try {
    return { ok: true, value: breakdown(tariff, values, today) };
  } catch (caught) {
    if (caught instanceof FeeFailure) return { ok: false, error: caught.error };
    throw caught;
  }
}

const todays = new Kept<unknown, JalaliDay | null>(64);

/** The business day in the Jalali calendar, or null if it is no ISO date (a server prices many a day). */
function jalaliToday(text: unknown): JalaliDay | null {
  return todays.get(text, () => {
    const gregorian = parseIsoDate(text);
    return gregorian ? gregorianToJalaliDay(gregorian) : null;
  });
}

function breakdown(tariff: PricedTariff, values: FieldValues, today: JalaliDay): FeeBreakdown {
  const lineAmounts = new Map<string, bigint>();
  const lines: FeeLine[] = [];
  let municipal = 0n;
  // Charges and discounts together, as magnitudes: kept within Number.MAX_SAFE_INTEGER, so the
  // lines add up exactly as JavaScript numbers in any order (the counter, the receipt and the
  // server all sum them), not only to a total that happens to be safe.
  let gross = 0n;
  for (const line of tariff.rule.lines) {
    const magnitude = evaluate(line.amount, { values, today, lineAmounts });
    lineAmounts.set(line.key, magnitude);
    gross = checked(gross + magnitude);
    const amount = line.effect === 'discount' ? -magnitude : magnitude;
    municipal += amount;
    if (amount !== 0n)
      lines.push({ key: line.key, label: line.label, kind: 'municipal', amount: Number(amount) });
  }
  if (municipal < 0n) throw new FeeFailure(feeError('fee_negative_total'));
  const office = checked(wholeRials(tariff.officeFee));
  checked(gross + office);
  // A total no payment can carry (payments.ts) is refused here, with the reason, not at the save
  // with a schema's refusal the operator cannot read.
  if (municipal + office > MAX_PAYABLE) throw new FeeFailure(feeError('fee_amount_too_large'));
  lines.push({ key: OFFICE_LINE_KEY, label: OFFICE_LINE_LABEL, kind: 'office', amount: Number(office) });
  return {
    lines,
    municipalTotal: Number(checked(municipal)),
    officeTotal: Number(office),
    total: Number(checked(municipal + office)),
    tariffVersion: tariff.version,
  };
}

interface Scope {
  readonly values: FieldValues;
  readonly today: JalaliDay;
  readonly lineAmounts: ReadonlyMap<string, bigint>;
}

function evaluate(expr: FeeExpr, scope: Scope): bigint {
  return checked(evaluateNode(expr, scope));
}

function evaluateNode(expr: FeeExpr, scope: Scope): bigint {
  switch (expr.kind) {
    case 'fixed':
      return wholeRials(expr.amount);
    case 'field':
      return readWholeNumber(scope.values, expr.field);
    case 'per-unit':
      return divideRounded(
        readWholeNumber(scope.values, expr.field) * wholeRials(expr.rate),
        positive(expr.per),
        rounding(expr.rounding),
      );
    case 'percentage':
      return applyRatio(evaluate(expr.of, scope), 1n, expr.ratio, expr.rounding);
    case 'sum':
      return expr.terms.reduce((total, term) => checked(total + evaluate(term, scope)), 0n);
    case 'brackets': {
      const value = readWholeNumber(scope.values, expr.field);
      const bracket = expr.brackets.find((b) => b.upTo === null || value <= BigInt(b.upTo));
      if (!bracket) throw new FeeFailure(feeError('fee_rule_invalid'));
      return evaluate(bracket.then, scope);
    }
    case 'match': {
      const choice = readChoice(scope.values, expr.field);
      const branch = expr.cases.find((c) => c.values.includes(choice))?.then ?? expr.otherwise;
      if (!branch) throw new FeeFailure(feeError('fee_field_invalid', expr.field));
      return evaluate(branch, scope);
    }
    case 'clamp': {
      const value = evaluate(expr.of, scope);
      const atLeast = expr.min === undefined || value >= BigInt(expr.min) ? value : BigInt(expr.min);
      return expr.max === undefined || atLeast <= BigInt(expr.max) ? atLeast : BigInt(expr.max);
    }
    case 'times-field':
      return evaluate(expr.of, scope) * readWholeNumber(scope.values, expr.field);
    case 'late-penalty': {
      const yearly = evaluate(expr.of, scope);
      return applyRatio(
        yearly,
        penaltyMonths(expr, scope.values, scope.today),
        expr.monthlyRatio,
        expr.rounding,
      );
    }
    case 'line': {
      const amount = scope.lineAmounts.get(expr.key);
      if (amount === undefined) throw new FeeFailure(feeError('fee_rule_invalid'));
      return amount;
    }
    default:
      return assertNever(expr);
  }
}

/** amount × factor × num ÷ den, rounded once at the end. */
function applyRatio(amount: bigint, factor: bigint, ratio: Ratio, mode: Rounding): bigint {
  return divideRounded(amount * factor * wholeRials(ratio.num), positive(ratio.den), rounding(mode));
}

function checked(amount: bigint): bigint {
  if (amount > MAX_AMOUNT) throw new FeeFailure(feeError('fee_amount_too_large'));
  return amount;
}

// The guards below only fire for a rule that skipped the catalog schema (a hand-built tariff):
// such a rule must still yield an error code, never NaN or a negative.
function wholeRials(n: number): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new FeeFailure(feeError('fee_rule_invalid'));
  return BigInt(n);
}

function positive(n: number): bigint {
  if (!Number.isSafeInteger(n) || n < 1) throw new FeeFailure(feeError('fee_rule_invalid'));
  return BigInt(n);
}

function rounding(r: Rounding): Rounding {
  positive(r.unit);
  return r;
}
