import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without types
import { buildServer } from '../../../scripts/build-server.mjs';
import { ADMIN_TOKEN, BACKENDS, dropSchema, freshSchema } from '../server/harness';
import { useTempDirs } from '../../support/tempdir';
import { drain, openTerminal } from './fixture';
import { freePort, startChild, type Child } from './processes';
import { expectConverged } from './verify';

let serverBundle: string;
beforeAll(async () => {
  serverBundle = (await buildServer()) as string;
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `server killed mid-batch on ${backend.name}`,
    () => {
      const tempDir = useTempDirs();
      const serverDir = mkdtempSync(join(tmpdir(), 'pishkhan-killed-server-'));
      let databaseUrl: string | undefined;
      let port = 0;
      let server: Child | null = null;

      async function startServerProcess(): Promise<{ demo?: { activationCode: string } }> {
        server = startChild(
          serverBundle,
          ['--port', String(port), '--data-dir', serverDir, '--admin-token', ADMIN_TOKEN, '--seed-demo'],
          databaseUrl ? { DATABASE_URL: databaseUrl } : {},
        );
        return JSON.parse(await server.firstLine()) as { demo?: { activationCode: string } };
      }

      async function transactions() {
        const all: { id: string; trackingCode: string; status: string }[] = [];
        let cursor: string | null = '';
        while (cursor !== null) {
          const response = await fetch(
            `http://127.0.0.1:${port}/v1/admin/transactions?office=1234&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
            { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
          );
          const page = (await response.json()) as { items: typeof all; nextCursor: string | null };
          all.push(...page.items);
          cursor = page.nextCursor;
        }
        return all;
      }

      beforeAll(async () => {
        port = await freePort();
        if (backend.databaseUrl) databaseUrl = await freshSchema(backend.databaseUrl);
      });
      afterAll(async () => {
        await server?.kill();
        if (backend.databaseUrl && databaseUrl) await dropSchema(backend.databaseUrl, databaseUrl);
        rmSync(serverDir, { recursive: true, force: true });
      });

      it('a server killed with SIGKILL and restarted while batches are in flight loses nothing and duplicates nothing', async () => {
        const started = await startServerProcess();
        const t = await openTerminal(tempDir(), { timeoutMs: 3_000 });
        await t.engine.enroll({
          serverUrl: `http://127.0.0.1:${port}`,
          activationCode: started.demo?.activationCode ?? '',
        });
        for (let i = 0; i < 1_200; i++) await t.save();
        let failures = 0;
        for (let round = 0; round < 4; round++) {
          const run = t.engine.syncNow();
          await new Promise((r) => setTimeout(r, 30 + Math.random() * 250));
          await server?.kill();
          const report = await run;
          if (!report.ok) failures++;
          for (let i = 0; i < 100; i++) await t.save();
          await startServerProcess();
        }
        expect(failures).toBeGreaterThan(0);
        await drain(t.engine);
        expect(await expectConverged(t.core, { transactions })).toBe(1_600);
        await t.close();
      }, 120_000);
    },
  );
}
