import { newId } from '../../shared/ids';
import type { CallInput } from '../../shared/ipc/contract';

type CreateInput = CallInput<'transactions.create'>;

/** Valid form values, as an operator would type them, for every sample service. */
export const SAMPLE_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'property-renewal-dues': {
    fileCode: 'K-3-1402-0157',
    landArea: '۲۰۰',
    builtArea: '150.5',
    use: 'residential',
    unpaidYears: '2',
  },
  'waste-fee': { fileCode: 'K-3-1402-0157', use: 'commercial', floorArea: '85', unpaidYears: '1' },
  'business-dues': { licenseNumber: 'B-99812', guild: 'grocery', shopArea: '40' },
  'vehicle-dues': {
    plate: '۱۲ ب ۳۴۵ ایران ۶۷',
    vehicleClass: 'passenger-car',
    engineCc: '1600',
    unpaidYears: '1',
  },
  'building-permit-request': {
    fileCode: 'K-5-1401-0099',
    ownerNationalId: '0084575948',
    address: 'کرج، گوهردشت، خیابان ۱۲',
    postalCode: '3145678913',
  },
  'completion-certificate-request': {
    fileCode: 'K-5-1401-0099',
    ownerNationalId: '0084575948',
    address: 'کرج، مهرشهر، بلوار ارم',
    postalCode: '3145678913',
  },
  'no-violation-certificate-request': {
    fileCode: 'K-5-1401-0099',
    ownerNationalId: '0084575948',
    address: 'کرج، عظیمیه، میدان مهران',
    postalCode: '3145678913',
  },
  'citizen-request': { subject: 'complaint', description: 'چراغ‌های کوچهٔ ۱۲ چند شب است خاموش است.' },
};

export const CITIZEN = {
  nationalId: '0499370899',
  firstName: 'علي',
  lastName: 'رضايي',
  mobile: '+989121234567',
} as const;

/** A legal person (شخص حقوقی) as typed: its شناسه ملی with Persian digits, Arabic letters in its name. */
export const COMPANY = {
  kind: 'legal',
  legalEntityId: '۱۰۳۸۰۲۸۴۷۹۰',
  name: 'شركت  بازرگاني آب‌نوش',
  mobile: null,
} as const;

/** A complete transactions.create input; cash is tendered in round notes, so there is change. */
export function newTransaction(
  serviceCode: string,
  payments: CreateInput['payments'],
  overrides: Partial<CreateInput> = {},
): CreateInput {
  return {
    id: newId(),
    serviceCode,
    citizen: { ...CITIZEN },
    fields: { ...SAMPLE_FIELDS[serviceCode] },
    payments,
    ...overrides,
  };
}
