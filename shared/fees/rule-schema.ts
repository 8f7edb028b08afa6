import { z } from 'zod';
import { isIsoDate } from './iso-date';
import {
  CODE_PATTERN,
  FIELD_KEY_PATTERN,
  LINE_EFFECTS,
  OFFICE_LINE_KEY,
  ROUNDING_MODES,
  type FeeExpr,
} from './rule';
import { childExpressions } from './walk';

/**
 * The zod schema of `rule.ts`'s format, strict about unknown keys so a misspelt rule from the
 * municipality is refused rather than half-read. Issue messages are stable codes.
 */
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
    // A number is 29 at most: every Jalali month has a 29th, so the due day exists in every year.
    // The month's last day, which moves with leap years (Esfand 29 or 30), is 'last'.
    jalaliDay: z.union([z.number().int().min(1).max(29), z.literal('last')]),
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
