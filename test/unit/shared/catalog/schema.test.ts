import { describe, expect, it } from 'vitest';
import { catalogSchema, fieldSchema, type Catalog } from '../../../../shared/catalog/schema';
import type { FeeExpr } from '../../../../shared/fees';
import { sampleCatalog } from './sample';

/** The issue messages (stable codes) a modified copy of the sample catalog is rejected with. */
function issuesOf(change: (catalog: Catalog) => unknown): string[] {
  const copy = structuredClone(sampleCatalog);
  const changed = change(copy) ?? copy;
  const parsed = catalogSchema.safeParse(changed);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

function wasteTariff(catalog: Catalog) {
  return catalog.tariffs.find((t) => t.serviceCode === 'waste-fee')!;
}

function setWasteAmount(catalog: Catalog, amount: FeeExpr): void {
  const line = wasteTariff(catalog).rule.lines[0]!;
  (line as { amount: FeeExpr }).amount = amount;
}

describe('catalog cross-checks', () => {
  it('rejects a rule that reads a field the service does not have', () => {
    expect(
      issuesOf((c) =>
        setWasteAmount(c, { kind: 'times-field', of: { kind: 'fixed', amount: 1 }, field: 'years' }),
      ),
    ).toContain('catalog_rule_unknown_field');
  });

  it('rejects a rule that multiplies by a field that is not an integer', () => {
    expect(
      issuesOf((c) =>
        setWasteAmount(c, { kind: 'times-field', of: { kind: 'fixed', amount: 1 }, field: 'floorArea' }),
      ),
    ).toContain('catalog_rule_field_type');
  });

  it('rejects a rule that takes Rials from a text field', () => {
    expect(issuesOf((c) => setWasteAmount(c, { kind: 'field', field: 'fileCode' }))).toContain(
      'catalog_rule_field_type',
    );
  });

  it('rejects a match on an option the select field does not offer', () => {
    const then: FeeExpr = { kind: 'fixed', amount: 1 };
    const cases = [{ values: ['residential', 'commercial', 'administrative', 'industrial'], then }];
    expect(issuesOf((c) => setWasteAmount(c, { kind: 'match', field: 'use', cases }))).toContain(
      'catalog_rule_unknown_option',
    );
  });

  it('rejects a match that leaves an option without a price and has no otherwise', () => {
    const then: FeeExpr = { kind: 'fixed', amount: 1 };
    const partial: FeeExpr = { kind: 'match', field: 'use', cases: [{ values: ['residential'], then }] };
    expect(issuesOf((c) => setWasteAmount(c, partial))).toContain('catalog_rule_option_not_covered');
    expect(issuesOf((c) => setWasteAmount(c, { ...partial, otherwise: then }))).toEqual([]);
  });

  it('rejects two services with the same code', () => {
    expect(issuesOf((c) => ({ ...c, services: [...c.services, c.services[0]!] }))).toContain(
      'catalog_service_code_repeated',
    );
  });

  it('rejects a tariff for a service that does not exist', () => {
    expect(
      issuesOf((c) => ({
        ...c,
        tariffs: [...c.tariffs, { ...wasteTariff(c), serviceCode: 'no-such-service' }],
      })),
    ).toContain('catalog_tariff_unknown_service');
  });

  it('rejects a service without any tariff', () => {
    expect(
      issuesOf((c) => ({ ...c, tariffs: c.tariffs.filter((t) => t.serviceCode !== 'waste-fee') })),
    ).toContain('catalog_service_without_tariff');
  });

  it('rejects the same tariff version twice', () => {
    expect(
      issuesOf((c) => ({
        ...c,
        tariffs: [...c.tariffs, { ...wasteTariff(c), effectiveFrom: '2026-01-01' }],
      })),
    ).toContain('catalog_tariff_version_repeated');
  });

  it('rejects a newer version that takes effect before an older one', () => {
    const newerButEarlier = (c: Catalog) => ({ ...wasteTariff(c), version: 2, effectiveFrom: '2020-01-01' });
    expect(issuesOf((c) => ({ ...c, tariffs: [...c.tariffs, newerButEarlier(c)] }))).toContain(
      'catalog_tariff_dates_out_of_order',
    );
  });

  it('rejects a tariff date that does not exist', () => {
    expect(issuesOf((c) => void (wasteTariff(c).effectiveFrom = '2025-02-30'))).toContain(
      'catalog_date_invalid',
    );
  });

  it('rejects brackets that are not ascending or not open-ended', () => {
    const fixed: FeeExpr = { kind: 'fixed', amount: 1 };
    const descending: FeeExpr = {
      kind: 'brackets',
      field: 'floorArea',
      brackets: [
        { upTo: 200, then: fixed },
        { upTo: 100, then: fixed },
        { upTo: null, then: fixed },
      ],
    };
    const closed: FeeExpr = { kind: 'brackets', field: 'floorArea', brackets: [{ upTo: 100, then: fixed }] };
    expect(issuesOf((c) => setWasteAmount(c, descending))).toContain('rule_brackets_not_ascending');
    expect(issuesOf((c) => setWasteAmount(c, closed))).toContain('rule_brackets_open_end');
  });

  it('rejects a line that refers to a later or unknown line', () => {
    expect(issuesOf((c) => setWasteAmount(c, { kind: 'line', key: 'waste-fee' }))).toContain(
      'rule_line_reference_unknown',
    );
  });

  it('reserves the office fee line key for the office fee', () => {
    expect(
      issuesOf((c) => void ((wasteTariff(c).rule.lines[0] as { key: string }).key = 'office-fee')),
    ).toContain('rule_line_key_reserved');
  });

  it('rejects a fractional or negative amount in a rule', () => {
    expect(issuesOf((c) => setWasteAmount(c, { kind: 'fixed', amount: 1.5 })).length).toBeGreaterThan(0);
    expect(issuesOf((c) => setWasteAmount(c, { kind: 'fixed', amount: -1 })).length).toBeGreaterThan(0);
  });

  it('rejects unknown keys, so a misspelt rule never passes silently', () => {
    expect(
      issuesOf((c) => setWasteAmount(c, { kind: 'fixed', amount: 1, amout: 2 } as FeeExpr)).length,
    ).toBeGreaterThan(0);
  });
});

describe('field schema', () => {
  const label = { fa: 'کاربری', en: 'Use' };

  it('requires options on a select field and only there', () => {
    expect(fieldSchema.safeParse({ key: 'use', label, type: 'select', required: true }).success).toBe(false);
    const withOptions = {
      key: 'code',
      label,
      type: 'text',
      required: true,
      options: [{ value: 'a', label }],
    };
    expect(fieldSchema.safeParse(withOptions).success).toBe(false);
  });

  it('rejects a field type outside the list', () => {
    expect(fieldSchema.safeParse({ key: 'x', label, type: 'date', required: true }).success).toBe(false);
  });

  it('rejects min above max', () => {
    expect(
      fieldSchema.safeParse({ key: 'x', label, type: 'integer', required: true, min: 5, max: 1 }).success,
    ).toBe(false);
  });
});
