import { assertNever } from '../result';
import type { DueDate, FeeExpr, FeeRule } from './rule';
import { childExpressions } from './walk';

/**
 * How a rule reads each field it names. The catalog checks every use against the service's field
 * types, so a published rule can never ask for, say, the number of years from a text field.
 */
export type FieldUse =
  /** Rials, taken as they are: only a `money` field. */
  | { readonly field: string; readonly use: 'money' }
  /** A quantity priced or bracketed: `integer`, `money` or `area`. */
  | { readonly field: string; readonly use: 'quantity' }
  /** A count multiplied by: only `integer`. */
  | { readonly field: string; readonly use: 'count' }
  /** A choice matched against option values: only `select`. */
  | {
      readonly field: string;
      readonly use: 'choice';
      readonly values: readonly string[];
      readonly needsEveryOption: boolean;
    }
  /** A due date: only `jalali-date`. */
  | { readonly field: string; readonly use: 'date' };

export function fieldUsesOfRule(rule: FeeRule): FieldUse[] {
  return rule.lines.flatMap((line) => fieldUsesOf(line.amount));
}

function fieldUsesOf(expr: FeeExpr): FieldUse[] {
  return [...ownUses(expr), ...childExpressions(expr).flatMap(fieldUsesOf)];
}

function ownUses(expr: FeeExpr): FieldUse[] {
  switch (expr.kind) {
    case 'fixed':
    case 'percentage':
    case 'sum':
    case 'clamp':
    case 'line':
      return [];
    case 'field':
      return [{ field: expr.field, use: 'money' }];
    case 'per-unit':
    case 'brackets':
      return [{ field: expr.field, use: 'quantity' }];
    case 'times-field':
      return [{ field: expr.field, use: 'count' }];
    case 'match':
      return [
        {
          field: expr.field,
          use: 'choice',
          values: expr.cases.flatMap((c) => c.values),
          needsEveryOption: expr.otherwise === undefined,
        },
      ];
    case 'late-penalty':
      return [
        ...dueDateUses(expr.due),
        ...(expr.overdueYears === undefined ? [] : [{ field: expr.overdueYears, use: 'count' as const }]),
      ];
    default:
      return assertNever(expr);
  }
}

function dueDateUses(due: DueDate): FieldUse[] {
  switch (due.from) {
    case 'field':
      return [{ field: due.field, use: 'date' }];
    case 'fixed':
    case 'annual':
      return [];
    default:
      return assertNever(due);
  }
}
