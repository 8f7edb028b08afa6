import { describe, expect, it } from 'vitest';
import { validatePostalCode } from '../../../../shared/validation';

describe('validatePostalCode', () => {
  it('accepts a 10-digit code written with a dash and Persian digits', () => {
    expect(validatePostalCode('۱۳۱۸۹-۴۳۷۶۱')).toEqual({ ok: true, value: '1318943761' });
    expect(validatePostalCode('3149968111')).toEqual({ ok: true, value: '3149968111' });
  });

  it('accepts 0 and 2 in the last five digits', () => {
    expect(validatePostalCode('1318920200')).toEqual({ ok: true, value: '1318920200' });
  });

  it('rejects 0 or 2 in the first five digits', () => {
    expect(validatePostalCode('1038943761')).toEqual({ ok: false, code: 'postal_code_pattern' });
    expect(validatePostalCode('1328943761')).toEqual({ ok: false, code: 'postal_code_pattern' });
  });

  it('rejects 5 as the fifth digit', () => {
    expect(validatePostalCode('1318543761')).toEqual({ ok: false, code: 'postal_code_pattern' });
  });

  it('rejects one digit repeated ten times', () => {
    expect(validatePostalCode('1111111111')).toEqual({ ok: false, code: 'postal_code_pattern' });
  });

  it('reports empty input, letters and wrong length', () => {
    expect(validatePostalCode('')).toEqual({ ok: false, code: 'postal_code_required' });
    expect(validatePostalCode('13189x3761')).toEqual({ ok: false, code: 'postal_code_not_digits' });
    expect(validatePostalCode('131894376')).toEqual({ ok: false, code: 'postal_code_length' });
  });
});
