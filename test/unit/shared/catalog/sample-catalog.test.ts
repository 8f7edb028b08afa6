import { describe, expect, it } from 'vitest';
import sampleJson from '../../../../resources/catalog/sample-catalog.json';
import { catalogSchema } from '../../../../shared/catalog/schema';
import { sampleCatalog } from './sample';

describe('the sample catalog', () => {
  it('passes the catalog schema with all its cross-checks', () => {
    const parsed = catalogSchema.safeParse(sampleJson);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('is marked as sample tariffs', () => {
    expect(sampleCatalog.sample).toBe(true);
  });

  it('offers exactly the eight sample services', () => {
    expect(sampleCatalog.services.map((s) => s.code).sort()).toEqual(
      [
        'building-permit-request',
        'business-dues',
        'citizen-request',
        'completion-certificate-request',
        'no-violation-certificate-request',
        'property-renewal-dues',
        'vehicle-dues',
        'waste-fee',
      ].sort(),
    );
  });

  it('names every service, field and option in Persian and English', () => {
    for (const service of sampleCatalog.services) {
      expect(service.name.fa).toMatch(/[\u0600-\u06FF]/);
      for (const field of service.fields) {
        expect(field.label.fa).toMatch(/[\u0600-\u06FF]/);
        expect(field.label.en).toMatch(/[A-Za-z]/);
        for (const option of field.options ?? []) expect(option.label.fa).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });

  it('charges the office fee on every paid service and nothing on the citizen request', () => {
    for (const tariff of sampleCatalog.tariffs) {
      expect(tariff.officeFee).toBe(tariff.serviceCode === 'citizen-request' ? 0 : 150_000);
    }
  });

  it('keeps two versions of the property renewal tariff to exercise versioning', () => {
    const versions = sampleCatalog.tariffs.filter((t) => t.serviceCode === 'property-renewal-dues');
    expect(versions.map((t) => [t.version, t.effectiveFrom])).toEqual([
      [1, '2024-03-20'],
      [3, '2025-03-21'],
    ]);
  });

  it('reads the vehicle plate from a vehicle-plate field', () => {
    const vehicle = sampleCatalog.services.find((s) => s.code === 'vehicle-dues');
    expect(vehicle?.fields.find((f) => f.key === 'plate')?.type).toBe('vehicle-plate');
  });
});
