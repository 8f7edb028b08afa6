import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BACKENDS, TestTerminal, startTestServer, type TestServer } from './harness';

const OFFICE = '1234';
const errorCode = z.object({ error: z.string() }).partial();
/** The status and error code of an answer (no code on a success). */
const answerOf = (answer: { status: number; json: unknown }) => [
  answer.status,
  errorCode.parse(answer.json).error,
];
const officeCodes = z.object({ items: z.array(z.object({ code: z.string() })) });

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `the admin API as municipal staff use it (${backend.name})`,
    () => {
      let server: TestServer;

      beforeAll(async () => {
        server = await startTestServer(backend.databaseUrl);
        const municipality = { code: 'karaj', name: 'کرج', districtCount: 12 };
        expect((await server.admin('POST', '/v1/admin/municipalities', municipality)).status).toBe(201);
        const office = { municipality: 'karaj', code: OFFICE, name: 'دفتر ۱۲۳۴', district: 3 };
        expect((await server.admin('POST', '/v1/admin/offices', office)).status).toBe(201);
      });

      afterAll(async () => {
        await server?.stop();
      });

      describe('offices', () => {
        it('refuses an office code counters cannot enroll with: anything but its 4-digit licence number', async () => {
          for (const code of ['KRJ-03', '12345', '123', '12a4', '12-4', '']) {
            const answer = await server.admin('POST', '/v1/admin/offices', {
              municipality: 'karaj',
              code,
              name: `دفتر ${code}`,
              district: 3,
            });
            expect(answerOf(answer), code).toEqual([400, 'invalid_request']);
          }
          const listed = officeCodes.parse((await server.admin('GET', '/v1/admin/offices')).json);
          expect(listed.items.map((o) => o.code)).toEqual([OFFICE]);
        });

        it('takes an office code typed in Persian digits as its ASCII digits, and a terminal enrolls in it', async () => {
          const created = await server.admin('POST', '/v1/admin/offices', {
            municipality: 'karaj',
            code: '۵۶۷۸',
            name: 'دفتر ۵۶۷۸',
            district: 7,
          });
          expect([created.status, created.json]).toMatchObject([201, { code: '5678' }]);
          const again = await server.admin('POST', '/v1/admin/offices', {
            municipality: 'karaj',
            code: '5678',
            name: 'دفتر دیگر',
            district: 7,
          });
          expect(answerOf(again)).toEqual([409, 'office_exists']);

          const activation = await server.admin(
            'POST',
            `/v1/admin/offices/${encodeURIComponent('۵۶۷۸')}/activation-codes`,
            {},
          );
          expect([activation.status, activation.json]).toMatchObject([201, { office: '5678' }]);
          const terminal = new TestTerminal(server.url);
          const { activationCode } = z.object({ activationCode: z.string() }).parse(activation.json);
          const enrolled = await terminal.enroll(activationCode);
          expect([enrolled.status, enrolled.json]).toMatchObject([200, { office: { code: '5678' } }]);
        });
      });
    },
  );
}
