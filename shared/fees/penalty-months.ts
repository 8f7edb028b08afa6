import { assertNever } from '../result';
import { FeeFailure, feeError } from './errors';
import { readDate, readWholeNumber, type FieldValues } from './field-values';
import { parseIsoDate } from './iso-date';
import {
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
  const latestDue = latestDueDate(terms.due, values, today);
  const years = terms.overdueYears === undefined ? 1n : readWholeNumber(values, terms.overdueYears);
  if (terms.overdueYears !== undefined && years > BigInt(MAX_OVERDUE_YEARS)) {
    throw new FeeFailure(feeError('fee_field_invalid', terms.overdueYears));
  }
  let total = 0;
  for (let i = 0; i < Number(years); i += 1) {
    const months = wholeJalaliMonthsBetween(jalaliYearsBefore(latestDue, i), today);
    total += terms.maxMonths === undefined ? months : Math.min(months, terms.maxMonths);
  }
  return BigInt(total);
}

/** The due date of the most recent unpaid year. For `annual`, that is the current Jalali year's. */
function latestDueDate(due: DueDate, values: FieldValues, today: JalaliDay): JalaliDay {
  switch (due.from) {
    case 'field':
      return gregorianToJalaliDay(readDate(values, due.field));
    case 'fixed': {
      const date = parseIsoDate(due.date);
      if (!date) throw new FeeFailure(feeError('fee_rule_invalid'));
      return gregorianToJalaliDay(date);
    }
    case 'annual':
      return { year: today.year, month: due.jalaliMonth, day: due.jalaliDay };
    default:
      return assertNever(due);
  }
}
