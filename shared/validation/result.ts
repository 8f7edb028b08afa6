import { normalizeDigits, removeInvisibleMarks } from '../text/normalize';

/**
 * Outcome of checking one raw field. `code` is a stable string: it is both the i18n key in
 * `validation.json` and what tests assert on.
 */
export type Validation<T, Code extends string> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: Code };

export function valid<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function invalid<Code extends string>(code: Code): { readonly ok: false; readonly code: Code } {
  return { ok: false, code };
}

// Spaces, ZWNJ and dashes (ASCII and Unicode) are how people group digits when typing or pasting.
const DIGIT_SEPARATORS = /[\s\u200c\-\u2010-\u2015\u2212]/g;

/** Raw input with digits made ASCII and grouping separators removed; other characters stay for the caller to reject. */
export function compactDigits(raw: string): string {
  return normalizeDigits(removeInvisibleMarks(raw)).replace(DIGIT_SEPARATORS, '');
}

export function isAllDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

export function isOneRepeatedDigit(digits: string): boolean {
  return /^(\d)\1*$/.test(digits);
}
