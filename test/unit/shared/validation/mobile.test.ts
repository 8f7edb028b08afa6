import { describe, expect, it } from 'vitest';
import { validateMobile } from '../../../../shared/validation';

describe('validateMobile', () => {
  it.each([
    '09121234567',
    '9121234567',
    '989121234567',
    '+989121234567',
    '00989121234567',
    '+98 912 123 4567',
    '۰۹۱۲-۱۲۳-۴۵۶۷',
  ])('turns %s into the canonical 09121234567', (raw) => {
    expect(validateMobile(raw)).toEqual({ ok: true, value: '09121234567' });
  });

  it.each([
    '0910',
    '0919',
    '0990',
    '0994',
    '0930',
    '0933',
    '0935',
    '0939',
    '0901',
    '0905',
    '0920',
    '0922',
    '0941',
    '0998',
    '0999',
    '0934',
  ])('accepts the operator prefix %s', (prefix) => {
    const number = `${prefix}1234567`;
    expect(validateMobile(number)).toEqual({ ok: true, value: number });
  });

  it('rejects a prefix no Iranian operator uses', () => {
    expect(validateMobile('09501234567')).toEqual({ ok: false, code: 'mobile_prefix' });
    expect(validateMobile('09701234567')).toEqual({ ok: false, code: 'mobile_prefix' });
  });

  it('rejects a landline number as not a mobile', () => {
    expect(validateMobile('02188776655')).toEqual({ ok: false, code: 'mobile_not_mobile' });
  });

  it('rejects too few or too many digits', () => {
    expect(validateMobile('0912123456')).toEqual({ ok: false, code: 'mobile_length' });
    expect(validateMobile('091212345678')).toEqual({ ok: false, code: 'mobile_length' });
  });

  it('reports empty input and letters', () => {
    expect(validateMobile(' ')).toEqual({ ok: false, code: 'mobile_required' });
    expect(validateMobile('0912abc4567')).toEqual({ ok: false, code: 'mobile_not_digits' });
  });
});
