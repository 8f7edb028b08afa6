import sampleJson from '../../../../resources/catalog/sample-catalog.json';
import { catalogSchema, type Catalog, type Tariff } from '../../../../shared/catalog/schema';
import { tariffFor } from '../../../../shared/catalog/tariff';

/** The shipped sample catalog, parsed the way the app parses it. */
export const sampleCatalog: Catalog = catalogSchema.parse(sampleJson);

export function sampleTariff(serviceCode: string, onDate: string): Tariff {
  const tariff = tariffFor(sampleCatalog, serviceCode, onDate);
  if (!tariff) throw new Error(`no sample tariff for ${serviceCode} on ${onDate}`);
  return tariff;
}
