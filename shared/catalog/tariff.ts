import { z } from 'zod';
import { isIsoDate } from '../fees/iso-date';
import { CODE_PATTERN } from '../fees/rule';
import { feeRuleSchema } from '../fees/rule-schema';

/**
 * A service's price list from a given day. A transaction records the `version` it was priced with
 * so the server can re-price it with the same tariff.
 */
export const tariffSchema = z.strictObject({
  serviceCode: z.string().regex(CODE_PATTERN).max(64),
  /** Counts up per service: 1, 2, 3, … */
  version: z.number().int().min(1).max(1_000_000),
  /** First day in force: ISO `YYYY-MM-DD`, a Gregorian day in Asia/Tehran. */
  effectiveFrom: z.string().refine(isIsoDate, { message: 'catalog_date_invalid' }),
  rule: feeRuleSchema,
  /** The office's service fee (کارمزد) in whole Rials. */
  officeFee: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export type Tariff = z.infer<typeof tariffSchema>;

interface HasTariffs {
  readonly tariffs: readonly Tariff[];
}

/**
 * The tariff in force for a service on a Tehran business day (`YYYY-MM-DD`): the highest version
 * whose `effectiveFrom` is on or before that day. `undefined` before the first one takes effect,
 * or for a malformed date.
 * ISO dates compare correctly as strings.
 */
export function tariffFor(catalog: HasTariffs, serviceCode: string, onDate: string): Tariff | undefined {
  if (!isIsoDate(onDate)) return undefined;
  let inForce: Tariff | undefined;
  for (const tariff of catalog.tariffs) {
    if (tariff.serviceCode !== serviceCode || tariff.effectiveFrom > onDate) continue;
    if (!inForce || tariff.version > inForce.version) inForce = tariff;
  }
  return inForce;
}
