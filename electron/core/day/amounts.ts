import { parseCountedAmount } from '../../../shared/reconciliation';
import { AppError } from '../../../shared/result';

/** A typed amount from the manager, checked again in the core: refused with the field and the reason. */
export function typedAmount(field: string, raw: string): number {
  const parsed = parseCountedAmount(raw);
  if (!parsed.ok) throw new AppError('amount_invalid', { field, reason: parsed.error });
  return parsed.value;
}
