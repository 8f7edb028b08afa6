import type { Field, Service } from '../catalog/schema';
import { formatJalali, gregorianToJalali, jalaliToGregorian } from '../jalali';
import { readJalaliDate } from '../jalali-text';
import { parseRials } from '../money';
import { normalizeName } from '../text/normalize';
import {
  validateLegalEntityId,
  validateMobile,
  validateNationalId,
  validatePostalCode,
  validateVehiclePlate,
} from '../validation';
import { readNumberText } from './number-text';

/**
 * A service's form, checked the same way on the counter screen and in the core: each raw value
 * (as typed, with Persian digits and stray spaces) becomes its canonical stored form (see
 * shared/catalog/field.ts), or a stable error code for that field.
 */
export type StoredValue = string | number;

export type FieldValuesCheck =
  | { readonly ok: true; readonly values: Readonly<Record<string, StoredValue>> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

type One = { ok: true; value: StoredValue } | { ok: false; code: string };

export const TEXT_MAX_LENGTH = 1000;

/** A count: digits in any script, grouped by thousands or not (see number-text.ts), no decimals. */
function wholeNumber(raw: string): number | null {
  const number = readNumberText(raw);
  if (!number || number.fraction !== '' || number.whole.length > 15) return null;
  const n = Number(number.whole);
  return Number.isSafeInteger(n) ? n : null;
}

/** `125.37`, `125٫37`, `125/37`, `1,250.5` or `1250,5` square metres → hundredths (12537, 125050). */
function areaHundredths(raw: string): number | null {
  const number = readNumberText(raw);
  if (!number || number.whole.length > 9 || number.fraction.length > 2) return null;
  return Number(number.whole) * 100 + Number(number.fraction.padEnd(2, '0'));
}

/** `1404/01/15` (Jalali, any digits) → `2025-04-04`. */
function jalaliDate(raw: string): string | null {
  const date = readJalaliDate(raw);
  return date ? jalaliToGregorian(date) : null;
}

function bounded(n: number, field: Field): One {
  if (field.min !== undefined && n < field.min) return { ok: false, code: 'field_out_of_range' };
  if (field.max !== undefined && n > field.max) return { ok: false, code: 'field_out_of_range' };
  return { ok: true, value: n };
}

function fromValidation(result: { ok: true; value: string } | { ok: false; code: string }): One {
  return result.ok ? { ok: true, value: result.value } : { ok: false, code: result.code };
}

function checkOne(field: Field, raw: string): One {
  switch (field.type) {
    case 'text': {
      const text = normalizeName(raw);
      return text.length > (field.maxLength ?? TEXT_MAX_LENGTH)
        ? { ok: false, code: 'field_too_long' }
        : { ok: true, value: text };
    }
    case 'integer': {
      const n = wholeNumber(raw);
      return n === null ? { ok: false, code: 'field_not_integer' } : bounded(n, field);
    }
    case 'money': {
      const amount = parseRials(raw);
      return amount.ok ? bounded(amount.value, field) : { ok: false, code: amount.code };
    }
    case 'area': {
      const area = areaHundredths(raw);
      return area === null ? { ok: false, code: 'area_invalid' } : bounded(area, field);
    }
    case 'national-id':
      return fromValidation(validateNationalId(raw));
    case 'legal-id':
      return fromValidation(validateLegalEntityId(raw));
    case 'mobile':
      return fromValidation(validateMobile(raw));
    case 'postal-code':
      return fromValidation(validatePostalCode(raw));
    case 'vehicle-plate': {
      const plate = validateVehiclePlate(raw);
      return plate.ok ? { ok: true, value: plate.value.canonical } : { ok: false, code: plate.code };
    }
    case 'select': {
      const value = raw.trim();
      return (field.options ?? []).some((o) => o.value === value)
        ? { ok: true, value }
        : { ok: false, code: 'field_not_an_option' };
    }
    case 'jalali-date': {
      const iso = jalaliDate(raw);
      return iso === null ? { ok: false, code: 'date_invalid' } : { ok: true, value: iso };
    }
  }
}

export function checkFieldValues(
  service: Service,
  raw: Readonly<Record<string, string | number>>,
): FieldValuesCheck {
  const errors: Record<string, string> = {};
  const values: Record<string, StoredValue> = {};
  const known = new Set(service.fields.map((f) => f.key));
  for (const key of Object.keys(raw)) if (!known.has(key)) errors[key] = 'field_unknown';
  for (const field of service.fields) {
    const given = Object.prototype.hasOwnProperty.call(raw, field.key) ? raw[field.key] : undefined;
    const text = given === undefined ? '' : String(given);
    // Empty as a person sees it: only spaces, ZWNJ, direction marks or tatweel (a Shift+Space, a
    // paste from an SMS) is no value, or it would be stored as '' and the municipality, reading it
    // back through these rules, would refuse a sale the citizen had paid for.
    if (normalizeName(text) === '') {
      if (field.required) errors[field.key] = 'field_required';
      continue;
    }
    const checked = checkOne(field, text);
    if (checked.ok) values[field.key] = checked.value;
    else errors[field.key] = checked.code;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** A stored value as a person reads it (ASCII digits; the UI localizes them). */
export function displayFieldValue(type: string, value: StoredValue): string {
  if (type === 'jalali-date' && typeof value === 'string') return formatJalali(gregorianToJalali(value));
  if (type === 'area' && typeof value === 'number')
    return `${Math.floor(value / 100)}${value % 100 ? `.${String(value % 100).padStart(2, '0')}` : ''} m²`;
  if (type === 'money' && typeof value === 'number') return value.toLocaleString('en-US');
  return String(value);
}
