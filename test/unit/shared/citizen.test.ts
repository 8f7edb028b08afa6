import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCitizen,
  checkLegalPerson,
  checkPayer,
  isLegalPerson,
  LEGAL_NAME_MAX_LENGTH,
  payerId,
  payerName,
} from '../../../shared/citizen';
import { toPersianDigits } from '../../../shared/text/normalize';

describe('checking a legal person at the counter', () => {
  it('takes a شناسه ملی in Persian or Arabic digits and a registered name as names are normalized', () => {
    expect(
      checkLegalPerson({
        legalEntityId: '۱۰۳۸۰-۲۸۴٧٩٠',
        name: '  شركت  تعاوني\u200c\u200cمصرف ',
        mobile: '۰۹۱۲ ۱۲۳ ۴۵۶۷',
      }),
    ).toEqual({
      ok: true,
      value: {
        kind: 'legal',
        legalEntityId: '10380284790',
        name: 'شرکت تعاونی\u200cمصرف',
        mobile: '09121234567',
      },
    });
  });

  it('leaves the mobile out when nothing visible was typed', () => {
    const checked = checkLegalPerson({
      legalEntityId: '10380284790',
      name: 'شرکت آب',
      mobile: ' \u200c\u200f',
    });
    expect(checked).toEqual({
      ok: true,
      value: { kind: 'legal', legalEntityId: '10380284790', name: 'شرکت آب', mobile: null },
    });
  });

  it('gives a stable code for each bad field, and the شناسه ملی alone when it is valid', () => {
    expect(checkLegalPerson({ legalEntityId: '', name: '', mobile: '0912' })).toEqual({
      ok: false,
      errors: {
        legalEntityId: 'legal_entity_id_required',
        name: 'legal_name_required',
        mobile: 'mobile_length',
      },
      legalEntityId: null,
    });
    expect(checkLegalPerson({ legalEntityId: '10380284791', name: 'ش', mobile: '' })).toEqual({
      ok: false,
      errors: { legalEntityId: 'legal_entity_id_checksum', name: 'legal_name_too_short' },
      legalEntityId: null,
    });
    expect(
      checkLegalPerson({
        legalEntityId: '10380284790',
        name: 'ش'.repeat(LEGAL_NAME_MAX_LENGTH + 1),
        mobile: '',
      }),
    ).toEqual({ ok: false, errors: { name: 'legal_name_too_long' }, legalEntityId: '10380284790' });
    expect(checkLegalPerson({ legalEntityId: '0499370899', name: 'شرکت آب', mobile: '' })).toMatchObject({
      ok: false,
      errors: { legalEntityId: 'legal_entity_id_length' },
    });
    expect(checkLegalPerson({ legalEntityId: '1038028479a', name: 'شرکت آب', mobile: '' })).toMatchObject({
      ok: false,
      errors: { legalEntityId: 'legal_entity_id_not_digits' },
    });
  });

  it('takes a name of exactly the longest length', () => {
    const name = 'ش'.repeat(LEGAL_NAME_MAX_LENGTH);
    expect(checkLegalPerson({ legalEntityId: '10380284790', name, mobile: '' })).toMatchObject({
      ok: true,
      value: { name },
    });
  });
});

describe('checking a payer of either kind', () => {
  it('checks a citizen as before and gives the same shape, with no kind', () => {
    const citizen = { nationalId: '۰۴۹۹۳۷۰۸۹۹', firstName: 'علي', lastName: 'رضايي', mobile: null };
    const checked = checkPayer(citizen);
    expect(checked).toEqual({
      ok: true,
      value: { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی', mobile: null },
    });
    expect(checked.ok && Object.keys(checked.value)).toEqual([
      'nationalId',
      'firstName',
      'lastName',
      'mobile',
    ]);
    expect(checked).toEqual(checkCitizen({ ...citizen, mobile: '' }));
  });

  it('checks a legal person by its kind, and refuses one a citizen’s check would take', () => {
    expect(
      checkPayer({ kind: 'legal', legalEntityId: '10380284790', name: 'شرکت آب', mobile: '09121234567' }),
    ).toEqual({
      ok: true,
      value: { kind: 'legal', legalEntityId: '10380284790', name: 'شرکت آب', mobile: '09121234567' },
    });
    // A کد ملی is no شناسه ملی.
    expect(checkPayer({ kind: 'legal', legalEntityId: '0499370899', name: 'شرکت آب', mobile: null })).toEqual(
      {
        ok: false,
        errors: { legalEntityId: 'legal_entity_id_length' },
      },
    );
  });

  it('names and identifies a payer of either kind', () => {
    const company = { kind: 'legal', legalEntityId: '10380284790', name: 'شرکت آب', mobile: null } as const;
    const citizen = { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی', mobile: null };
    expect([isLegalPerson(company), payerId(company), payerName(company)]).toEqual([
      true,
      '10380284790',
      'شرکت آب',
    ]);
    expect([isLegalPerson(citizen), payerId(citizen), payerName(citizen)]).toEqual([
      false,
      '0499370899',
      'علی رضایی',
    ]);
  });
});

describe('a legal person’s canonical form', () => {
  const legal = fc.record({
    legalEntityId: fc
      .stringMatching(/^[0-9]{10}$/)
      .chain((ten) => fc.integer({ min: 0, max: 9 }).map((check) => `${ten}${check}`)),
    name: fc.string({ minLength: 0, maxLength: 160 }),
    mobile: fc.oneof(fc.constant(''), fc.stringMatching(/^09[0-9]{9}$/)),
  });

  it('is what the check gives, whatever the digits it was typed with, and checks again to itself', () => {
    fc.assert(
      fc.property(legal, fc.boolean(), (draft, persian) => {
        const typed = persian
          ? {
              ...draft,
              legalEntityId: toPersianDigits(draft.legalEntityId),
              mobile: toPersianDigits(draft.mobile),
            }
          : draft;
        const checked = checkLegalPerson(typed);
        expect(checked).toEqual(checkLegalPerson(draft));
        if (!checked.ok) return;
        const { kind, ...again } = checked.value;
        expect(kind).toBe('legal');
        expect(checkLegalPerson({ ...again, mobile: again.mobile ?? '' })).toEqual(checked);
        expect(checked.value.legalEntityId).toMatch(/^[0-9]{11}$/);
        expect(checked.value.name.length).toBeLessThanOrEqual(LEGAL_NAME_MAX_LENGTH);
      }),
      { numRuns: 500 },
    );
  });
});
