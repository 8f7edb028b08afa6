import { assertNever } from '../result';
import { FeeFailure, feeError } from './errors';
import { readDate, readWholeNumber, type FieldValues } from './field-values';
import { parseIsoDate } from './iso-date';
import {
  daysInJalaliMonth,
  gregorianToJalaliDay,
  jalaliYearsBefore,
  wholeJalaliMonthsBetween,
  type JalaliDay,
} from './jalali-months';
import { MAX_OVERDUE_YEARS, type DueDate } from './rule';

export interface PenaltyTerms {
  readonly due: DueDate;
  readonly overdueYears?: string;
  readonly maxMonths?: number;
}

/**
 * The months a late penalty charges for: whole Jalali months past due, each unpaid year counted
 * from its own due date (a year earlier per year) and capped at `maxMonths`, then added up.
 * Without `overdueYears` there is a single due date.
 */
export function penaltyMonths(terms: PenaltyTerms, values: FieldValues, today: JalaliDay): bigint {
  const dueDateOfYear = dueDates(terms.due, values, today);
  const years = terms.overdueYears === undefined ? 1n : readWholeNumber(values, terms.overdueYears);
  if (terms.overdueYears !== undefined && years > BigInt(MAX_OVERDUE_YEARS)) {
    throw new FeeFailure(feeError('fee_field_invalid', terms.overdueYears));
  }
  let total = 0;
  for (let i = 0; i < Number(years); i += 1) {
    const months = wholeJalaliMonthsBetween(dueDateOfYear(i), today);
    total += terms.maxMonths === undefined ? months : Math.min(months, terms.maxMonths);
  }
  return BigInt(total);
}

/**
 * The due date of the unpaid year `yearsBack` years before the most recent one. An `annual` due
 * date is that of today's Jalali year, and each earlier year's is worked out in its own year, so
 * "the month's last day" is Esfand 30 in a leap year and Esfand 29 in the others. A date (a field,
 * a fixed day) moves back a year at a time, Esfand 30 becoming Esfand 29 in a common year.
 */
function dueDates(due: DueDate, values: FieldValues, today: JalaliDay): (yearsBack: number) => JalaliDay {
  switch (due.from) {
    case 'field': {
      const latest = gregorianToJalaliDay(readDate(values, due.field));
      return (yearsBack) => jalaliYearsBefore(latest, yearsBack);
    }
    case 'fixed': {
      const date = parseIsoDate(due.date);
      if (!date) throw new FeeFailure(feeError('fee_rule_invalid'));
      const latest = gregorianToJalaliDay(date);
      return (yearsBack) => jalaliYearsBefore(latest, yearsBack);
    }
    case 'annual':
      return (yearsBack) => {
        const year = today.year - yearsBack;
        const day = due.jalaliDay === 'last' ? daysInJalaliMonth(year, due.jalaliMonth) : due.jalaliDay;
        return { year, month: due.jalaliMonth, day };
      };
    default:
      return assertNever(due);
  }
}
