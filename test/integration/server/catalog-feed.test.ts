import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { currentCatalog as countersCatalog } from '../../../electron/core/catalog/catalog';
import type { Queryable } from '../../../server/db/database';
import { currentCatalog, publishCatalog } from '../../../server/store/catalogs';
import { MAX_BODY_BYTES, pullResponseSchema, type PullChange } from '../../../shared/sync/protocol';
import { openTerminal, startSeededServer, type SeededServer } from '../sync/fixture';
import { useTempDirs } from '../../support/tempdir';
import { BACKENDS, TestTerminal } from './harness';

const published = z.object({ catalogVersion: z.string(), publishedAt: z.number() });

function catalogOf(version: string) {
  return { ...sampleCatalog, catalogVersion: version, sample: false };
}

function catalogsIn(changes: readonly PullChange[]) {
  return changes.flatMap((c) => (c.type === 'catalog' ? [c] : []));
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `the catalogs on the pull feed on ${backend.name}`,
    () => {
      const tempDir = useTempDirs();
      let server: SeededServer;
      // The server's clock, moved by the tests: an NTP correction sets it back, a fast machine
      // publishes twice in one millisecond.
      let clock: () => number = Date.now;

      async function publish(version: string) {
        const answer = await server.admin('POST', '/v1/admin/catalogs', {
          catalogVersion: version,
          catalog: catalogOf(version),
        });
        expect(answer.status, JSON.stringify(answer.json)).toBe(201);
        return published.parse(answer.json);
      }

      async function serversCatalog(): Promise<string> {
        const answer = await server.admin('GET', '/v1/admin/catalogs/current');
        return published.parse(answer.json).catalogVersion;
      }

      beforeAll(async () => {
        server = await startSeededServer(backend.databaseUrl, () => clock());
      });

      afterAll(async () => {
        await server?.stop();
      });

      it('keeps a counter on the catalog published last while the clock goes back or stands still, and enrolls a new one on it', async () => {
        const t = await openTerminal(tempDir(), { terminalNumber: 41 });
        try {
          await t.engine.enroll({ serverUrl: server.url, activationCode: await server.newActivationCode() });
          const syncedTo = async () => {
            expect(await t.engine.syncNow()).toMatchObject({ ok: true });
            return countersCatalog(t.core).content.catalogVersion;
          };
          expect(await syncedTo()).toBe(sampleCatalog.catalogVersion);

          clock = Date.now;
          const times = [(await publish('karaj-1405.1')).publishedAt];
          expect(await syncedTo()).toBe('karaj-1405.1');

          // An NTP correction sets the server's clock back a minute.
          clock = () => Date.now() - 60_000;
          times.push((await publish('karaj-1405.2')).publishedAt);
          expect(await syncedTo()).toBe('karaj-1405.2');

          // Two published in the same millisecond, the counter syncing in between.
          const instant = Date.now() - 60_000;
          clock = () => instant;
          times.push((await publish('karaj-1405.3')).publishedAt);
          expect(await syncedTo()).toBe('karaj-1405.3');
          times.push((await publish('karaj-1405.4')).publishedAt);
          expect(await syncedTo()).toBe('karaj-1405.4');
          // And two more with no sync in between.
          times.push((await publish('karaj-1405.5')).publishedAt);
          times.push((await publish('karaj-1405.6')).publishedAt);
          expect(await syncedTo()).toBe('karaj-1405.6');
          expect(await serversCatalog()).toBe('karaj-1405.6');

          // Each is later than the one before, as every counter compares them.
          expect(times.slice(1).every((time, i) => time > (times[i] ?? Infinity))).toBe(true);

          // A counter enrolled now, which pulls the feed from its start, ends on the same one.
          clock = Date.now;
          const fresh = await openTerminal(tempDir(), { terminalNumber: 42 });
          try {
            await fresh.engine.enroll({
              serverUrl: server.url,
              activationCode: await server.newActivationCode(),
            });
            expect(await fresh.engine.syncNow()).toMatchObject({ ok: true });
            expect(countersCatalog(fresh.core).content.catalogVersion).toBe('karaj-1405.6');
          } finally {
            await fresh.close();
          }
        } finally {
          clock = Date.now;
          await t.close();
        }
      });

      it('brings only the catalog published last, so a page never carries more than one whole catalog', async () => {
        const terminal = new TestTerminal(server.url);
        expect((await terminal.enroll(await server.newActivationCode())).status).toBe(200);
        const start = pullResponseSchema.parse((await terminal.pull(0)).json);
        // From the start of the feed: every catalog so far, the demo's among them, is one.
        expect(catalogsIn(start.changes).map((c) => c.catalogVersion)).toEqual([await serversCatalog()]);

        const versions = Array.from({ length: 12 }, (_, i) => `karaj-1406.${i + 1}`);
        for (const version of versions) await publish(version);
        const notice = await server.admin('POST', '/v1/admin/notices', {
          text: { fa: 'اطلاعیه', en: 'notice' },
        });
        expect(notice.status).toBe(201);

        for (const cursor of [0, start.cursor]) {
          const page = pullResponseSchema.parse((await terminal.pull(cursor)).json);
          expect(catalogsIn(page.changes).map((c) => c.catalogVersion)).toEqual(['karaj-1406.12']);
          expect(page.changes.at(-1)).toMatchObject({ type: 'notice' });
          expect(page.more).toBe(false);
          const after = pullResponseSchema.parse((await terminal.pull(page.cursor)).json);
          expect(after.changes).toEqual([]);
        }

        // A page is one catalog (at most the admin API's body limit) and small changes: its size
        // does not grow with the number of catalogs published since the counter last pulled.
        const catalogBytes = Buffer.byteLength(JSON.stringify(catalogOf('karaj-1406.12')));
        const page = await terminal.pull(0);
        expect(Buffer.byteLength(JSON.stringify(page.json))).toBeLessThan(catalogBytes + 64 * 1024);
        expect(catalogBytes).toBeLessThan(MAX_BODY_BYTES);
      });
    },
  );
}

describe.skipIf(!BACKENDS[1].databaseUrl)('catalogs published at once on PostgreSQL', () => {
  let server: SeededServer;

  beforeAll(async () => {
    server = await startSeededServer(BACKENDS[1].databaseUrl);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('serves as current the catalog the feed brings last, whichever of two publications waited on the other', async () => {
    let releaseFirst: () => void = () => undefined;
    const secondDone = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let held = false;
    // The first publication is held just before it waits for the feed's lock, until the second
    // has committed: the order two requests take when the first is slower at that point.
    function holdingAtTheFeedLock(tx: Queryable): Queryable {
      return {
        async query(sql, params) {
          if (!held && sql.includes('pg_advisory_xact_lock')) {
            held = true;
            await secondDone;
          }
          return tx.query(sql, params);
        },
        exec: (sql) => tx.exec(sql),
      };
    }
    const now = Date.now();
    const first = server.db.transaction((tx) =>
      publishCatalog(holdingAtTheFeedLock(tx), 'karaj-1407.1', catalogOf('karaj-1407.1'), now),
    );
    await expect.poll(() => held).toBe(true);
    const second = await server.db.transaction((tx) =>
      publishCatalog(tx, 'karaj-1407.2', catalogOf('karaj-1407.2'), now),
    );
    releaseFirst();
    expect([second.ok, (await first).ok]).toEqual([true, true]);

    const feed = await server.db.query<{ version: string; publishedAt: number }>(
      `SELECT payload->>'catalogVersion' AS version, (payload->>'publishedAt')::float8 AS "publishedAt"
       FROM changes WHERE type = 'catalog' ORDER BY seq`,
    );
    const last = feed.at(-1);
    expect((await currentCatalog(server.db))?.catalogVersion).toBe(last?.version);
    expect(feed.slice(1).every((c, i) => c.publishedAt > (feed[i]?.publishedAt ?? Infinity))).toBe(true);
  });
});
