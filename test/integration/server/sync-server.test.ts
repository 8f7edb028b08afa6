import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { enrollResponseSchema, pullResponseSchema, pushResponseSchema } from '../../../shared/sync/protocol';
import { SERVER_TIME_HEADER } from '../../../shared/sync/signing';
import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { formatTrackingCode } from '../../../shared/tracking-code';
import { toPersianDigits } from '../../../shared/text/normalize';
import { CATALOGS_KEPT } from '../../../server/push/catalog-cache';
import { BACKENDS, TestTerminal, startTestServer, type TestServer } from './harness';
import { SAMPLE_CATALOG, wasteFeeSaleItem } from './sale-item';

let trackingSerial = 0;
const catalog = SAMPLE_CATALOG;

/** A sale of `terminal` in `office`, its tracking code the next of this file's. */
function transactionItem(
  terminal: { number: number },
  office: string,
  overrides: Record<string, unknown> = {},
) {
  trackingSerial += 1;
  return wasteFeeSaleItem({ office, terminalNumber: terminal.number, sequence: trackingSerial }, overrides);
}

/** A void or cancellation request of `sale` as the counter's outbox holds it, approved by manager1. */
function requestItem(
  sale: { id: string; body: { trackingCode: string } },
  kind: 'void' | 'cancellation_request',
  reason: string,
  at = Date.now(),
) {
  return {
    id: randomUUID(),
    kind,
    body: {
      transactionId: sale.id,
      trackingCode: sale.body.trackingCode,
      kind,
      reason,
      approvedBy: 'manager1',
      at,
    },
  };
}

const errorBody = z.object({ error: z.string(), message: z.string(), serverTime: z.number() });
const codeOf = (json: unknown) => errorBody.parse(json).error;
const adminItems = z.object({
  items: z.array(
    z.object({ id: z.string(), trackingCode: z.string(), status: z.string(), body: z.unknown() }),
  ),
  nextCursor: z.string().nullable(),
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `sync server on ${backend.name}`,
    () => {
      let server: TestServer;
      let officeA: string;
      let officeB: string;

      async function activationCode(office: string): Promise<string> {
        const answer = await server.admin('POST', `/v1/admin/offices/${office}/activation-codes`, {});
        expect(answer.status).toBe(201);
        return z.object({ activationCode: z.string() }).parse(answer.json).activationCode;
      }

      async function enrolledTerminal(office: string): Promise<TestTerminal> {
        const terminal = new TestTerminal(server.url);
        const answer = await terminal.enroll(await activationCode(office));
        expect(answer.status).toBe(200);
        return terminal;
      }

      beforeAll(async () => {
        server = await startTestServer(backend.databaseUrl);
        expect(
          (
            await server.admin('POST', '/v1/admin/municipalities', {
              code: 'karaj',
              name: 'کرج',
              districtCount: 12,
            })
          ).status,
        ).toBe(201);
        officeA = '1234';
        officeB = '5678';
        for (const [code, district] of [
          [officeA, 3],
          [officeB, 7],
        ] as const) {
          const created = await server.admin('POST', '/v1/admin/offices', {
            municipality: 'karaj',
            code,
            name: `دفتر ${code}`,
            district,
          });
          expect(created.status).toBe(201);
        }
        expect(
          (
            await server.admin('POST', '/v1/admin/catalogs', {
              catalogVersion: catalog.catalogVersion,
              catalog: sampleCatalog,
            })
          ).status,
        ).toBe(201);
      });

      afterAll(async () => {
        await server?.stop();
      });

      describe('enrollment', () => {
        it('enrolls a terminal with a good code: office, terminal number, server time, catalog', async () => {
          const terminal = new TestTerminal(server.url);
          const answer = await terminal.enroll(await activationCode(officeA));
          expect(answer.status).toBe(200);
          const enrolled = enrollResponseSchema.parse(answer.json);
          expect(enrolled.office).toEqual({
            code: officeA,
            name: `دفتر ${officeA}`,
            district: 3,
            municipality: 'کرج',
          });
          expect(enrolled.terminal.number).toBeGreaterThanOrEqual(1);
          expect(Math.abs(enrolled.serverTime - Date.now())).toBeLessThan(60_000);
          expect(enrolled.catalog?.catalogVersion).toBe(catalog.catalogVersion);
          const second = await enrolledTerminal(officeA);
          expect(second.number).toBe(enrolled.terminal.number + 1);
        });

        it('refuses an unknown code, a used code, and a proof made with another key', async () => {
          const unknown = await new TestTerminal(server.url).enroll('AAAA-BBBB-CCCC-DDDD');
          expect([unknown.status, codeOf(unknown.json)]).toEqual([404, 'activation_code_invalid']);

          const code = await activationCode(officeA);
          expect((await new TestTerminal(server.url).enroll(code)).status).toBe(200);
          const reused = await new TestTerminal(server.url).enroll(code);
          expect([reused.status, codeOf(reused.json)]).toEqual([409, 'activation_code_used']);

          const imposter = new TestTerminal(server.url);
          const forged = await imposter.raw('POST', '/v1/enroll', {
            body: JSON.stringify({
              activationCode: await activationCode(officeA),
              publicKey: new TestTerminal(server.url).publicKey,
              proof: Buffer.alloc(64, 1).toString('base64'),
            }),
          });
          expect([forged.status, codeOf(forged.json)]).toEqual([400, 'bad_signature']);
        });

        it('accepts a code typed in lower case with spaces', async () => {
          const code = await activationCode(officeA);
          const typed = code.toLowerCase().replace(/-/g, ' ');
          expect((await new TestTerminal(server.url).enroll(typed)).status).toBe(200);
        });
      });

      describe('signed requests', () => {
        let terminal: TestTerminal;
        beforeAll(async () => {
          terminal = await enrolledTerminal(officeA);
        });

        it('answers a signed pull, with the server time on the answer', async () => {
          const answer = await terminal.pull(0);
          expect(answer.status).toBe(200);
          pullResponseSchema.parse(answer.json);
          expect(Number(answer.headers.get(SERVER_TIME_HEADER))).toBeGreaterThan(0);
        });

        it('refuses unsigned requests, unknown terminals, wrong keys and tampered bodies', async () => {
          const unsigned = await terminal.pull(0, { unsigned: true });
          expect([unsigned.status, codeOf(unsigned.json)]).toEqual([401, 'unsigned']);
          expect(Number(unsigned.headers.get(SERVER_TIME_HEADER))).toBeGreaterThan(0);

          const unknown = await terminal.pull(0, { terminalId: randomUUID() });
          expect([unknown.status, codeOf(unknown.json)]).toEqual([401, 'unknown_terminal']);

          const wrongKey = await terminal.pull(0, { signingKey: TestTerminal.otherKey() });
          expect([wrongKey.status, codeOf(wrongKey.json)]).toEqual([401, 'bad_signature']);

          const item = transactionItem(terminal, officeA);
          const signed = JSON.stringify({ items: [item] });
          const tampered = await terminal.push([{ ...item, body: { ...item.body, total: 1 } }], {
            signedBody: signed,
          });
          expect([tampered.status, codeOf(tampered.json)]).toEqual([401, 'bad_signature']);

          // The path (with its query) is signed too: a cursor changed in transit is refused.
          const headers = terminal.signedHeaders('GET', '/v1/pull?cursor=0', '');
          const moved = await terminal.raw('GET', '/v1/pull?cursor=5', { headers });
          expect([moved.status, codeOf(moved.json)]).toEqual([401, 'bad_signature']);
        });

        it('refuses a replayed nonce', async () => {
          const nonce = 'replay-nonce-0123456789';
          expect((await terminal.pull(0, { nonce })).status).toBe(200);
          const replay = await terminal.pull(0, { nonce });
          expect([replay.status, codeOf(replay.json)]).toEqual([401, 'replayed_nonce']);
        });

        it('refuses a clock more than 5 minutes off and tells the terminal the server time', async () => {
          const threeDays = 3 * 24 * 60 * 60 * 1000;
          const skewed = await terminal.pull(0, { timestamp: Date.now() - threeDays });
          expect([skewed.status, codeOf(skewed.json)]).toEqual([401, 'clock_skew']);
          const serverTime = errorBody.parse(skewed.json).serverTime;
          expect(Math.abs(serverTime - Date.now())).toBeLessThan(60_000);
          // Signing with the server's time (as the sync engine will) passes.
          expect((await terminal.pull(0, { timestamp: serverTime + 1000 })).status).toBe(200);
        });

        it('refuses a revoked terminal', async () => {
          const doomed = await enrolledTerminal(officeA);
          expect((await doomed.pull(0)).status).toBe(200);
          expect(
            (await server.admin('POST', `/v1/admin/terminals/${doomed.id}/revoke`, { reason: 'stolen' }))
              .status,
          ).toBe(200);
          const refused = await doomed.pull(0);
          expect([refused.status, codeOf(refused.json)]).toEqual([403, 'terminal_revoked']);
          const pushRefused = await doomed.push([transactionItem(doomed, officeA)]);
          expect([pushRefused.status, codeOf(pushRefused.json)]).toEqual([403, 'terminal_revoked']);
        });

        it('refuses an oversized body and a batch of more than 500 items', async () => {
          const huge = 'x'.repeat(5 * 1024 * 1024 + 10);
          const tooLarge = await terminal.send('POST', '/v1/push', {
            items: [{ id: randomUUID(), kind: 'transaction', body: { huge } }],
          });
          expect([tooLarge.status, codeOf(tooLarge.json)]).toEqual([413, 'body_too_large']);
          const items = Array.from({ length: 501 }, () => ({ id: randomUUID(), kind: 'void', body: {} }));
          const tooMany = await terminal.push(items);
          expect([tooMany.status, codeOf(tooMany.json)]).toEqual([413, 'too_many_items']);
        });
      });

      describe('push', () => {
        let terminal: TestTerminal;
        beforeAll(async () => {
          terminal = await enrolledTerminal(officeA);
        });

        it('stores an item once: the same id and body again is a duplicate', async () => {
          const item = transactionItem(terminal, officeA);
          const first = pushResponseSchema.parse((await terminal.push([item])).json);
          expect(first.results).toEqual([{ id: item.id, outcome: 'accepted' }]);
          // Keys in another order are the same body.
          const reordered = {
            kind: item.kind,
            body: Object.fromEntries(Object.entries(item.body).reverse()),
            id: item.id,
          };
          const again = pushResponseSchema.parse((await terminal.push([reordered])).json);
          expect(again.results).toEqual([{ id: item.id, outcome: 'duplicate' }]);
          const count = await server.admin('GET', `/v1/admin/transactions/count?office=${officeA}`);
          const listed = adminItems.parse(
            (await server.admin('GET', `/v1/admin/transactions?office=${officeA}&limit=1000`)).json,
          );
          expect(listed.items.filter((i) => i.id === item.id)).toHaveLength(1);
          expect(z.object({ count: z.number() }).parse(count.json).count).toBe(listed.items.length);
        });

        it('answers the same id with a different body as a conflict and keeps the original', async () => {
          const item = transactionItem(terminal, officeA);
          expect(pushResponseSchema.parse((await terminal.push([item])).json).results[0]?.outcome).toBe(
            'accepted',
          );
          const changed = {
            ...item,
            body: { ...item.body, fields: { ...item.body.fields, floorArea: 99_900 } },
          };
          const answer = pushResponseSchema.parse((await terminal.push([changed])).json);
          expect(answer.results).toEqual([{ id: item.id, outcome: 'conflict', reason: 'different_body' }]);
          const stored = await server.admin('GET', `/v1/admin/transactions/${item.body.trackingCode}`);
          expect(stored.json).toMatchObject({
            id: item.id,
            body: { fields: { floorArea: 8500 } },
          });
          const conflicts = z
            .object({ items: z.array(z.object({ itemId: z.string(), body: z.unknown() })) })
            .parse((await server.admin('GET', '/v1/admin/conflicts')).json);
          expect(conflicts.items.find((c) => c.itemId === item.id)?.body).toMatchObject({
            fields: { floorArea: 99_900 },
          });
        });

        it('takes a tracking code only as its 14 digits, so no code is held twice in another spelling', async () => {
          const good = transactionItem(terminal, officeA);
          const code = good.body.trackingCode;
          const dashed = transactionItem(terminal, officeA, { trackingCode: formatTrackingCode(code) });
          const persian = transactionItem(terminal, officeA, { trackingCode: toPersianDigits(code) });
          const answer = await terminal.push([good, dashed, persian]);
          expect(pushResponseSchema.parse(answer.json).results).toEqual([
            { id: good.id, outcome: 'accepted' },
            { id: dashed.id, outcome: 'rejected', reason: 'tracking_code_invalid' },
            { id: persian.id, outcome: 'rejected', reason: 'tracking_code_invalid' },
          ]);
          const listed = adminItems.parse(
            (await server.admin('GET', `/v1/admin/transactions?office=${officeA}&limit=1000`)).json,
          );
          const pushed: string[] = [good.id, dashed.id, persian.id];
          expect(listed.items.filter((i) => pushed.includes(i.id)).map((i) => i.id)).toEqual([good.id]);
        });

        it('rejects a bad item with a reason and stores the rest of its batch', async () => {
          const good1 = transactionItem(terminal, officeA);
          const badTotals = transactionItem(terminal, officeA, { total: 1 });
          const notAnItem = { id: 'not-a-uuid', kind: 'transaction', body: {} };
          const listBody = { id: randomUUID(), kind: 'transaction', body: [{ trackingCode: '1' }] };
          const textBody = { id: randomUUID(), kind: 'transaction', body: 'a transaction' };
          const good2 = transactionItem(terminal, officeA);
          const answer = await terminal.push([good1, badTotals, notAnItem, listBody, textBody, good2]);
          expect(answer.status).toBe(200);
          expect(pushResponseSchema.parse(answer.json).results).toEqual([
            { id: good1.id, outcome: 'accepted' },
            { id: badTotals.id, outcome: 'rejected', reason: 'totals_mismatch' },
            { id: 'not-a-uuid', outcome: 'rejected', reason: 'invalid_item' },
            { id: listBody.id, outcome: 'rejected', reason: 'invalid_item' },
            { id: textBody.id, outcome: 'rejected', reason: 'invalid_item' },
            { id: good2.id, outcome: 'accepted' },
          ]);
          expect(
            (await server.admin('GET', `/v1/admin/transactions/${badTotals.body.trackingCode}`)).status,
          ).toBe(404);
        });

        it('applies a void pushed after its transaction in the same batch, and a retry of both', async () => {
          const item = transactionItem(terminal, officeA);
          const voidItem = requestItem(item, 'void', 'wrong citizen');
          const first = pushResponseSchema.parse((await terminal.push([item, voidItem])).json);
          expect(first.results.map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
          const retry = pushResponseSchema.parse((await terminal.push([item, voidItem])).json);
          expect(retry.results.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
          const stored = await server.admin('GET', `/v1/admin/transactions/${item.body.trackingCode}`);
          expect(stored.json).toMatchObject({ status: 'voided' });
        });

        it("puts a push's voids and cancellation requests on its office's feed once, in the order pushed, with the counter's time of each", async () => {
          const terminal = await enrolledTerminal(officeA);
          const cursor = pullResponseSchema.parse((await terminal.pull(0)).json).cursor;
          const sales = [1, 2, 3].map(() => transactionItem(terminal, officeA));
          const madeAt = Date.now() - 60_000;
          const asks = sales.map((sale, i) =>
            requestItem(sale, i === 1 ? 'cancellation_request' : 'void', `reason ${i}`, madeAt + i),
          );
          const before = Date.now();
          const pushed = pushResponseSchema.parse((await terminal.push([...sales, ...asks])).json);
          expect(pushed.results.map((r) => r.outcome)).toEqual(Array(6).fill('accepted'));
          expect(
            pushResponseSchema.parse((await terminal.push(asks)).json).results.map((r) => r.outcome),
          ).toEqual(Array(3).fill('duplicate'));

          const feed = pullResponseSchema.parse((await terminal.pull(cursor)).json);
          const statuses = feed.changes.filter((c) => c.type === 'status');
          expect(statuses).toEqual(
            sales.map((sale, i) => ({
              type: 'status',
              seq: expect.any(Number) as number,
              transactionId: sale.id,
              trackingCode: sale.body.trackingCode,
              status: i === 1 ? 'cancellation_requested' : 'voided',
              reason: `reason ${i}`,
              actor: 'manager1',
              at: expect.any(Number) as number,
              counterAt: madeAt + i,
            })),
          );
          for (const change of statuses)
            expect(change.type === 'status' && change.at).toBeGreaterThanOrEqual(before);
        });

        it('accepts a sale priced with an older catalog beside a newer one, however many versions other offices used since', async () => {
          // An office of its own, so its sales stay out of the other tests' offices.
          const officeC = '9012';
          const created = await server.admin('POST', '/v1/admin/offices', {
            municipality: 'karaj',
            code: officeC,
            name: `دفتر ${officeC}`,
            district: 5,
          });
          expect(created.status).toBe(201);
          const other = await enrolledTerminal(officeC);
          const versions = Array.from({ length: CATALOGS_KEPT }, (_, i) => `karaj-cache-v${i + 1}`);
          for (const version of versions) {
            const published = await server.admin('POST', '/v1/admin/catalogs', {
              catalogVersion: version,
              catalog: { ...sampleCatalog, catalogVersion: version },
            });
            expect(published.status).toBe(201);
          }
          const first = pushResponseSchema.parse(
            (await terminal.push([transactionItem(terminal, officeA)])).json,
          );
          expect(first.results[0]?.outcome).toBe('accepted');
          // Another office's terminal prices with each newer version but the last, one push each.
          for (const version of versions.slice(0, -1)) {
            const pushed = pushResponseSchema.parse(
              (await other.push([transactionItem(other, officeC, { catalogVersion: version })])).json,
            );
            expect(pushed.results[0]?.outcome).toBe('accepted');
          }

          const older = transactionItem(terminal, officeA);
          const newer = transactionItem(terminal, officeA, { catalogVersion: versions.at(-1) });
          const answer = pushResponseSchema.parse((await terminal.push([older, newer])).json);
          expect(answer.results).toEqual([
            { id: older.id, outcome: 'accepted' },
            { id: newer.id, outcome: 'accepted' },
          ]);
        });
      });

      describe('cross-office isolation', () => {
        it('keeps one office’s terminal away from another office’s transactions and feed', async () => {
          const a = await enrolledTerminal(officeA);
          const b = await enrolledTerminal(officeB);
          const item = transactionItem(a, officeA);
          expect(pushResponseSchema.parse((await a.push([item])).json).results[0]?.outcome).toBe('accepted');

          // B cannot push in A's name, nor void A's transaction.
          const asA = pushResponseSchema.parse((await b.push([transactionItem(b, officeA)])).json);
          expect(asA.results[0]).toMatchObject({ outcome: 'rejected', reason: 'office_mismatch' });
          const voidOfA = {
            id: randomUUID(),
            kind: 'void',
            body: {
              transactionId: item.id,
              trackingCode: item.body.trackingCode,
              kind: 'void',
              reason: 'not mine',
              approvedBy: 'x',
              at: Date.now(),
            },
          };
          expect(pushResponseSchema.parse((await b.push([voidOfA])).json).results[0]).toMatchObject({
            outcome: 'rejected',
            reason: 'unknown_transaction',
          });

          // A status change of A's transaction reaches A's feed, not B's.
          const cursorB = pullResponseSchema.parse((await b.pull(0)).json).cursor;
          const changed = await server.admin(
            'POST',
            `/v1/admin/transactions/${item.body.trackingCode}/status`,
            { status: 'in_review' },
          );
          expect(changed.status).toBe(200);
          const feedB = pullResponseSchema.parse((await b.pull(cursorB)).json);
          expect(feedB.changes).toEqual([]);
          const feedA = pullResponseSchema.parse((await a.pull(0)).json);
          expect(feedA.changes.some((c) => c.type === 'status' && c.transactionId === item.id)).toBe(true);
        });
      });

      describe('pull', () => {
        it('brings status changes set through the admin API, in order, from the cursor on', async () => {
          const terminal = await enrolledTerminal(officeA);
          const item = transactionItem(terminal, officeA);
          await terminal.push([item]);
          const start = pullResponseSchema.parse((await terminal.pull(0)).json);
          // Of the catalogs published so far, the feed brings the one published last.
          const current = z
            .object({ catalogVersion: z.string() })
            .parse((await server.admin('GET', '/v1/admin/catalogs/current')).json);
          expect(start.changes.flatMap((c) => (c.type === 'catalog' ? [c.catalogVersion] : []))).toEqual([
            current.catalogVersion,
          ]);

          const code = item.body.trackingCode;
          expect(
            (await server.admin('POST', `/v1/admin/transactions/${code}/status`, { status: 'in_review' }))
              .status,
          ).toBe(200);
          const noReason = await server.admin('POST', `/v1/admin/transactions/${code}/status`, {
            status: 'rejected',
          });
          expect([noReason.status, codeOf(noReason.json)]).toEqual([400, 'invalid_request']);
          const rejected = await server.admin('POST', `/v1/admin/transactions/${code}/status`, {
            status: 'rejected',
            reason: 'سند مالکیت ناقص است',
            actor: 'karaj-staff-7',
          });
          expect(rejected.status).toBe(200);
          const afterFinal = await server.admin('POST', `/v1/admin/transactions/${code}/status`, {
            status: 'approved',
          });
          expect([afterFinal.status, codeOf(afterFinal.json)]).toEqual([409, 'invalid_transition']);

          const feed = pullResponseSchema.parse((await terminal.pull(start.cursor)).json);
          const mine = feed.changes.filter((c) => c.type === 'status' && c.transactionId === item.id);
          expect(mine).toMatchObject([
            { type: 'status', trackingCode: code, status: 'in_review', reason: null },
            {
              type: 'status',
              trackingCode: code,
              status: 'rejected',
              reason: 'سند مالکیت ناقص است',
              actor: 'karaj-staff-7',
            },
          ]);
          expect(feed.cursor).toBeGreaterThan(start.cursor);
          const nothingNew = pullResponseSchema.parse((await terminal.pull(feed.cursor)).json);
          expect(nothingNew).toMatchObject({ changes: [], cursor: feed.cursor, more: false });
        });

        it('announces a newly published catalog version to every office', async () => {
          const terminal = await enrolledTerminal(officeB);
          const cursor = pullResponseSchema.parse((await terminal.pull(0)).json).cursor;
          const tariff1404 = {
            catalogVersion: 'tariff-1404',
            catalog: { ...sampleCatalog, catalogVersion: 'tariff-1404' },
          };
          const published = await server.admin('POST', '/v1/admin/catalogs', tariff1404);
          expect(published.status).toBe(201);
          const again = await server.admin('POST', '/v1/admin/catalogs', tariff1404);
          expect([again.status, codeOf(again.json)]).toEqual([409, 'catalog_version_exists']);
          const feed = pullResponseSchema.parse((await terminal.pull(cursor)).json);
          expect(feed.changes).toMatchObject([{ type: 'catalog', catalogVersion: 'tariff-1404' }]);
        });
      });

      describe('admin API', () => {
        it('refuses requests without the admin token or with a wrong one', async () => {
          for (const token of ['', 'wrong-token-wrong-token']) {
            const answer = await server.admin('GET', '/v1/admin/transactions', undefined, token);
            expect([answer.status, codeOf(answer.json)]).toEqual([401, 'admin_unauthorized']);
          }
          const noHeader = await fetch(`${server.url}/v1/admin/transactions/count`);
          expect(noHeader.status).toBe(401);
        });

        it('refuses to publish a document counters would refuse, or one under another version than its own, and stores nothing', async () => {
          const terminal = await enrolledTerminal(officeB);
          const cursor = pullResponseSchema.parse((await terminal.pull(0)).json).cursor;
          const current = await server.admin('GET', '/v1/admin/catalogs/current');
          const version = 'karaj-1404.3';
          const refusals = [
            [{ catalogVersion: version, catalog: { hello: 'world' } }, 'catalog_invalid'],
            [
              {
                catalogVersion: version,
                catalog: { ...sampleCatalog, catalogVersion: version, services: 'none' },
              },
              'catalog_invalid',
            ],
            [
              { catalogVersion: version, catalog: { ...sampleCatalog, catalogVersion: 'karaj-1404-3' } },
              'catalog_version_mismatch',
            ],
            [{ catalogVersion: version, catalog: sampleCatalog }, 'catalog_version_mismatch'],
            [
              {
                catalogVersion: 'v'.repeat(65),
                catalog: { ...sampleCatalog, catalogVersion: 'v'.repeat(65) },
              },
              'invalid_request',
            ],
          ] as const;
          for (const [body, code] of refusals) {
            const answer = await server.admin('POST', '/v1/admin/catalogs', body);
            expect([answer.status, codeOf(answer.json)], code).toEqual([400, code]);
          }
          expect(await server.admin('GET', '/v1/admin/catalogs/current')).toEqual(current);
          const feed = pullResponseSchema.parse((await terminal.pull(cursor)).json);
          expect(feed.changes).toEqual([]);

          const published = await server.admin('POST', '/v1/admin/catalogs', {
            catalogVersion: version,
            catalog: { ...sampleCatalog, catalogVersion: version },
          });
          expect(published.status).toBe(201);
          const now = await server.admin('GET', '/v1/admin/catalogs/current');
          expect(now.json).toMatchObject({ catalogVersion: version, catalog: { catalogVersion: version } });
        });

        it('pages transactions with a cursor, each with its id and tracking code', async () => {
          const terminal = await enrolledTerminal(officeB);
          const items = Array.from({ length: 5 }, () => transactionItem(terminal, officeB));
          await terminal.push(items);
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const query: string = `/v1/admin/transactions?office=${officeB}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
            const page = adminItems.parse((await server.admin('GET', query)).json);
            expect(page.items.length).toBeLessThanOrEqual(2);
            seen.push(...page.items.map((i) => `${i.id}/${i.trackingCode}`));
            cursor = page.nextCursor;
          } while (cursor);
          expect(seen).toEqual(items.map((i) => `${i.id}/${i.body.trackingCode}`));
        });

        it("shows a transaction's history: the received entry once, then each change in order", async () => {
          const terminal = await enrolledTerminal(officeA);
          const historyShape = z.object({
            receivedAt: z.number(),
            history: z.array(
              z.strictObject({
                status: z.string(),
                source: z.string(),
                reason: z.string().nullable(),
                actor: z.string().nullable(),
                at: z.number(),
              }),
            ),
          });
          const historyOf = async (code: string) =>
            historyShape.parse((await server.admin('GET', `/v1/admin/transactions/${code}`)).json);
          const review = async (code: string) =>
            expect(
              (await server.admin('POST', `/v1/admin/transactions/${code}/status`, { status: 'in_review' }))
                .status,
            ).toBe(200);
          const storedReceived = async (id: string) =>
            server.db.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM status_history WHERE transaction_id = $1 AND status = 'received'",
              [id],
            );
          const receivedEntry = (actor: string, at: number) => ({
            status: 'received',
            source: 'counter',
            reason: null,
            actor,
            at,
          });

          // The received entry is the item's own row, not a status_history row of its own; a
          // municipality's change and then the counter's cancellation request follow it.
          const item = transactionItem(terminal, officeA, { operator: 'زهرا احمدی' });
          await terminal.push([item]);
          expect(await storedReceived(item.id)).toEqual([{ n: 0 }]);
          await review(item.body.trackingCode);
          expect(
            pushResponseSchema.parse(
              (
                await terminal.push([
                  requestItem(item, 'cancellation_request', 'cancellation_request reason'),
                ])
              ).json,
            ).results,
          ).toMatchObject([{ outcome: 'accepted' }]);
          const shown = await historyOf(item.body.trackingCode);
          expect(shown.history).toEqual([
            receivedEntry('زهرا احمدی', shown.receivedAt),
            {
              status: 'in_review',
              source: 'municipality',
              reason: null,
              actor: null,
              at: expect.any(Number),
            },
            {
              status: 'cancellation_requested',
              source: 'counter',
              reason: 'cancellation_request reason',
              actor: 'manager1',
              at: expect.any(Number),
            },
          ]);

          // Voided in the batch that brought it: the counter's first stored row is the void.
          const voided = transactionItem(terminal, officeA);
          await terminal.push([voided, requestItem(voided, 'void', 'void reason')]);
          const shownVoided = await historyOf(voided.body.trackingCode);
          expect(shownVoided.history).toEqual([
            receivedEntry('operator1', shownVoided.receivedAt),
            {
              status: 'voided',
              source: 'counter',
              reason: 'void reason',
              actor: 'manager1',
              at: shownVoided.receivedAt,
            },
          ]);

          // Stored by an older server, with its received row first in status_history at the item's
          // received_at: shown once, as stored.
          const older = transactionItem(terminal, officeA);
          await terminal.push([older]);
          await server.db.query(
            `INSERT INTO status_history (transaction_id, status, source, reason, actor, at)
             SELECT id, 'received', 'counter', NULL, 'older-server-operator', received_at FROM items WHERE id = $1`,
            [older.id],
          );
          await review(older.body.trackingCode);
          const shownOlder = await historyOf(older.body.trackingCode);
          expect(shownOlder.history).toMatchObject([
            {
              status: 'received',
              source: 'counter',
              actor: 'older-server-operator',
              at: shownOlder.receivedAt,
            },
            { status: 'in_review', source: 'municipality' },
          ]);
        });

        it('serves its OpenAPI document, which names every route', async () => {
          const answer = await fetch(`${server.url}/docs/openapi.json`);
          const document = z
            .object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })
            .parse(await answer.json());
          expect(document.openapi).toMatch(/^3\./);
          // Every documented operation is served…
          for (const [path, operations] of Object.entries(document.paths)) {
            for (const method of Object.keys(operations as object)) {
              const url = path.replace(/\{(\w+)\}/g, ':$1');
              expect(
                server.app.hasRoute({ method: method.toUpperCase() as 'GET' | 'POST', url }),
                `${method} ${path}`,
              ).toBe(true);
            }
          }
          // …and every route is documented.
          for (const path of [
            '/v1/enroll',
            '/v1/push',
            '/v1/pull',
            '/v1/admin/transactions',
            '/v1/admin/transactions/count',
            '/v1/admin/transactions/{trackingCode}',
            '/v1/admin/transactions/{trackingCode}/status',
            '/v1/admin/terminals',
            '/v1/admin/terminals/{id}/revoke',
            '/v1/admin/offices',
            '/v1/admin/offices/{code}/activation-codes',
            '/v1/admin/municipalities',
            '/v1/admin/catalogs',
            '/v1/admin/catalogs/current',
            '/v1/admin/notices',
            '/v1/admin/offices/{code}/settlements',
            '/v1/admin/offices/{code}/audit',
            '/v1/admin/audit/breaks',
            '/v1/admin/audit/breaks/{id}/accept',
            '/v1/admin/terminals/{id}/audit',
            '/v1/admin/conflicts',
          ])
            expect(Object.keys(document.paths)).toContain(path);
        });
      });
    },
  );
}
