import { dammCheckDigit, dammValid } from './tracking/damm';
import { compactDigits, invalid, valid, type Validation } from './validation/result';

/*
 * کد رهگیری: issued at the counter without asking a server, yet unique across the country:
 *   office code (4 digits, licensed by the municipality) + terminal number (2 digits, 01-99)
 *   + per-terminal sequence (7 digits) + one Damm check digit = 14 digits.
 * No two terminals share (office, terminal), and a terminal never reuses a sequence, so no two codes
 * collide. 14 digits read aloud in four short groups; the check digit catches any single mistyped
 * digit and any swap of two neighbouring digits, so a wrong code is refused instead of finding
 * someone else's transaction.
 */
export const TRACKING_CODE_LENGTH = 14;
export const MAX_TERMINAL_NUMBER = 99;
export const MAX_SEQUENCE = 9_999_999;

export interface TrackingCodeParts {
  readonly officeCode: string;
  readonly terminalNumber: number;
  readonly sequence: number;
}

export interface ParsedTrackingCode extends TrackingCodeParts {
  /** Canonical 14 ASCII digits, as stored. */
  readonly code: string;
}

export const MAKE_TRACKING_CODE_ERRORS = [
  'tracking_office_code',
  'tracking_terminal_number',
  'tracking_sequence',
  'tracking_sequence_exhausted',
] as const;
export type MakeTrackingCodeError = (typeof MAKE_TRACKING_CODE_ERRORS)[number];

export const TRACKING_CODE_ERRORS = [
  'tracking_code_required',
  'tracking_code_not_digits',
  'tracking_code_length',
  'tracking_code_checksum',
  'tracking_code_parts',
] as const;
export type TrackingCodeError = (typeof TRACKING_CODE_ERRORS)[number];

/** The check digit of the first 13 digits of a tracking code. */
export function trackingCheckDigit(first13: string): number {
  return dammCheckDigit(first13);
}

/** Builds the 14-digit code; refuses parts that would not fit rather than truncating them. */
export function makeTrackingCode(parts: TrackingCodeParts): Validation<string, MakeTrackingCodeError> {
  const { officeCode, terminalNumber, sequence } = parts;
  if (!/^[0-9]{4}$/.test(officeCode)) return invalid('tracking_office_code');
  if (!Number.isInteger(terminalNumber) || terminalNumber < 1 || terminalNumber > MAX_TERMINAL_NUMBER) {
    return invalid('tracking_terminal_number');
  }
  if (!Number.isInteger(sequence) || sequence < 1) return invalid('tracking_sequence');
  // The terminal has used up its sequence space: it must be re-licensed with a new terminal number.
  if (sequence > MAX_SEQUENCE) return invalid('tracking_sequence_exhausted');
  const body = `${officeCode}${String(terminalNumber).padStart(2, '0')}${String(sequence).padStart(7, '0')}`;
  return valid(`${body}${trackingCheckDigit(body)}`);
}

/** Reads a code typed, pasted or read over the phone: Persian digits, spaces and dashes are fine. */
export function parseTrackingCode(raw: string): Validation<ParsedTrackingCode, TrackingCodeError> {
  const code = compactDigits(raw);
  if (code === '') return invalid('tracking_code_required');
  if (!/^[0-9]+$/.test(code)) return invalid('tracking_code_not_digits');
  if (code.length !== TRACKING_CODE_LENGTH) return invalid('tracking_code_length');
  if (!dammValid(code)) return invalid('tracking_code_checksum');
  const officeCode = code.slice(0, 4);
  const terminalNumber = Number(code.slice(4, 6));
  const sequence = Number(code.slice(6, 13));
  // The check digit holds but no terminal could have issued it (terminal 00 or sequence 0).
  if (terminalNumber < 1 || sequence < 1) return invalid('tracking_code_parts');
  return valid({ code, officeCode, terminalNumber, sequence });
}

// 4-3-4-3: no group longer than four digits, which people say and copy back reliably over the phone.
const GROUPS = [4, 3, 4, 3] as const;

/**
 * `12345612345674` → `1234-561-2345-674`, ASCII digits (the UI localizes digits). Dashes rather than
 * spaces keep the code one unbreakable token on the receipt; parseTrackingCode accepts it back.
 * Anything that is not a 14-digit code is returned unchanged so a display never throws.
 */
export function formatTrackingCode(code: string): string {
  if (!/^[0-9]{14}$/.test(code)) return code;
  const groups: string[] = [];
  let start = 0;
  for (const size of GROUPS) {
    groups.push(code.slice(start, start + size));
    start += size;
  }
  return groups.join('-');
}
