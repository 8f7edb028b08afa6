/**
 * What one terminal's business day holds, as reconciliation needs it. Integer Rials throughout.
 * A cash payment's `amount` is what the drawer keeps; `change` went back to the citizen.
 */
export interface DayPayment {
  readonly method: 'cash' | 'card';
  readonly amount: number;
  readonly change: number;
}

export interface LocalizedName {
  readonly fa: string;
  readonly en: string;
}

export interface DayTransaction {
  readonly id: string;
  readonly serviceCode: string;
  readonly serviceName: LocalizedName;
  readonly operatorId: number;
  readonly operatorName: string;
  readonly municipalTotal: number;
  readonly officeTotal: number;
  readonly total: number;
  readonly payments: readonly DayPayment[];
  /** Voided (ابطال) before the municipality acted: the money went back to the citizen. */
  readonly voided: boolean;
  /** A cancellation asked of the municipality: the money stays collected until it answers. */
  readonly cancellationRequested: boolean;
}

export const CASH_MOVEMENT_REASONS = ['petty_cash', 'bank_deposit', 'float_top_up', 'other'] as const;
export type CashMovementReason = (typeof CASH_MOVEMENT_REASONS)[number];

export interface CashMovement {
  readonly direction: 'in' | 'out';
  readonly amount: number;
  readonly reason: CashMovementReason;
}

/**
 * An earlier, already closed day's transaction voided during this day: refunded from this drawer.
 * `cash` and `card` are how the sale was paid; the refund is paid from the drawer either way.
 */
export interface LateVoid {
  readonly transactionId: string;
  readonly cash: number;
  readonly card: number;
  readonly total: number;
}

export interface DayInput {
  readonly openingFloat: number;
  readonly transactions: readonly DayTransaction[];
  readonly movements: readonly CashMovement[];
  readonly lateVoids: readonly LateVoid[];
}

/** Sums over a set of transactions. `cash` is cash kept (amount), never the change handed back. */
export interface Totals {
  readonly count: number;
  readonly municipal: number;
  readonly office: number;
  readonly total: number;
  readonly cash: number;
  readonly card: number;
  readonly changeGiven: number;
}

export interface OperatorTotals extends Totals {
  readonly operatorId: number;
  readonly operatorName: string;
  readonly voidedCount: number;
  readonly voidedTotal: number;
}

export interface ServiceTotals extends Totals {
  readonly serviceCode: string;
  readonly serviceName: LocalizedName;
  readonly voidedCount: number;
  readonly voidedTotal: number;
}

export interface Reconciliation {
  readonly openingFloat: number;
  /** Transactions whose money was kept (everything except voids). */
  readonly kept: Totals;
  /** Voided transactions: shown, never counted as money kept. */
  readonly voided: Totals;
  readonly cancellationsRequested: { readonly count: number; readonly total: number };
  readonly byMethod: {
    readonly cash: { readonly payments: number; readonly amount: number; readonly changeGiven: number };
    readonly card: { readonly payments: number; readonly amount: number };
  };
  readonly byOperator: readonly OperatorTotals[];
  readonly byService: readonly ServiceTotals[];
  readonly movements: { readonly count: number; readonly in: number; readonly out: number };
  readonly lateVoids: {
    readonly count: number;
    readonly cash: number;
    readonly card: number;
    readonly total: number;
  };
  /** opening float + cash kept + cash moved in − cash moved out − cash refunded for earlier days. */
  readonly expectedCash: number;
  /**
   * Card payments kept − card refunds for earlier days: what the POS settlement slip should show.
   * Days closed since the drawer pays every earlier day's refund have no card refunds (see reconcile).
   */
  readonly expectedCard: number;
}
