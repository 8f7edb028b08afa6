import { FeeFailure, feeError } from './errors';
import { parseIsoDate, type CalendarDay } from './iso-date';

/**
 * The values entered for a service's fields, keyed by field key, in their canonical stored form.
 * Typed `unknown` because the main process and the server recompute fees from data they do not
 * trust: every read below checks the value it gets.
 */
export type FieldValues = Readonly<Record<string, unknown>>;

function problem(code: 'fee_field_missing' | 'fee_field_invalid', field: string): FeeFailure {
  return new FeeFailure(feeError(code, field));
}

function present(values: FieldValues, field: string): unknown {
  const value = Object.hasOwn(values, field) ? values[field] : undefined;
  if (value === undefined || value === null || value === '') throw problem('fee_field_missing', field);
  return value;
}

/** A count, an amount of Rials or an area: a safe non-negative integer. */
export function readWholeNumber(values: FieldValues, field: string): bigint {
  const value = present(values, field);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw problem('fee_field_invalid', field);
  }
  return BigInt(value);
}

export function readChoice(values: FieldValues, field: string): string {
  const value = present(values, field);
  if (typeof value !== 'string') throw problem('fee_field_invalid', field);
  return value;
}

export function readDate(values: FieldValues, field: string): CalendarDay {
  const date = parseIsoDate(present(values, field));
  if (!date) throw problem('fee_field_invalid', field);
  return date;
}
