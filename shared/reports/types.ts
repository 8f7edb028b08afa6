import { z } from 'zod';

const int = z.number().int();
const localized = z.strictObject({ fa: z.string(), en: z.string() });

/** Sums of the kept (not voided) transactions of a group, and the voided ones beside them. */
const groupTotals = {
  count: int,
  municipal: int,
  office: int,
  total: int,
  voidedCount: int,
  voidedTotal: int,
};

export const rangeReportSchema = z.strictObject({
  /** Gregorian ISO business dates, both included. */
  from: z.string(),
  to: z.string(),
  totals: z.strictObject(groupTotals),
  byDay: z.array(z.strictObject({ date: z.string(), ...groupTotals })).readonly(),
  byService: z
    .array(z.strictObject({ serviceCode: z.string(), serviceName: localized, ...groupTotals }))
    .readonly(),
  byOperator: z
    .array(z.strictObject({ operatorId: int, operatorName: z.string(), ...groupTotals }))
    .readonly(),
  byMethod: z
    .array(z.strictObject({ method: z.enum(['cash', 'card']), payments: int, amount: int, changeGiven: int }))
    .readonly(),
});
export type RangeReport = z.infer<typeof rangeReportSchema>;
export type GroupTotals = RangeReport['totals'];
