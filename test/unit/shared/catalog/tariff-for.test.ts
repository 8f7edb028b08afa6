import { describe, expect, it } from 'vitest';
import { tariffFor } from '../../../../shared/catalog/tariff';
import { sampleCatalog } from './sample';

// Property renewal dues: version 1 from 2024-03-20 (1403/01/01), version 3 from 2025-03-21 (1404/01/01).
// (Version 2, in sample-1404.1, had the same start; sample-1404.2 replaced it.)
describe('tariffFor', () => {
  it('finds nothing before the first version takes effect', () => {
    expect(tariffFor(sampleCatalog, 'property-renewal-dues', '2024-03-19')).toBeUndefined();
  });

  it('applies a version from its first day', () => {
    expect(tariffFor(sampleCatalog, 'property-renewal-dues', '2024-03-20')?.version).toBe(1);
    expect(tariffFor(sampleCatalog, 'property-renewal-dues', '2025-03-21')?.version).toBe(3);
  });

  it('keeps the older version until the last day before the newer one', () => {
    expect(tariffFor(sampleCatalog, 'property-renewal-dues', '2025-03-20')?.version).toBe(1);
  });

  it('keeps the newest version in force afterwards', () => {
    expect(tariffFor(sampleCatalog, 'property-renewal-dues', '2030-01-01')?.version).toBe(3);
  });

  it('prefers the higher version when two take effect the same day (a correction)', () => {
    const base = sampleCatalog.tariffs[0]!;
    const corrected = { ...base, version: base.version + 10 };
    const found = tariffFor({ tariffs: [corrected, base] }, base.serviceCode, base.effectiveFrom);
    expect(found?.version).toBe(base.version + 10);
  });

  it('finds nothing for an unknown service or a malformed date', () => {
    expect(tariffFor(sampleCatalog, 'no-such-service', '2025-06-15')).toBeUndefined();
    expect(tariffFor(sampleCatalog, 'waste-fee', '1404/03/25')).toBeUndefined();
    expect(tariffFor(sampleCatalog, 'waste-fee', '')).toBeUndefined();
  });
});
