import { describe, expect, it } from 'vitest';
import { getNumberPlateInfo } from '@persian-tools/persian-tools';
import { PLATE_LETTERS, validateVehiclePlate } from '../../../../shared/validation';

const PLATE_12B345_67 = {
  left: '12',
  letter: 'ب',
  middle: '345',
  provinceCode: '67',
  canonical: '12ب345-67',
};

describe('validateVehiclePlate', () => {
  it.each(['12ب34567', '12 ب 345 - 67', '۱۲ ب ۳۴۵ ایران ۶۷', '12-ب-345-67', '۱۲ب۳۴۵|۶۷'])(
    'parses %s',
    (raw) => {
      expect(validateVehiclePlate(raw)).toEqual({ ok: true, value: PLATE_12B345_67 });
    },
  );

  it('accepts the two-character letter الف and the diplomatic Latin letters', () => {
    expect(validateVehiclePlate('۳۴ الف ۱۹۸ ۱۱')).toMatchObject({
      ok: true,
      value: { letter: 'الف', canonical: '34الف198-11' },
    });
    expect(validateVehiclePlate('34 d 198 11')).toMatchObject({ ok: true, value: { letter: 'D' } });
  });

  it('maps the Arabic yeh and kaf to the Persian letters', () => {
    expect(validateVehiclePlate('12 ي 345 67')).toMatchObject({ ok: true, value: { letter: 'ی' } });
    expect(validateVehiclePlate('12 ك 345 67')).toMatchObject({ ok: true, value: { letter: 'ک' } });
  });

  it('rejects a letter not used on plates', () => {
    expect(validateVehiclePlate('12 خ 345 67')).toEqual({ ok: false, code: 'plate_letter' });
    expect(validateVehiclePlate('12 بب 345 67')).toEqual({ ok: false, code: 'plate_letter' });
  });

  it('rejects a zero in the number groups or a leading zero in the province code', () => {
    expect(validateVehiclePlate('10 ب 345 67')).toEqual({ ok: false, code: 'plate_zero_digit' });
    expect(validateVehiclePlate('12 ب 305 67')).toEqual({ ok: false, code: 'plate_zero_digit' });
    expect(validateVehiclePlate('12 ب 345 07')).toEqual({ ok: false, code: 'plate_zero_digit' });
  });

  it('rejects parts in the wrong shape', () => {
    expect(validateVehiclePlate('12 ب 3456 78')).toEqual({ ok: false, code: 'plate_format' });
    expect(validateVehiclePlate('123 ب 45 67')).toEqual({ ok: false, code: 'plate_format' });
    expect(validateVehiclePlate('ب 12 345 67')).toEqual({ ok: false, code: 'plate_format' });
    expect(validateVehiclePlate('')).toEqual({ ok: false, code: 'plate_required' });
  });

  it('accepts only letters persian-tools also knows, except the taxi letter ت it lacks', () => {
    for (const letter of PLATE_LETTERS) {
      const known = getNumberPlateInfo({ number: '1234547', char: letter }).info.category;
      expect(Boolean(known)).toBe(letter !== 'ت');
    }
  });
});
