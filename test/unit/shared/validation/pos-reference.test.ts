import { describe, expect, it } from 'vitest';
import { validatePosReference } from '../../../../shared/validation';

describe('validatePosReference', () => {
  it('accepts a 12-digit reference number typed with Persian digits and spaces', () => {
    expect(validatePosReference('۴۰۳۱ ۲۲۹۸ ۷۶۵۴')).toEqual({ ok: true, value: '403122987654' });
  });

  it('rejects the 6-digit trace number in place of the reference number', () => {
    expect(validatePosReference('123456')).toEqual({ ok: false, code: 'pos_reference_length' });
  });

  it('rejects 13 digits, letters, all zeros and empty input', () => {
    expect(validatePosReference('4031229876541')).toEqual({ ok: false, code: 'pos_reference_length' });
    expect(validatePosReference('40312298765a')).toEqual({ ok: false, code: 'pos_reference_not_digits' });
    expect(validatePosReference('000000000000')).toEqual({ ok: false, code: 'pos_reference_zero' });
    expect(validatePosReference('')).toEqual({ ok: false, code: 'pos_reference_required' });
  });
});
