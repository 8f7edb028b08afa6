import { z } from 'zod';
import { CASH_MOVEMENT_REASONS, type Reconciliation } from './types';

const int = z.number().int();
const localized = z.strictObject({ fa: z.string(), en: z.string() });

const totals = {
  count: int,
  municipal: int,
  office: int,
  total: int,
  cash: int,
  card: int,
  changeGiven: int,
};

/** A reconciliation as it crosses IPC and as the settlement report stores it. */
export const reconciliationSchema = z.strictObject({
  openingFloat: int,
  kept: z.strictObject(totals),
  voided: z.strictObject(totals),
  cancellationsRequested: z.strictObject({ count: int, total: int }),
  byMethod: z.strictObject({
    cash: z.strictObject({ payments: int, amount: int, changeGiven: int }),
    card: z.strictObject({ payments: int, amount: int }),
  }),
  byOperator: z
    .array(
      z.strictObject({
        ...totals,
        operatorId: int,
        operatorName: z.string(),
        voidedCount: int,
        voidedTotal: int,
      }),
    )
    .readonly(),
  byService: z
    .array(
      z.strictObject({
        ...totals,
        serviceCode: z.string(),
        serviceName: localized,
        voidedCount: int,
        voidedTotal: int,
      }),
    )
    .readonly(),
  movements: z.strictObject({ count: int, in: int, out: int }),
  lateVoids: z.strictObject({ count: int, cash: int, card: int, total: int }),
  expectedCash: int,
  expectedCard: int,
}) satisfies z.ZodType<Reconciliation>;

export const cashMovementReasonSchema = z.enum(CASH_MOVEMENT_REASONS);
