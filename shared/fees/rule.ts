import { z } from 'zod';
import { assertNever } from '../result';
import { isIsoDate } from './iso-date';

/**
 * The declarative fee-rule format. A rule is plain JSON so the municipality publishes it inside the
 * catalog and the server evaluates the very same rule with the very same code to re-check a fee.
 * Every expression evaluates to a non-negative whole number of Rials.
 *
 * Field values are read as stored (see `shared/catalog/field.ts`): money in Rials, area in
 * hundredths of a square metre, counts as integers. That is why `per-unit` carries a `per`.
 */

export const ROUNDING_MODES = ['down', 'up', 'half-up'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** Round to a multiple of `unit` Rials (1, 10, 1000, …). */
export interface Rounding {
  readonly mode: RoundingMode;
  readonly unit: number;
}

/** An exact fraction: 0.5% is `{ num: 5, den: 1000 }`, 150 basis points `{ num: 150, den: 10000 }`. */
export interface Ratio {
  readonly num: number;
  readonly den: number;
}

/** When a late penalty starts counting. */
export type DueDate =
  /** A `jalali-date` field of the service, e.g. the due date printed on the citizen's bill. */
  | { readonly from: 'field'; readonly field: string }
  /** A fixed day named by the tariff, ISO `YYYY-MM-DD`. */
  | { readonly from: 'fixed'; readonly date: string }
  /** Every Jalali year's dues fall due on this month and day of that year (12/29: end of Esfand). */
  | { readonly from: 'annual'; readonly jalaliMonth: number; readonly jalaliDay: number };

export interface Bracket {
  /** Inclusive upper bound in the field's stored unit; `null` on the last bracket, which takes the rest. */
  readonly upTo: number | null;
  readonly then: FeeExpr;
}

export interface MatchCase {
  readonly values: readonly string[];
  readonly then: FeeExpr;
}

export type FeeExpr =
  | { readonly kind: 'fixed'; readonly amount: number }
  /** The value of a `money` field, in Rials. */
  | { readonly kind: 'field'; readonly field: string }
  /** field value × rate ÷ per, rounded: `rate` Rials for every `per` stored units. */
  | {
      readonly kind: 'per-unit';
      readonly field: string;
      readonly rate: number;
      readonly per: number;
      readonly rounding: Rounding;
    }
  | { readonly kind: 'percentage'; readonly of: FeeExpr; readonly ratio: Ratio; readonly rounding: Rounding }
  | { readonly kind: 'sum'; readonly terms: readonly FeeExpr[] }
  /** The first bracket whose `upTo` is at least the field's value. */
  | { readonly kind: 'brackets'; readonly field: string; readonly brackets: readonly Bracket[] }
  /** Picks by a `select` field's value. */
  | {
      readonly kind: 'match';
      readonly field: string;
      readonly cases: readonly MatchCase[];
      readonly otherwise?: FeeExpr;
    }
  | { readonly kind: 'clamp'; readonly of: FeeExpr; readonly min?: number; readonly max?: number }
  /** Multiplies by an `integer` field, e.g. the number of unpaid years. */
  | { readonly kind: 'times-field'; readonly of: FeeExpr; readonly field: string }
  /**
   * `of` × monthlyRatio × whole Jalali months past due, rounded once. With `overdueYears` the due
   * date repeats a year earlier for each further unpaid year and their months add up, so `of` is
   * the amount of ONE year. `maxMonths` caps the months counted for each year.
   */
  | {
      readonly kind: 'late-penalty';
      readonly of: FeeExpr;
      readonly monthlyRatio: Ratio;
      readonly due: DueDate;
      readonly overdueYears?: string;
      readonly maxMonths?: number;
      readonly rounding: Rounding;
    }
  /** The amount of an earlier line of the same rule (a discount is a share of the dues line). */
  | { readonly kind: 'line'; readonly key: string };

export type FeeExprKind = FeeExpr['kind'];

export const LINE_EFFECTS = ['charge', 'discount'] as const;
export type LineEffect = (typeof LINE_EFFECTS)[number];

export interface LocalizedText {
  readonly fa: string;
  readonly en: string;
}

/** One municipal line of the breakdown. A `discount` line is subtracted and shown as a negative amount. */
export interface FeeLineRule {
  readonly key: string;
  readonly label: LocalizedText;
  readonly effect: LineEffect;
  readonly amount: FeeExpr;
}

export interface FeeRule {
  readonly lines: readonly FeeLineRule[];
}

/** More unpaid years than this is a typing mistake, and it bounds the penalty loop. */
export const MAX_OVERDUE_YEARS = 100;

/** Field keys are camelCase; line and service codes kebab-case. */
export const FIELD_KEY_PATTERN = /^[a-z][a-zA-Z0-9]{0,39}$/;
export const CODE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The office fee's line key; a municipal line may not take it. */
export const OFFICE_LINE_KEY = 'office-fee';

const safeAmount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const positiveInt = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const fieldKey = z.string().regex(FIELD_KEY_PATTERN);

export const localizedTextSchema = z.strictObject({
  fa: z.string().trim().min(1).max(500),
  en: z.string().trim().min(1).max(500),
});

export const roundingSchema = z.strictObject({ mode: z.enum(ROUNDING_MODES), unit: positiveInt });
export const ratioSchema = z.strictObject({ num: safeAmount, den: positiveInt });

const dueDateSchema = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('field'), field: fieldKey }),
  z.strictObject({
    from: z.literal('fixed'),
    date: z.string().refine(isIsoDate, { message: 'rule_date_invalid' }),
  }),
  z.strictObject({
    from: z.literal('annual'),
    jalaliMonth: z.number().int().min(1).max(12),
    // 29 at most: every Jalali month has a 29th, so the due day exists in every year.
    jalaliDay: z.number().int().min(1).max(29),
  }),
]);

export const feeExprSchema: z.ZodType<FeeExpr> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), amount: safeAmount }),
    z.strictObject({ kind: z.literal('field'), field: fieldKey }),
    z.strictObject({
      kind: z.literal('per-unit'),
      field: fieldKey,
      rate: safeAmount,
      per: positiveInt,
      rounding: roundingSchema,
    }),
    z.strictObject({
      kind: z.literal('percentage'),
      of: feeExprSchema,
      ratio: ratioSchema,
      rounding: roundingSchema,
    }),
    z.strictObject({ kind: z.literal('sum'), terms: z.array(feeExprSchema).min(1) }),
    z.strictObject({
      kind: z.literal('brackets'),
      field: fieldKey,
      brackets: z
        .array(z.strictObject({ upTo: safeAmount.nullable(), then: feeExprSchema }))
        .min(1)
        .superRefine(checkBrackets),
    }),
    z.strictObject({
      kind: z.literal('match'),
      field: fieldKey,
      cases: z
        .array(z.strictObject({ values: z.array(z.string().min(1)).min(1), then: feeExprSchema }))
        .min(1)
        .superRefine(checkCasesDisjoint),
      otherwise: feeExprSchema.optional(),
    }),
    z
      .strictObject({
        kind: z.literal('clamp'),
        of: feeExprSchema,
        min: safeAmount.optional(),
        max: safeAmount.optional(),
      })
      .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, {
        message: 'rule_clamp_min_above_max',
      }),
    z.strictObject({ kind: z.literal('times-field'), of: feeExprSchema, field: fieldKey }),
    z.strictObject({
      kind: z.literal('late-penalty'),
      of: feeExprSchema,
      monthlyRatio: ratioSchema,
      due: dueDateSchema,
      overdueYears: fieldKey.optional(),
      maxMonths: positiveInt.optional(),
      rounding: roundingSchema,
    }),
    z.strictObject({ kind: z.literal('line'), key: z.string().regex(CODE_PATTERN) }),
  ]),
);

function checkBrackets(brackets: readonly { upTo: number | null }[], ctx: z.RefinementCtx): void {
  brackets.forEach((bracket, i) => {
    const last = i === brackets.length - 1;
    if (last !== (bracket.upTo === null)) {
      ctx.addIssue({ code: 'custom', message: 'rule_brackets_open_end', path: [i, 'upTo'] });
    }
    const previous = brackets[i - 1]?.upTo;
    if (previous != null && bracket.upTo !== null && bracket.upTo <= previous) {
      ctx.addIssue({ code: 'custom', message: 'rule_brackets_not_ascending', path: [i, 'upTo'] });
    }
  });
}

function checkCasesDisjoint(cases: readonly { values: readonly string[] }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    for (const value of c.values) {
      if (seen.has(value)) ctx.addIssue({ code: 'custom', message: 'rule_match_value_repeated', path: [i] });
      seen.add(value);
    }
  });
}

const feeLineRuleSchema = z.strictObject({
  key: z
    .string()
    .regex(CODE_PATTERN)
    .refine((key) => key !== OFFICE_LINE_KEY, { message: 'rule_line_key_reserved' }),
  label: localizedTextSchema,
  effect: z.enum(LINE_EFFECTS),
  amount: feeExprSchema,
});

export const feeRuleSchema = z
  .strictObject({ lines: z.array(feeLineRuleSchema) })
  .superRefine((rule, ctx) => {
    const earlier = new Set<string>();
    rule.lines.forEach((line, i) => {
      if (earlier.has(line.key)) {
        ctx.addIssue({ code: 'custom', message: 'rule_line_key_repeated', path: ['lines', i, 'key'] });
      }
      for (const key of lineReferences(line.amount)) {
        if (!earlier.has(key)) {
          ctx.addIssue({
            code: 'custom',
            message: 'rule_line_reference_unknown',
            path: ['lines', i, 'amount'],
          });
        }
      }
      earlier.add(line.key);
    });
  });

function lineReferences(expr: FeeExpr): string[] {
  if (expr.kind === 'line') return [expr.key];
  return childExpressions(expr).flatMap(lineReferences);
}

/** The sub-expressions of a node, for walks over a rule. */
export function childExpressions(expr: FeeExpr): readonly FeeExpr[] {
  switch (expr.kind) {
    case 'fixed':
    case 'field':
    case 'per-unit':
    case 'line':
      return [];
    case 'percentage':
    case 'clamp':
    case 'times-field':
    case 'late-penalty':
      return [expr.of];
    case 'sum':
      return expr.terms;
    case 'brackets':
      return expr.brackets.map((b) => b.then);
    case 'match':
      return [...expr.cases.map((c) => c.then), ...(expr.otherwise ? [expr.otherwise] : [])];
    default:
      return assertNever(expr);
  }
}
