import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifyCardNumber } from '@persian-tools/persian-tools';
import { luhnValid, validateBankCard } from '../../../../shared/validation';

/** Appends the Luhn check digit, computed by trying all ten: independent of luhnValid's doubling loop. */
function withCheckDigit(first15: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = first15 + String(d);
    const digits = [...candidate].reverse().map(Number);
    const sum = digits.reduce(
      (acc, digit, i) => acc + (i % 2 === 1 ? [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][digit]! : digit),
      0,
    );
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

describe('luhnValid', () => {
  it('accepts the Wikipedia example 79927398713 and rejects its neighbours', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('79927398731')).toBe(false);
  });
});

describe('validateBankCard', () => {
  it('accepts a 16-digit card typed in groups with Persian digits', () => {
    const card = withCheckDigit('603799123456789');
    const grouped = card.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(validateBankCard(grouped)).toEqual({ ok: true, value: card });
  });

  it('accepts a valid card above 2^53 that persian-tools misjudges', () => {
    const card = withCheckDigit('991975000000123');
    expect(card).toBe('9919750000001231');
    expect(verifyCardNumber(Number(card))).toBe(false);
    expect(validateBankCard(card)).toEqual({ ok: true, value: card });
  });

  it('rejects a card number with a wrong check digit', () => {
    expect(validateBankCard('9919750000001232')).toEqual({ ok: false, code: 'bank_card_checksum' });
  });

  it('rejects wrong length, letters and empty input', () => {
    expect(validateBankCard('603799123456789')).toEqual({ ok: false, code: 'bank_card_length' });
    expect(validateBankCard('6037-9912-3456-78a9')).toEqual({ ok: false, code: 'bank_card_not_digits' });
    expect(validateBankCard('')).toEqual({ ok: false, code: 'bank_card_required' });
    expect(validateBankCard('0000000000000000')).toEqual({ ok: false, code: 'bank_card_checksum' });
  });

  it('detects every single-digit change of a valid card', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9][0-9]{14}$/),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 1, max: 9 }),
        (first15, position, delta) => {
          const card = withCheckDigit(first15);
          const changed =
            card.slice(0, position) +
            String((Number(card[position]) + delta) % 10) +
            card.slice(position + 1);
          expect(validateBankCard(card).ok).toBe(true);
          expect(validateBankCard(changed)).toEqual({ ok: false, code: 'bank_card_checksum' });
        },
      ),
    );
  });
});
