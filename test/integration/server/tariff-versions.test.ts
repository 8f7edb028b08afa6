import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import currentSample from '../../../resources/catalog/sample-catalog.json';
import { catalogSchema, type Catalog, type Tariff } from '../../../shared/catalog/schema';
import publishedSample from '../../support/published-catalogs/sample-1404.1.json';
import { BACKENDS, startTestServer, type TestServer } from './harness';

const errorBody = z.object({ error: z.string(), message: z.string() });

/** The sample catalog as published in sample-1404.1, under another version and with changes. */
function nextCatalog(version: string, change: (catalog: Catalog) => void = () => undefined): Catalog {
  const catalog = structuredClone(catalogSchema.parse(publishedSample));
  catalog.catalogVersion = version;
  catalog.sample = false;
  change(catalog);
  return catalog;
}

function tariffOf(catalog: Catalog, serviceCode: string, version = 1): Tariff {
  const tariff = catalog.tariffs.find((t) => t.serviceCode === serviceCode && t.version === version);
  if (!tariff) throw new Error(`no ${serviceCode} v${version}`);
  return tariff;
}

/** A change to a tariff under its own version: it is no longer the tariff it was. */
function mutate(catalog: Catalog, serviceCode: string, change: (tariff: Tariff) => Tariff): void {
  const i = catalog.tariffs.findIndex((t) => t.serviceCode === serviceCode);
  const tariff = catalog.tariffs[i];
  if (!tariff) throw new Error(`no ${serviceCode}`);
  catalog.tariffs[i] = change(tariff);
}

function withFilingFee(tariff: Tariff, amount: number): Tariff {
  const [line, ...rest] = tariff.rule.lines;
  if (!line) throw new Error('no filing fee line');
  return { ...tariff, rule: { lines: [{ ...line, amount: { kind: 'fixed', amount } }, ...rest] } };
}

/** The same object with its keys in reverse order, all the way down. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `a tariff version names one price list forever, on ${backend.name}`,
    () => {
      let server: TestServer;

      async function publish(catalog: unknown, version = (catalog as Catalog).catalogVersion) {
        return server.admin('POST', '/v1/admin/catalogs', { catalogVersion: version, catalog });
      }

      async function published(): Promise<{ catalogs: string[]; feed: number }> {
        const catalogs = await server.db.query<{ v: string }>(
          'SELECT catalog_version AS v FROM catalogs ORDER BY seq',
        );
        const [feed] = await server.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM changes WHERE type = 'catalog'",
        );
        return { catalogs: catalogs.map((r) => r.v), feed: feed?.n ?? -1 };
      }

      async function expectRefused(catalog: Catalog, names: readonly string[]) {
        const before = await published();
        const answer = await publish(catalog);
        expect(answer.status, JSON.stringify(answer.json)).toBe(409);
        const body = errorBody.parse(answer.json);
        expect(body.error).toBe('tariff_version_changed');
        for (const name of names) expect(body.message).toContain(name);
        expect(await published()).toEqual(before);
        return body.message;
      }

      beforeAll(async () => {
        server = await startTestServer(backend.databaseUrl);
        expect((await publish(publishedSample)).status).toBe(201);
      });

      afterAll(async () => {
        await server?.stop();
      });

      it('refuses a later catalog that gives a published tariff version another price, and stores nothing', async () => {
        const raised = nextCatalog('karaj-1404.2', (c) =>
          mutate(c, 'building-permit-request', (t) => withFilingFee(t, 900_000)),
        );
        const message = await expectRefused(raised, [
          'building-permit-request',
          'version 1',
          'sample-1404.1',
        ]);
        expect(message).not.toContain('waste-fee');
        const current = await server.admin('GET', '/v1/admin/catalogs/current');
        expect(current.json).toMatchObject({ catalogVersion: 'sample-1404.1' });
      });

      it.each([
        ['its first day', (t: Tariff): Tariff => ({ ...t, effectiveFrom: '2025-04-01' })],
        ['the office fee', (t: Tariff): Tariff => ({ ...t, officeFee: t.officeFee + 1 })],
        [
          'a line label',
          (t: Tariff): Tariff => ({
            ...t,
            rule: { lines: t.rule.lines.map((l) => ({ ...l, label: { ...l.label, en: `${l.label.en}!` } })) },
          }),
        ],
      ])('refuses a change of %s under the same version', async (_, change) => {
        await expectRefused(
          nextCatalog('karaj-1404.3', (c) => mutate(c, 'waste-fee', change)),
          ['waste-fee', 'version 1'],
        );
      });

      it('names every changed tariff', async () => {
        const both = nextCatalog('karaj-1404.4', (c) => {
          mutate(c, 'building-permit-request', (t) => withFilingFee(t, 1));
          mutate(c, 'completion-certificate-request', (t) => withFilingFee(t, 2));
        });
        await expectRefused(both, ['building-permit-request', 'completion-certificate-request']);
      });

      it('takes the identical tariff carried into a later catalog, whatever the order of its keys', async () => {
        const carried = reversedKeys(nextCatalog('karaj-1404.5')) as Catalog;
        expect(Object.keys(tariffOf(carried, 'waste-fee'))[0]).toBe('officeFee');
        expect((await publish(carried)).status).toBe(201);
      });

      it('takes a new price under a new tariff version', async () => {
        const next = nextCatalog('karaj-1404.6', (c) => {
          const v1 = tariffOf(c, 'building-permit-request');
          c.tariffs.push({ ...withFilingFee(v1, 900_000), version: 2, effectiveFrom: '2025-09-23' });
        });
        expect((await publish(next)).status).toBe(201);
        // From now on, version 2 is that price too.
        const again = nextCatalog('karaj-1404.7', (c) => {
          const v1 = tariffOf(c, 'building-permit-request');
          c.tariffs.push({ ...withFilingFee(v1, 950_000), version: 2, effectiveFrom: '2025-09-23' });
        });
        await expectRefused(again, ['building-permit-request', 'version 2', 'karaj-1404.6']);
      });

      it('refuses a version left out of a catalog that comes back later changed', async () => {
        const without = nextCatalog('karaj-1404.8', (c) => {
          c.tariffs = c.tariffs.filter(
            (t) => !(t.serviceCode === 'property-renewal-dues' && t.version === 1),
          );
        });
        expect((await publish(without)).status).toBe(201);
        const back = nextCatalog('karaj-1404.9', (c) =>
          mutate(c, 'property-renewal-dues', (t) => ({ ...t, officeFee: 0 })),
        );
        await expectRefused(back, ['property-renewal-dues', 'version 1', 'sample-1404.1']);
      });

      it('publishes the sample shipped now after sample-1404.1: its changed tariffs took new versions', async () => {
        expect((await publish(currentSample)).status).toBe(201);
      });
    },
  );
}
