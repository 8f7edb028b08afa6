/** The fee-rule language and its evaluator; see `rule.ts` for the format. */
export { evaluateFee, OFFICE_LINE_LABEL } from './evaluate';
export type { FeeBreakdown, FeeContext, FeeLine, FeeLineKind, FeeResult, PricedTariff } from './evaluate';
export { FEE_ERROR_CODES, type FeeError, type FeeErrorCode } from './errors';
export type { FieldValues } from './field-values';
export { OFFICE_LINE_KEY } from './rule';
export { feeExprSchema, feeRuleSchema } from './rule-schema';
export type { FeeExpr, FeeLineRule, FeeRule, Ratio, Rounding, RoundingMode } from './rule';
