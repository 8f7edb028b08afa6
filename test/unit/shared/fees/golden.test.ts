import { describe, expect, it } from 'vitest';
import { evaluateFee, type FeeBreakdown, type FieldValues } from '../../../../shared/fees';
import { sampleTariff } from '../catalog/sample';

/**
 * Worked examples for every sample service, computed by hand. Areas are stored in hundredths of a
 * square metre (200.00 m² → 20000). 2025-06-15 is 1404/03/25; 2025-03-01 is 1403/12/11.
 */
function price(serviceCode: string, values: FieldValues, today: string): FeeBreakdown {
  const result = evaluateFee(sampleTariff(serviceCode, today), values, { today });
  if (!result.ok) throw new Error(`fee failed: ${result.error.code} ${result.error.field ?? ''}`);
  return result.value;
}

function amounts(breakdown: FeeBreakdown): Record<string, number> {
  return Object.fromEntries(breakdown.lines.map((l) => [l.key, l.amount]));
}

describe('property renewal dues (عوارض نوسازی)', () => {
  it('charges three residential years with the late penalty and the several-years discount', () => {
    // Tariff v3 (from 1404/01/01): land 8,000,000 and building 5,000,000 Rials per m²; residential 5‰.
    // land  20000 × 8,000,000 / 100 = 1,600,000,000
    // built 15050 × 5,000,000 / 100 =   752,500,000  → assessed 2,352,500,000
    // yearly 2,352,500,000 × 5/1000 = 11,762,500 → down to 1,000 → 11,762,000
    // dues 11,762,000 × 3 = 35,286,000
    // penalty: each year falls due at its end, Esfand 30 in the leap year 1403; today 1404/03/25.
    //   1404/12/29 not yet due → 0; 1403/12/30 → 3 months, day 25 < 30 → 2; 1402/12/29 → 15 − 1 = 14
    //   11,762,000 × 15/1000 × 16 = 2,822,880 → down to 1,000 → 2,822,000
    // discount (3 ≥ 2 years): 35,286,000 × 10% = 3,528,600 → down to 1,000 → 3,528,000
    // municipal 35,286,000 + 2,822,000 − 3,528,000 = 34,580,000; office 150,000; total 34,730,000
    const fee = price(
      'property-renewal-dues',
      { fileCode: '12-3-456-7', landArea: 20000, builtArea: 15050, use: 'residential', unpaidYears: 3 },
      '2025-06-15',
    );
    expect(amounts(fee)).toEqual({
      'renewal-dues': 35_286_000,
      'late-penalty': 2_822_000,
      'multi-year-discount': -3_528_000,
      'office-fee': 150_000,
    });
    expect(fee).toMatchObject({
      municipalTotal: 34_580_000,
      officeTotal: 150_000,
      total: 34_730_000,
      tariffVersion: 3,
    });
  });

  it('prices with the older tariff before 1404 and shows no penalty or discount for the current year alone', () => {
    // Tariff v1: land 6,500,000 per m²; commercial 10‰. Today 1403/12/11.
    // land 12000 × 6,500,000 / 100 = 780,000,000; built 0 → assessed 780,000,000
    // yearly 780,000,000 × 10/1000 = 7,800,000; 1 year → 7,800,000
    // penalty: 1403/12/29 not yet due → 0 (line left out); discount: 1 year → 0 (left out)
    // total 7,800,000 + 150,000 = 7,950,000
    const fee = price(
      'property-renewal-dues',
      { fileCode: '5-1-20', landArea: 12000, builtArea: 0, use: 'commercial', unpaidYears: 1 },
      '2025-03-01',
    );
    expect(amounts(fee)).toEqual({ 'renewal-dues': 7_800_000, 'office-fee': 150_000 });
    expect(fee).toMatchObject({ total: 7_950_000, tariffVersion: 1 });
  });

  it('uses areas to the hundredth of a square metre and rounds the yearly dues down', () => {
    // Administrative 75/10000. land 25037 × 80,000 = 2,002,960,000; built 41025 × 50,000 = 2,051,250,000
    // assessed 4,054,210,000 × 75/10000 = 30,406,575 → down to 1,000 → 30,406,000
    // total 30,406,000 + 150,000 = 30,556,000
    const fee = price(
      'property-renewal-dues',
      { fileCode: '9-9-9', landArea: 25037, builtArea: 41025, use: 'administrative', unpaidYears: 1 },
      '2025-06-15',
    );
    expect(fee.total).toBe(30_556_000);
  });
});

describe('waste-management fee (عوارض پسماند)', () => {
  it('charges a commercial 120 m² unit its bracket times the unpaid years', () => {
    // commercial, 120.00 m² falls in (50, 150] → 5,000,000 a year; × 2 = 10,000,000; + 150,000 = 10,150,000
    const fee = price(
      'waste-fee',
      { fileCode: '1-2-3', use: 'commercial', floorArea: 12000, unpaidYears: 2 },
      '2025-06-15',
    );
    expect(amounts(fee)).toEqual({ 'waste-fee': 10_000_000, 'office-fee': 150_000 });
    expect(fee.total).toBe(10_150_000);
  });

  it('puts exactly 100 m² in the lower residential bracket and 100.01 m² in the next', () => {
    // residential: up to 100 m² 1,200,000; up to 200 m² 1,800,000
    const at = (floorArea: number) =>
      price('waste-fee', { fileCode: '1', use: 'residential', floorArea, unpaidYears: 1 }, '2025-06-15')
        .municipalTotal;
    expect(at(10000)).toBe(1_200_000);
    expect(at(10001)).toBe(1_800_000);
  });
});

describe('business-trade dues (عوارض کسب و پیشه)', () => {
  it('charges a restaurant by its area', () => {
    // 4550 × 300,000 / 100 = 13,650,000 (above the 5,000,000 minimum); + 150,000 = 13,800,000
    const fee = price(
      'business-dues',
      { licenseNumber: 'K-1', guild: 'restaurant', shopArea: 4550 },
      '2025-06-15',
    );
    expect(amounts(fee)).toEqual({ 'business-dues': 13_650_000, 'office-fee': 150_000 });
    expect(fee.total).toBe(13_800_000);
  });

  it('raises a small grocery to the minimum', () => {
    // 2000 × 150,000 / 100 = 3,000,000 < 5,000,000 minimum → 5,000,000; + 150,000 = 5,150,000
    const fee = price(
      'business-dues',
      { licenseNumber: 'K-2', guild: 'grocery', shopArea: 2000 },
      '2025-06-15',
    );
    expect(fee.total).toBe(5_150_000);
  });

  it('rounds half up to the thousand Rials', () => {
    // clothing 3333 × 250,000 / 100 = 8,332,500 → half up to 1,000 → 8,333,000; + 150,000 = 8,483,000
    const fee = price(
      'business-dues',
      { licenseNumber: 'K-3', guild: 'clothing', shopArea: 3333 },
      '2025-06-15',
    );
    expect(fee.total).toBe(8_483_000);
  });
});

describe('annual vehicle dues (عوارض سالیانه خودرو)', () => {
  const plate = '12ب345-67';

  it('charges a 1600 cc car two years with the late penalty', () => {
    // passenger car 1600 cc → (1500, 2000] → 2,500,000 a year; × 2 = 5,000,000
    // penalty 2%/month: 1404/12/29 → 0 months; 1403/12/30 → 2 months; 2,500,000 × 2/100 × 2 = 100,000
    // municipal 5,100,000; total 5,250,000
    const fee = price(
      'vehicle-dues',
      { plate, vehicleClass: 'passenger-car', engineCc: 1600, unpaidYears: 2 },
      '2025-06-15',
    );
    expect(amounts(fee)).toEqual({
      'vehicle-dues': 5_000_000,
      'late-penalty': 100_000,
      'office-fee': 150_000,
    });
    expect(fee.total).toBe(5_250_000);
  });

  it('caps the penalty months of each year at 24', () => {
    // motorcycle 500,000 a year × 5 = 2,500,000
    // months per year: 0, 2, 14, 26 → 24, 38 → 24; sum 64; 500,000 × 2/100 × 64 = 640,000
    // municipal 3,140,000; total 3,290,000
    const fee = price(
      'vehicle-dues',
      { plate, vehicleClass: 'motorcycle', engineCc: 125, unpaidYears: 5 },
      '2025-06-15',
    );
    expect(amounts(fee)).toEqual({
      'vehicle-dues': 2_500_000,
      'late-penalty': 640_000,
      'office-fee': 150_000,
    });
    expect(fee.total).toBe(3_290_000);
  });
});

describe('filing fees of the building requests', () => {
  const values = {
    fileCode: '3-4-5',
    ownerNationalId: '0499370899',
    address: 'کرج، خیابان بهار',
    postalCode: '3148734567',
  };

  it.each([
    // fixed filing fee + 150,000 office fee
    ['building-permit-request', 500_000, 650_000],
    ['completion-certificate-request', 400_000, 550_000],
    ['no-violation-certificate-request', 300_000, 450_000],
  ])('%s charges its filing fee and the office fee', (code, filing, total) => {
    const fee = price(code, values, '2025-06-15');
    expect(amounts(fee)).toEqual({ 'filing-fee': filing, 'office-fee': 150_000 });
    expect(fee.total).toBe(total);
  });
});

describe('citizen request', () => {
  it('is free: no municipal line and a zero office line', () => {
    const fee = price(
      'citizen-request',
      { subject: 'complaint', description: 'چراغ کوچه خاموش است' },
      '2025-06-15',
    );
    expect(fee.lines).toEqual([{ key: 'office-fee', label: expect.anything(), kind: 'office', amount: 0 }]);
    expect(fee).toMatchObject({ municipalTotal: 0, officeTotal: 0, total: 0 });
  });
});
