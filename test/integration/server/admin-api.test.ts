import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { pullResponseSchema, pushResponseSchema } from '../../../shared/sync/protocol';
import { toPersianDigits } from '../../../shared/text/normalize';
import { formatTrackingCode, makeTrackingCode } from '../../../shared/tracking-code';
import { BACKENDS, TestTerminal, startTestServer, type TestServer } from './harness';
import { SAMPLE_CATALOG, wasteFeeSaleItem } from './sale-item';

const OFFICE = '1234';
const catalog = SAMPLE_CATALOG;
const errorCode = z.object({ error: z.string() }).partial();
/** The status and error code of an answer (no code on a success). */
const answerOf = (answer: { status: number; json: unknown }) => [
  answer.status,
  errorCode.parse(answer.json).error,
];
const officeCodes = z.object({ items: z.array(z.object({ code: z.string() })) });

/** A waste-fee sale of `terminalNumber` in the office, its tracking code the `sequence`th. */
function saleItem(terminalNumber: number, sequence: number) {
  return wasteFeeSaleItem({ office: OFFICE, terminalNumber, sequence });
}

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
        const published = { catalogVersion: catalog.catalogVersion, catalog: sampleCatalog };
        expect((await server.admin('POST', '/v1/admin/catalogs', published)).status).toBe(201);
      });

      async function enrolledTerminal(): Promise<TestTerminal> {
        const answer = await server.admin('POST', `/v1/admin/offices/${OFFICE}/activation-codes`, {});
        const { activationCode } = z.object({ activationCode: z.string() }).parse(answer.json);
        const terminal = new TestTerminal(server.url);
        expect((await terminal.enroll(activationCode)).status).toBe(200);
        return terminal;
      }

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

      describe('settlements', () => {
        const settlements = (query: string) =>
          server.admin('GET', `/v1/admin/offices/${OFFICE}/settlements?${query}`);
        const refusal = z.object({ error: z.literal('invalid_request'), message: z.string() });

        it('refuses a date no calendar has, saying the form it takes', async () => {
          for (const date of [
            '2025-02-30',
            '2025-13-45',
            '2025-00-10',
            '2025-04-31',
            '2023-02-29',
            '2025-1-01',
          ]) {
            for (const bound of ['from', 'to']) {
              const answer = await settlements(`${bound}=${date}`);
              expect(answer.status, `${bound}=${date}`).toBe(400);
              expect(refusal.parse(answer.json).message, `${bound}=${date}`).toMatch(/YYYY-MM-DD/);
            }
          }
        });

        it('refuses a Jalali date, saying dates are Gregorian and which day it would be', async () => {
          const jalali = await settlements('from=1404-09-01&to=2025-12-01');
          expect(jalali.status).toBe(400);
          const { message } = refusal.parse(jalali.json);
          expect(message).toMatch(/^from: .*Gregorian.*YYYY-MM-DD/);
          expect(message).toContain('2025-11-22');
          const notEvenJalali = await settlements('to=1404-13-45');
          expect(notEvenJalali.status).toBe(400);
          expect(refusal.parse(notEvenJalali.json).message).toMatch(/^to: .*Gregorian/);
        });

        it('lists by real dates, a leap day included', async () => {
          for (const query of ['from=2024-02-29&to=2024-02-29', 'from=2025-01-01&to=2025-12-31']) {
            const answer = await settlements(query);
            expect([answer.status, answer.json], query).toEqual([200, { items: [], nextCursor: null }]);
          }
        });
      });

      describe('municipalities', () => {
        const karaj = { code: 'karaj', name: 'کرج', districtCount: 12 };
        const municipalities = z.object({
          items: z.array(z.object({ code: z.string(), name: z.string(), districtCount: z.number() })),
        });

        it('refuses to create a municipality again with other values, and changes nothing', async () => {
          for (const changed of [
            { ...karaj, districtCount: 14 },
            { ...karaj, name: 'شهرداری کرج' },
          ]) {
            const answer = await server.admin('POST', '/v1/admin/municipalities', changed);
            expect(answerOf(answer), JSON.stringify(changed)).toEqual([409, 'municipality_exists']);
          }
          const listed = municipalities.parse((await server.admin('GET', '/v1/admin/municipalities')).json);
          expect(listed.items).toEqual([karaj]);
          const district13 = await server.admin('POST', '/v1/admin/offices', {
            municipality: 'karaj',
            code: '4321',
            name: 'دفتر ۴۳۲۱',
            district: 13,
          });
          expect(answerOf(district13)).toEqual([400, 'invalid_request']);
        });

        it('answers the same municipality again as it is held, without creating it twice', async () => {
          for (const same of [karaj, { ...karaj, name: ' کرج ' }]) {
            const answer = await server.admin('POST', '/v1/admin/municipalities', same);
            expect([answer.status, answer.json]).toMatchObject([200, karaj]);
          }
          const listed = municipalities.parse((await server.admin('GET', '/v1/admin/municipalities')).json);
          expect(listed.items).toEqual([karaj]);
        });

        it('answers a retry of a municipality held with an untidy name (an Arabic keyboard’s ي) as held', async () => {
          // Held as stored before names were tidied on the way in.
          await server.db.query(
            "INSERT INTO municipalities (code, name, district_count) VALUES ('shiraz', 'شهرداري شيراز', 11)",
          );
          try {
            const answer = await server.admin('POST', '/v1/admin/municipalities', {
              code: 'shiraz',
              name: 'شهرداري شيراز',
              districtCount: 11,
            });
            expect(answer.status).toBe(200);
          } finally {
            // The other tests of this server know karaj alone.
            await server.db.query("DELETE FROM municipalities WHERE code = 'shiraz'");
          }
        });
      });

      describe('names and notices', () => {
        const BLANKS = ['', '   ', '\u200c \u200f', '\n\t '];

        it('refuses a municipality or office name made only of spaces and invisible marks, and stores none', async () => {
          for (const [n, name] of BLANKS.entries()) {
            const municipality = await server.admin('POST', '/v1/admin/municipalities', {
              code: `blank-${n}`,
              name,
              districtCount: 3,
            });
            expect(answerOf(municipality), JSON.stringify(name)).toEqual([400, 'invalid_request']);
            const office = await server.admin('POST', '/v1/admin/offices', {
              municipality: 'karaj',
              code: `900${n}`,
              name,
              district: 1,
            });
            expect(answerOf(office), JSON.stringify(name)).toEqual([400, 'invalid_request']);
          }
          const municipalities = officeCodes.parse(
            (await server.admin('GET', '/v1/admin/municipalities')).json,
          );
          expect(municipalities.items.map((m) => m.code)).toEqual(['karaj']);
          const offices = officeCodes.parse((await server.admin('GET', '/v1/admin/offices')).json);
          expect(offices.items.map((o) => o.code).filter((code) => code.startsWith('900'))).toEqual([]);
        });

        it('keeps a name without the spaces around it', async () => {
          const created = await server.admin('POST', '/v1/admin/offices', {
            municipality: 'karaj',
            code: '9012',
            name: '  دفتر  پیشخوان ۹۰۱۲ ',
            district: 1,
          });
          expect([created.status, created.json]).toMatchObject([201, { name: 'دفتر پیشخوان ۹۰۱۲' }]);
        });

        it('refuses a notice whose Persian or English text is blank, and sends offices only the real one, trimmed', async () => {
          const terminal = await enrolledTerminal();
          for (const blank of BLANKS) {
            for (const text of [
              { fa: blank, en: 'Closed on Friday' },
              { fa: 'جمعه تعطیل است', en: blank },
            ]) {
              const answer = await server.admin('POST', '/v1/admin/notices', { office: OFFICE, text });
              expect(answerOf(answer), JSON.stringify(text)).toEqual([400, 'invalid_request']);
            }
          }
          const sent = await server.admin('POST', '/v1/admin/notices', {
            office: OFFICE,
            text: { fa: '  جمعه تعطیل است.\nشنبه از ساعت ۸.  ', en: '\tClosed on Friday. ' },
          });
          expect(sent.status).toBe(201);
          const pulled = pullResponseSchema.parse((await terminal.pull(0)).json);
          expect(pulled.changes.filter((c) => c.type === 'notice').map((c) => c.text)).toEqual([
            { fa: 'جمعه تعطیل است.\nشنبه از ساعت ۸.', en: 'Closed on Friday.' },
          ]);
        });
      });

      describe('tracking codes', () => {
        let terminal: TestTerminal;
        let sequence = 0;

        /** A sale this office's terminal pushed, stored by the server. */
        async function storedSale() {
          terminal ??= await enrolledTerminal();
          sequence += 1;
          const item = saleItem(terminal.number, sequence);
          const pushed = pushResponseSchema.parse((await terminal.push([item])).json);
          expect(pushed.results).toMatchObject([{ outcome: 'accepted' }]);
          return item.body.trackingCode;
        }

        it('finds a transaction by its code as the receipt prints it, in Persian digits, or with spaces', async () => {
          const code = await storedSale();
          const spellings = [
            code,
            formatTrackingCode(code),
            toPersianDigits(formatTrackingCode(code)),
            formatTrackingCode(code).replaceAll('-', ' '),
          ];
          for (const typed of spellings) {
            const answer = await server.admin('GET', `/v1/admin/transactions/${encodeURIComponent(typed)}`);
            expect([answer.status, answer.json], typed).toMatchObject([200, { trackingCode: code }]);
          }
        });

        it('changes the status of a transaction named by its printed code', async () => {
          const code = await storedSale();
          const printed = encodeURIComponent(toPersianDigits(formatTrackingCode(code)));
          const answer = await server.admin('POST', `/v1/admin/transactions/${printed}/status`, {
            status: 'in_review',
          });
          expect([answer.status, answer.json]).toMatchObject([
            200,
            { trackingCode: code, status: 'in_review' },
          ]);
          const shown = await server.admin('GET', `/v1/admin/transactions/${code}`);
          expect(shown.json).toMatchObject({ status: 'in_review' });
        });

        it('refuses a code with a wrong check digit or shape as invalid, not as unknown', async () => {
          const code = await storedSale();
          const wrongCheck = `${code.slice(0, 13)}${(Number(code[13]) + 1) % 10}`;
          for (const typed of [wrongCheck, code.slice(0, 13), `${code}0`, 'KRJ-0001', '12345678901234']) {
            const found = await server.admin('GET', `/v1/admin/transactions/${encodeURIComponent(typed)}`);
            expect(answerOf(found), typed).toEqual([400, 'tracking_code_invalid']);
            const path = `/v1/admin/transactions/${encodeURIComponent(typed)}/status`;
            const changed = await server.admin('POST', path, { status: 'in_review' });
            expect(answerOf(changed), typed).toEqual([400, 'tracking_code_invalid']);
          }
          const unknown = makeTrackingCode({ officeCode: OFFICE, terminalNumber: 99, sequence: 1 });
          if (!unknown.ok) throw new Error('tracking code');
          const notHeld = await server.admin(
            'GET',
            `/v1/admin/transactions/${formatTrackingCode(unknown.value)}`,
          );
          expect(answerOf(notHeld)).toEqual([404, 'not_found']);
        });
      });
    },
  );
}
