import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatTrackingCode,
  makeTrackingCode,
  parseTrackingCode,
  MAX_SEQUENCE,
  type TrackingCodeParts,
} from '../../../../shared/tracking-code';
import { toPersianDigits } from '../../../../shared/text/normalize';
import { dammCheckDigit } from '../../../../shared/tracking/damm';

const partsArb: fc.Arbitrary<TrackingCodeParts> = fc.record({
  officeCode: fc.stringMatching(/^[0-9]{4}$/),
  terminalNumber: fc.integer({ min: 1, max: 99 }),
  sequence: fc.integer({ min: 1, max: MAX_SEQUENCE }),
});

function make(parts: TrackingCodeParts): string {
  const made = makeTrackingCode(parts);
  if (!made.ok) throw new Error(made.code);
  return made.value;
}

describe('makeTrackingCode', () => {
  it('lays out office, terminal, sequence and check digit in 14 digits', () => {
    // Check digit by hand through the Damm table for 1234030000042:
    // interim 3, 5, 4, 0, 0, 7, 8, 9, 2, 4, 6, 7, 4 → check digit 4.
    expect(make({ officeCode: '1234', terminalNumber: 3, sequence: 42 })).toBe('12340300000424');
  });

  it('refuses a sequence beyond seven digits instead of wrapping around', () => {
    expect(makeTrackingCode({ officeCode: '1234', terminalNumber: 1, sequence: MAX_SEQUENCE + 1 })).toEqual({
      ok: false,
      code: 'tracking_sequence_exhausted',
    });
    expect(makeTrackingCode({ officeCode: '1234', terminalNumber: 1, sequence: MAX_SEQUENCE }).ok).toBe(true);
  });

  it('refuses malformed parts', () => {
    const base = { officeCode: '1234', terminalNumber: 1, sequence: 1 };
    expect(makeTrackingCode({ ...base, officeCode: '123' })).toEqual({
      ok: false,
      code: 'tracking_office_code',
    });
    expect(makeTrackingCode({ ...base, officeCode: '۱۲۳۴' })).toEqual({
      ok: false,
      code: 'tracking_office_code',
    });
    expect(makeTrackingCode({ ...base, terminalNumber: 0 })).toEqual({
      ok: false,
      code: 'tracking_terminal_number',
    });
    expect(makeTrackingCode({ ...base, terminalNumber: 100 })).toEqual({
      ok: false,
      code: 'tracking_terminal_number',
    });
    expect(makeTrackingCode({ ...base, sequence: 0 })).toEqual({ ok: false, code: 'tracking_sequence' });
    expect(makeTrackingCode({ ...base, sequence: 1.5 })).toEqual({ ok: false, code: 'tracking_sequence' });
  });

  it('gives different terminals and sequences different codes', () => {
    fc.assert(
      fc.property(partsArb, partsArb, (a, b) => {
        fc.pre(
          a.officeCode !== b.officeCode || a.terminalNumber !== b.terminalNumber || a.sequence !== b.sequence,
        );
        expect(make(a)).not.toBe(make(b));
      }),
    );
  });
});

describe('parseTrackingCode', () => {
  it('verifies every generated code and returns its parts', () => {
    fc.assert(
      fc.property(partsArb, (parts) => {
        const code = make(parts);
        expect(parseTrackingCode(code)).toEqual({ ok: true, value: { code, ...parts } });
      }),
    );
  });

  it('detects every single-digit substitution', () => {
    fc.assert(
      fc.property(
        partsArb,
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 1, max: 9 }),
        (parts, i, delta) => {
          const code = make(parts);
          const wrong = code.slice(0, i) + String((Number(code[i]) + delta) % 10) + code.slice(i + 1);
          expect(parseTrackingCode(wrong)).toEqual({ ok: false, code: 'tracking_code_checksum' });
        },
      ),
    );
  });

  it('detects every swap of two adjacent different digits', () => {
    fc.assert(
      fc.property(partsArb, fc.integer({ min: 0, max: 12 }), (parts, i) => {
        const code = make(parts);
        fc.pre(code[i] !== code[i + 1]);
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(parseTrackingCode(swapped)).toEqual({ ok: false, code: 'tracking_code_checksum' });
      }),
    );
  });

  it('round-trips make → format → Persian digits → parse', () => {
    fc.assert(
      fc.property(partsArb, (parts) => {
        const code = make(parts);
        const spoken = toPersianDigits(formatTrackingCode(code));
        expect(parseTrackingCode(spoken)).toEqual({ ok: true, value: { code, ...parts } });
      }),
    );
  });

  it('reports empty, non-digit and wrong-length input', () => {
    expect(parseTrackingCode(' ')).toEqual({ ok: false, code: 'tracking_code_required' });
    expect(parseTrackingCode('1234-56A-0000-421')).toEqual({ ok: false, code: 'tracking_code_not_digits' });
    expect(parseTrackingCode('1234567890123')).toEqual({ ok: false, code: 'tracking_code_length' });
  });

  it('refuses a code whose checksum holds but whose terminal or sequence is zero', () => {
    for (const body of ['1234000000001', '1234010000000']) {
      const code = body + String(dammCheckDigit(body));
      expect(parseTrackingCode(code)).toEqual({ ok: false, code: 'tracking_code_parts' });
    }
  });
});

describe('formatTrackingCode', () => {
  it('groups the 14 digits 4-3-4-3 with dashes', () => {
    expect(formatTrackingCode('12345678901234')).toBe('1234-567-8901-234');
  });

  it('returns anything that is not a 14-digit code unchanged', () => {
    expect(formatTrackingCode('123')).toBe('123');
  });
});
