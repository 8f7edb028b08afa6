import { z } from 'zod';

const int = z.number().int();
const localized = z.strictObject({ fa: z.string(), en: z.string() });

/**
 * Sums of a group as the days' closes booked them: the kept (not voided) transactions of its dates,
 * the voided ones beside them, and the refunds it paid out for earlier days' sales.
 *
 * A sale voided after its day closed stays kept on its own date (the closed day's books and the
 * settlement sent to the municipality do not change), and its refund is booked on the date of the
 * day whose drawer paid it: the day whose close took it, or, until one has, the business date being
 * worked now. So a closed day's figures never change, and `total - refundTotal` over any range is
 * the money the range's drawers and card terminal kept; `municipal - refundMunicipal` and
 * `office - refundOffice` are that money's municipal share and office fees.
 */
const groupTotals = {
  count: int,
  municipal: int,
  office: int,
  total: int,
  voidedCount: int,
  voidedTotal: int,
  refundCount: int,
  refundTotal: int,
  /** The refunds' municipal shares and office fees: `municipal - refundMunicipal` is the share kept. */
  refundMunicipal: int,
  refundOffice: int,
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
    .array(
      z.strictObject({
        method: z.enum(['cash', 'card']),
        payments: int,
        amount: int,
        changeGiven: int,
        /**
         * Refunds of earlier days' sales paid this way in the range (the groups' refunds), as the
         * days' reconciliations book them: from the drawer, in cash, whatever paid the sale
         * (lateVoidRefund); card only on a day closed before that, as it was signed.
         */
        refunds: int,
        refunded: int,
      }),
    )
    .readonly(),
});
export type RangeReport = z.infer<typeof rangeReportSchema>;
export type GroupTotals = RangeReport['totals'];
