import { describe, expect, it } from 'vitest';
import type { Service } from '../../../../shared/catalog/schema';
import { checkFieldValues } from '../../../../shared/counter/field-values';
import { checkCitizen } from '../../../../shared/citizen';
import { sampleCatalog } from '../catalog/sample';

/** What a keyboard or a paste can put in a field that shows nothing: ZWNJ (Shift+Space), marks, tatweel. */
const LOOKS_EMPTY = [
  '\u200c',
  '\u200b',
  '\u200f',
  '\u00ad',
  'ـــ',
  ' \u200c ',
  '\u200e\u200c\u200f',
  '\ufeff',
];

function sampleService(code: string): Service {
  const service = sampleCatalog.services.find((s) => s.code === code);
  if (!service) throw new Error(code);
  return service;
}

/** The server's re-check in short: stored values, read back as text, must come back as themselves. */
function checksOutAgain(service: Service, values: Readonly<Record<string, string | number>>): boolean {
  const again = checkFieldValues(
    service,
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
  );
  return again.ok && JSON.stringify(again.values) === JSON.stringify(values);
}

describe('a field that only looks filled', () => {
  const request = sampleService('citizen-request');
  const subject = request.fields.find((f) => f.key === 'subject')?.options?.[0]?.value ?? '';

  it.each(LOOKS_EMPTY)('is required still when it holds only %j', (blank) => {
    expect(checkFieldValues(request, { subject, description: blank })).toEqual({
      ok: false,
      errors: { description: 'field_required' },
    });
  });

  it.each(LOOKS_EMPTY)('is left out, not stored empty, when optional and it holds only %j', (blank) => {
    const optional: Service = {
      ...request,
      fields: request.fields.map((f) => (f.key === 'description' ? { ...f, required: false } : f)),
    };
    const checked = checkFieldValues(optional, { subject, description: blank });
    expect(checked).toEqual({ ok: true, values: { subject } });
    // So the municipality's re-check, which reads the stored values through the same rules, agrees.
    if (checked.ok) expect(checksOutAgain(optional, checked.values)).toBe(true);
  });

  it('keeps a text with ZWNJ between its letters', () => {
    const checked = checkFieldValues(request, { subject, description: 'درخواست\u200cها ثبت شود' });
    expect(checked).toEqual({ ok: true, values: { subject, description: 'درخواست\u200cها ثبت شود' } });
    if (checked.ok) expect(checksOutAgain(request, checked.values)).toBe(true);
  });

  it.each(LOOKS_EMPTY)('leaves an optional mobile out when it holds only %j', (blank) => {
    expect(
      checkCitizen({ nationalId: '0499370899', firstName: 'مریم', lastName: 'کاظمی', mobile: blank }),
    ).toEqual({
      ok: true,
      value: { nationalId: '0499370899', firstName: 'مریم', lastName: 'کاظمی', mobile: null },
    });
  });
});

describe('a Jalali date field', () => {
  const request = sampleService('citizen-request');
  const dated: Service = {
    ...request,
    fields: [
      { key: 'visit', label: { fa: 'تاریخ بازدید', en: 'Visit date' }, type: 'jalali-date', required: true },
    ],
  };

  it.each([
    '1404/09/17',
    '۱۴۰۴/۰۹/۱۷',
    '\u200f۱۴۰۴/۹/۱۷\u200f',
    '\u200e1404-09-17',
    '۱۴۰۴\u200c/۰۹/۱۷ ',
    '١٤٠٤/٠٩/١٧',
  ])('reads %j, pasted with direction marks or written in any digits, as the same day', (raw) => {
    const checked = checkFieldValues(dated, { visit: raw });
    expect(checked).toEqual({ ok: true, values: { visit: '2025-12-08' } });
  });

  it.each(['1404/12/30', '1404/13/01', '14040917', '1404/09'])('refuses %j', (raw) => {
    expect(checkFieldValues(dated, { visit: raw })).toEqual({ ok: false, errors: { visit: 'date_invalid' } });
  });
});
