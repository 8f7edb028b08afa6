import { parseCountedAmount } from '../../../shared/reconciliation';
import { AppError } from '../../../shared/result';

/**
 * A typed amount from the manager, checked again in the core: refused with the field and the reason.
 * `expected`: the day's figure a count is compared with (see countCeiling).
 */
export function typedAmount(field: string, raw: string, expected = 0): number {
  const parsed = parseCountedAmount(raw, expected);
  if (!parsed.ok) throw new AppError('amount_invalid', { field, reason: parsed.error });
  return parsed.value;
}
