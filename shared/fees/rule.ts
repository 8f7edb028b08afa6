/**
 * The declarative fee-rule format. A rule is plain JSON so the municipality publishes it inside the
 * catalog and the server evaluates the very same rule with the very same code to re-check a fee.
 * Every expression evaluates to a non-negative whole number of Rials.
 *
 * Field values are read as stored (see `shared/catalog/field.ts`): money in Rials, area in
 * hundredths of a square metre, counts as integers. That is why `per-unit` carries a `per`.
 */

export const ROUNDING_MODES = ['down', 'up', 'half-up'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** Round to a multiple of `unit` Rials (1, 10, 1000, …). */
export interface Rounding {
  readonly mode: RoundingMode;
  readonly unit: number;
}

/** An exact fraction: 0.5% is `{ num: 5, den: 1000 }`, 150 basis points `{ num: 150, den: 10000 }`. */
export interface Ratio {
  readonly num: number;
  readonly den: number;
}

/** When a late penalty starts counting. */
export type DueDate =
  /** A `jalali-date` field of the service, e.g. the due date printed on the citizen's bill. */
  | { readonly from: 'field'; readonly field: string }
  /** A fixed day named by the tariff, ISO `YYYY-MM-DD`. */
  | { readonly from: 'fixed'; readonly date: string }
  /**
   * Every Jalali year's dues fall due on this month and day of that year. `'last'` is the month's
   * last day in each year: `{ jalaliMonth: 12, jalaliDay: 'last' }` is the end of the year, Esfand 30
   * in a leap year and Esfand 29 otherwise. A number is that day in every year, so 12/29 is a day
   * before the year's end in a leap year.
   */
  | { readonly from: 'annual'; readonly jalaliMonth: number; readonly jalaliDay: number | 'last' };

export interface Bracket {
  /** Inclusive upper bound in the field's stored unit; `null` on the last bracket, which takes the rest. */
  readonly upTo: number | null;
  readonly then: FeeExpr;
}

export interface MatchCase {
  readonly values: readonly string[];
  readonly then: FeeExpr;
}

export type FeeExpr =
  | { readonly kind: 'fixed'; readonly amount: number }
  /** The value of a `money` field, in Rials. */
  | { readonly kind: 'field'; readonly field: string }
  /** field value × rate ÷ per, rounded: `rate` Rials for every `per` stored units. */
  | {
      readonly kind: 'per-unit';
      readonly field: string;
      readonly rate: number;
      readonly per: number;
      readonly rounding: Rounding;
    }
  | { readonly kind: 'percentage'; readonly of: FeeExpr; readonly ratio: Ratio; readonly rounding: Rounding }
  | { readonly kind: 'sum'; readonly terms: readonly FeeExpr[] }
  /** The first bracket whose `upTo` is at least the field's value. */
  | { readonly kind: 'brackets'; readonly field: string; readonly brackets: readonly Bracket[] }
  /** Picks by a `select` field's value. */
  | {
      readonly kind: 'match';
      readonly field: string;
      readonly cases: readonly MatchCase[];
      readonly otherwise?: FeeExpr;
    }
  | { readonly kind: 'clamp'; readonly of: FeeExpr; readonly min?: number; readonly max?: number }
  /** Multiplies by an `integer` field, e.g. the number of unpaid years. */
  | { readonly kind: 'times-field'; readonly of: FeeExpr; readonly field: string }
  /**
   * `of` × monthlyRatio × whole Jalali months past due, rounded once. With `overdueYears` the due
   * date repeats a year earlier for each further unpaid year and their months add up, so `of` is
   * the amount of ONE year. `maxMonths` caps the months counted for each year.
   */
  | {
      readonly kind: 'late-penalty';
      readonly of: FeeExpr;
      readonly monthlyRatio: Ratio;
      readonly due: DueDate;
      readonly overdueYears?: string;
      readonly maxMonths?: number;
      readonly rounding: Rounding;
    }
  /** The amount of an earlier line of the same rule (a discount is a share of the dues line). */
  | { readonly kind: 'line'; readonly key: string };

export type FeeExprKind = FeeExpr['kind'];

export const LINE_EFFECTS = ['charge', 'discount'] as const;
export type LineEffect = (typeof LINE_EFFECTS)[number];

export interface LocalizedText {
  readonly fa: string;
  readonly en: string;
}

/** One municipal line of the breakdown. A `discount` line is subtracted and shown as a negative amount. */
export interface FeeLineRule {
  readonly key: string;
  readonly label: LocalizedText;
  readonly effect: LineEffect;
  readonly amount: FeeExpr;
}

export interface FeeRule {
  readonly lines: readonly FeeLineRule[];
}

/** More unpaid years than this is a typing mistake, and it bounds the penalty loop. */
export const MAX_OVERDUE_YEARS = 100;

/** Field keys are camelCase; line and service codes kebab-case. */
export const FIELD_KEY_PATTERN = /^[a-z][a-zA-Z0-9]{0,39}$/;
export const CODE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The office fee's line key; a municipal line may not take it. */
export const OFFICE_LINE_KEY = 'office-fee';
