import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { catalogSchema } from '../../../shared/catalog/schema';
import { tariffFor } from '../../../shared/catalog/tariff';
import { checkFieldValues } from '../../../shared/counter/field-values';
import { evaluateFee } from '../../../shared/fees';
import { tehranWallTime } from '../../../shared/jalali';
import { SAMPLE_FIELDS } from '../../support/transactions';

const catalog = catalogSchema.parse(sampleCatalog);

/** The fee the shared rules give for a sample service's sample values on the core's day. */
export function quote(now: number, serviceCode: string): number {
  const service = catalog.services.find((s) => s.code === serviceCode);
  const today = tehranWallTime(now).isoDate;
  const tariff = tariffFor(catalog, serviceCode, today);
  if (!service || !tariff) throw new Error(`no ${serviceCode}`);
  const values = checkFieldValues(service, SAMPLE_FIELDS[serviceCode] ?? {});
  if (!values.ok) throw new Error(JSON.stringify(values.errors));
  const fee = evaluateFee(tariff, values.values, { today });
  if (!fee.ok) throw new Error(fee.error.code);
  return fee.value.total;
}

export const PRICED_SERVICES = [
  'property-renewal-dues',
  'waste-fee',
  'business-dues',
  'vehicle-dues',
] as const;
