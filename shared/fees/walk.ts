import { assertNever } from '../result';
import type { FeeExpr } from './rule';

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
