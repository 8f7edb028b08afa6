import { randomUUID } from 'node:crypto';
import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { catalogSchema } from '../../../shared/catalog/schema';
import { tariffFor } from '../../../shared/catalog/tariff';
import { checkFieldValues } from '../../../shared/counter/field-values';
import { evaluateFee } from '../../../shared/fees';
import { tehranWallTime } from '../../../shared/jalali';
import { makeTrackingCode } from '../../../shared/tracking-code';
import { SAMPLE_FIELDS } from '../../support/transactions';

/** The sample catalog the test servers publish. */
export const SAMPLE_CATALOG = catalogSchema.parse(sampleCatalog);

/**
 * A waste-fee sale as the counter's outbox holds it (electron/core/transactions/save.ts): priced
 * today with the shared rules and the sample catalog, its tracking code the `sequence`th of
 * `terminalNumber` in `office` (terminal 1's when the number is 0, for a body naming no terminal).
 */
export function wasteFeeSaleItem(
  at: { readonly office: string; readonly terminalNumber: number; readonly sequence: number },
  overrides: Record<string, unknown> = {},
) {
  const catalog = SAMPLE_CATALOG;
  const id = randomUUID();
  const now = Date.now();
  const businessDate = tehranWallTime(now).isoDate;
  const service = catalog.services.find((s) => s.code === 'waste-fee');
  const tariff = tariffFor(catalog, 'waste-fee', businessDate);
  if (!service || !tariff) throw new Error('no waste-fee in the sample catalog');
  const fields = checkFieldValues(service, SAMPLE_FIELDS['waste-fee'] ?? {});
  if (!fields.ok) throw new Error('sample fields invalid');
  const fee = evaluateFee(tariff, fields.values, { today: businessDate });
  if (!fee.ok) throw new Error(fee.error.code);
  const trackingCode = makeTrackingCode({
    officeCode: at.office,
    terminalNumber: at.terminalNumber || 1,
    sequence: at.sequence,
  });
  if (!trackingCode.ok) throw new Error('tracking code');
  const { total } = fee.value;
  const body = {
    id,
    trackingCode: trackingCode.value,
    office: at.office,
    terminal: at.terminalNumber,
    serviceCode: 'waste-fee',
    catalogVersion: catalog.catalogVersion,
    tariffVersion: tariff.version,
    citizen: { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی', mobile: '09121234567' },
    fields: fields.values,
    lines: fee.value.lines,
    municipalTotal: fee.value.municipalTotal,
    officeTotal: fee.value.officeTotal,
    total,
    payments: [{ method: 'cash', amount: total, tendered: total + 50_000, change: 50_000, reference: null }],
    createdAt: now,
    businessDate,
    operator: 'operator1',
    ...overrides,
  };
  return { id, kind: 'transaction' as const, body };
}
