import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import openapi from '../../../server/openapi.json';
import { normalizeActivationCode } from '../../../shared/sync/signing';
import { BACKENDS, TestTerminal, startTestServer, type TestServer } from './harness';

const errorBody = z.object({ error: z.string(), message: z.string(), serverTime: z.number() });
const codeOf = (json: unknown) => errorBody.parse(json).error;
const enrolled = z.object({ terminal: z.object({ id: z.string(), number: z.number() }) });
const terminalList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      revokedAt: z.number().nullable(),
      revokedReason: z.string().nullable(),
      rekeyCount: z.number(),
      lastRekeyedAt: z.number().nullable(),
      rekeys: z.array(
        z.strictObject({
          rekeyedAt: z.number(),
          revokedAt: z.number(),
          revokedReason: z.string().nullable(),
        }),
      ),
    }),
  ),
});
function listedTerminal(json: unknown, id: string) {
  const found = terminalList.parse(json).items.find((t) => t.id === id);
  if (!found) throw new Error(`terminal ${id} is not listed`);
  return found;
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `re-keying a revoked terminal on ${backend.name}`,
    () => {
      let server: TestServer;

      async function activationCode(office: string): Promise<string> {
        const answer = await server.admin('POST', `/v1/admin/offices/${office}/activation-codes`, {});
        expect(answer.status).toBe(201);
        return z.object({ activationCode: z.string() }).parse(answer.json).activationCode;
      }

      async function revoke(terminal: TestTerminal, reason: string): Promise<void> {
        const answer = await server.admin('POST', `/v1/admin/terminals/${terminal.id}/revoke`, { reason });
        expect(answer.status).toBe(200);
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
        for (const [code, district] of [
          ['1234', 3],
          ['5678', 7],
        ] as const) {
          const created = await server.admin('POST', '/v1/admin/offices', {
            municipality: 'karaj',
            code,
            name: `دفتر ${code}`,
            district,
          });
          expect(created.status).toBe(201);
        }
      });

      afterAll(async () => {
        await server?.stop();
      });

      it('gives a revoked terminal a new key under the same id and number, refuses its old key, and keeps the revocation on record', async () => {
        const old = new TestTerminal(server.url);
        expect(
          (await old.enroll(await activationCode('1234'), { officeCode: '1234', terminalNumber: 5 })).status,
        ).toBe(200);
        expect((await old.pull(0)).status).toBe(200);
        const issuedBefore = await activationCode('1234');
        await new Promise((r) => setTimeout(r, 5));
        await revoke(old, 'PC stolen');
        const refused = await old.pull(0);
        expect([refused.status, codeOf(refused.json)]).toEqual([403, 'terminal_revoked']);

        const replacement = new TestTerminal(server.url);
        // A code issued before the revocation may be in the hands it was meant to shut out.
        const early = await replacement.enroll(issuedBefore, { officeCode: '1234', terminalNumber: 5 });
        expect([early.status, codeOf(early.json)]).toEqual([410, 'activation_code_expired']);
        // Another office's code cannot touch it: refused as it says, or a terminal of that office.
        const otherOffice = await activationCode('5678');
        const mismatch = await replacement.enroll(otherOffice, { officeCode: '1234', terminalNumber: 5 });
        expect([mismatch.status, codeOf(mismatch.json)]).toEqual([409, 'office_mismatch']);
        const elsewhere = new TestTerminal(server.url);
        const inOfficeB = await elsewhere.enroll(otherOffice, { terminalNumber: 5 });
        expect(inOfficeB.status).toBe(200);
        expect(elsewhere.id).not.toBe(old.id);
        expect((await old.pull(0)).status).toBe(403);

        const code = await activationCode('1234');
        const answer = await replacement.enroll(code, { officeCode: '1234', terminalNumber: 5 });
        expect(answer.status).toBe(200);
        expect(enrolled.parse(answer.json).terminal).toEqual({ id: old.id, number: 5 });
        // The answer lost and asked again with the same key: the same terminal.
        const again = await replacement.enroll(code, { officeCode: '1234', terminalNumber: 5 });
        expect([again.status, enrolled.parse(again.json).terminal.id]).toEqual([200, old.id]);

        expect((await replacement.pull(0)).status).toBe(200);
        const oldKey = await old.pull(0);
        expect([oldKey.status, codeOf(oldKey.json)]).toEqual([401, 'bad_signature']);
        const oldPush = await old.push([]);
        expect([oldPush.status, codeOf(oldPush.json)]).toEqual([401, 'bad_signature']);
        // The retired key is never enrolled again, not even as a new terminal.
        const reused = await old.enroll(await activationCode('1234'));
        expect([reused.status, codeOf(reused.json)]).toEqual([409, 'invalid_request']);

        const listed = await server.admin('GET', '/v1/admin/terminals?office=1234');
        expect(listed.status).toBe(200);
        const once = listedTerminal(listed.json, old.id);
        expect(once).toMatchObject({ number: 5, revokedAt: null, revokedReason: null, rekeyCount: 1 });
        expect(once.rekeys).toEqual([
          { rekeyedAt: expect.any(Number), revokedAt: expect.any(Number), revokedReason: 'PC stolen' },
        ]);
        expect(once.lastRekeyedAt).toBe(once.rekeys[0]?.rekeyedAt);
        expect(once.rekeys[0]?.revokedAt).toBeLessThan(once.rekeys[0]?.rekeyedAt ?? 0);
        // A terminal never re-keyed says so, and no key is listed.
        expect(terminalList.parse(listed.json).items.map((t) => t.id)).not.toContain(elsewhere.id);
        const other = await server.admin('GET', '/v1/admin/terminals?office=5678');
        expect(listedTerminal(other.json, elsewhere.id)).toMatchObject({
          rekeyCount: 0,
          lastRekeyedAt: null,
          rekeys: [],
        });
        expect(JSON.stringify([listed.json, other.json])).not.toMatch(/publicKey|[A-Za-z0-9+/]{43}=/);
        expect(
          await server.db.query(
            `SELECT terminal_id::text AS "terminalId", old_public_key AS "oldKey", new_public_key AS "newKey",
               revoked_reason AS reason, activation_code AS code FROM terminal_rekeys`,
          ),
        ).toEqual([
          {
            terminalId: old.id,
            oldKey: old.publicKey,
            newKey: replacement.publicKey,
            reason: 'PC stolen',
            code: normalizeActivationCode(code),
          },
        ]);
        expect(
          await server.db.query(
            `SELECT public_key AS key, revoked_at AS "revokedAt" FROM terminals WHERE id = $1`,
            [old.id],
          ),
        ).toEqual([{ key: replacement.publicKey, revokedAt: null }]);

        // Revoked again and re-keyed again: both revocations stay on record.
        await revoke(replacement, 'by mistake');
        const third = new TestTerminal(server.url);
        const rekeyed = await third.enroll(await activationCode('1234'), { terminalNumber: 5 });
        expect([rekeyed.status, third.id]).toEqual([200, old.id]);
        expect(
          await server.db.query('SELECT revoked_reason AS reason FROM terminal_rekeys ORDER BY id'),
        ).toEqual([{ reason: 'PC stolen' }, { reason: 'by mistake' }]);
        // The municipality's list shows both, oldest first, as an auditor reads them.
        const all = await server.admin('GET', '/v1/admin/terminals');
        const twice = listedTerminal(all.json, old.id);
        // Each listed as the OpenAPI document says.
        const { AdminTerminal, TerminalRekey } = openapi.components.schemas;
        const raw = z
          .object({ items: z.array(z.looseObject({ id: z.string(), rekeys: z.array(z.looseObject({})) })) })
          .parse(all.json)
          .items.find((t) => t.id === old.id);
        expect(Object.keys(raw ?? {}).sort()).toEqual([...AdminTerminal.required].sort());
        expect(Object.keys(raw?.rekeys[0] ?? {}).sort()).toEqual([...TerminalRekey.required].sort());
        expect(twice).toMatchObject({ revokedAt: null, rekeyCount: 2 });
        expect(twice.rekeys.map((r) => r.revokedReason)).toEqual(['PC stolen', 'by mistake']);
        expect(twice.rekeys[0]).toEqual(once.rekeys[0]);
        expect(twice.lastRekeyedAt).toBe(twice.rekeys[1]?.rekeyedAt);
        expect(twice.rekeys[1]?.rekeyedAt).toBeGreaterThanOrEqual(twice.rekeys[0]?.rekeyedAt ?? Infinity);
      });

      it('still refuses a number held by a terminal that is not revoked, and leaves the code usable', async () => {
        const live = new TestTerminal(server.url);
        expect((await live.enroll(await activationCode('1234'), { terminalNumber: 6 })).status).toBe(200);
        const code = await activationCode('1234');
        const intruder = new TestTerminal(server.url);
        const taken = await intruder.enroll(code, { officeCode: '1234', terminalNumber: 6 });
        expect([taken.status, codeOf(taken.json)]).toEqual([409, 'terminal_number_taken']);
        expect((await live.pull(0)).status).toBe(200);
        expect((await intruder.enroll(code, { officeCode: '1234' })).status).toBe(200);
        expect(intruder.id).not.toBe(live.id);
      });
    },
  );
}
