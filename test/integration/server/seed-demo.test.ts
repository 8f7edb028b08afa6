import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { seedDemo } from '../../../server/seed-demo';
import { BACKENDS, startTestServer, type TestServer } from './harness';

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `the demo seed on ${backend.name}`,
    () => {
      let server: TestServer;
      let dir: string;

      function catalogFile(document: unknown): string {
        const file = join(dir, `catalog-${Math.random().toString(36).slice(2)}.json`);
        writeFileSync(file, JSON.stringify(document));
        return file;
      }

      async function feedCatalogs(): Promise<unknown[]> {
        return server.db.query(
          `SELECT payload->>'catalogVersion' AS version FROM changes WHERE type = 'catalog'`,
        );
      }

      // One server for the block: the tests run in order, and only the last one publishes.
      beforeAll(async () => {
        server = await startTestServer(backend.databaseUrl);
        dir = mkdtempSync(join(tmpdir(), 'pishkhan-seed-'));
      });

      afterAll(async () => {
        await server?.stop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('publishes a catalog file counters would refuse as the admin API does: not at all, and says why', async () => {
        for (const [document, code] of [
          [{ ...sampleCatalog, services: 'none' }, 'catalog_invalid'],
          [{ hello: 'world' }, 'catalog_invalid'],
          [['not', 'an', 'object'], 'catalog_invalid'],
          [{ ...sampleCatalog, catalogVersion: 'v'.repeat(65) }, 'catalog_invalid'],
        ] as const) {
          await expect(
            seedDemo(server.db, { now: Date.now(), catalogFile: catalogFile(document) }),
            code,
          ).rejects.toThrow(code);
        }
        expect(await feedCatalogs()).toEqual([]);
        const current = await server.admin('GET', '/v1/admin/catalogs/current');
        expect(current.status).toBe(404);
      });

      it('starts without a catalog when the file is not there', async () => {
        const seeded = await seedDemo(server.db, { now: Date.now(), catalogFile: join(dir, 'none.json') });
        expect(seeded.catalogVersion).toBeNull();
        expect(seeded.activationCode).toMatch(/\S/);
      });
      it('publishes a sound catalog file once, under its own version, as the admin API would', async () => {
        const file = catalogFile(sampleCatalog);
        const seeded = await seedDemo(server.db, { now: Date.now(), catalogFile: file });
        expect(seeded.catalogVersion).toBe(sampleCatalog.catalogVersion);
        expect((await seedDemo(server.db, { now: Date.now(), catalogFile: file })).catalogVersion).toBe(
          sampleCatalog.catalogVersion,
        );
        expect(await feedCatalogs()).toEqual([{ version: sampleCatalog.catalogVersion }]);
        // The same document through the admin API is the same version, already out.
        const again = await server.admin('POST', '/v1/admin/catalogs', {
          catalogVersion: sampleCatalog.catalogVersion,
          catalog: sampleCatalog,
        });
        expect(again.status).toBe(409);
      });
    },
  );
}
