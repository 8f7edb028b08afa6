import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pushResponseSchema } from '../../../shared/sync/protocol';
import { makeTrackingCode } from '../../../shared/tracking-code';
import { setUpOffice, startCore, type TestCore } from '../../support/core';
import { useTempDirs } from '../../support/tempdir';
import { COMPANY, newTransaction } from '../../support/transactions';
import { startSeededServer, type SeededServer } from '../sync/fixture';
import { BACKENDS, TestTerminal } from './harness';

interface Item {
  readonly id: string;
  readonly kind: 'transaction';
  readonly body: Record<string, unknown>;
}

/** The outbox entry of a sale the real counter saved: what its sync engine pushes. */
async function savedItem(
  t: TestCore,
  citizen = newTransaction('citizen-request', []).citizen,
): Promise<Item> {
  const input = newTransaction('citizen-request', [], { citizen });
  const saved = await t.call('transactions.create', input);
  if (!saved.ok) throw new Error(saved.error.code);
  const row = t.core.db.prepare('SELECT body FROM outbox WHERE id = ?').get(input.id) as { body: string };
  return { id: input.id, kind: 'transaction', body: JSON.parse(row.body) as Record<string, unknown> };
}

/** The same sale under a new id, tracking code and payer: another sale the server has not seen. */
function withPayer(item: Item, serial: number, citizen: unknown): Item {
  const id = crypto.randomUUID();
  return {
    id,
    kind: 'transaction',
    body: { ...item.body, id, trackingCode: trackingCode(1000 + serial), citizen },
  };
}

/** This terminal's (office 1234, terminal 2) tracking code for a sequence number. */
function trackingCode(sequence: number): string {
  const code = makeTrackingCode({ officeCode: '1234', terminalNumber: 2, sequence });
  if (!code.ok) throw new Error(code.code);
  return code.value;
}

const stored = z.object({ id: z.string(), body: z.object({ citizen: z.unknown() }) });

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `a legal person's sale pushed to the server on ${backend.name}`,
    () => {
      const tempDir = useTempDirs();
      let server: SeededServer;
      let terminal: TestTerminal;

      beforeAll(async () => {
        // The demo municipality, office 1234 and the sample catalog the counter prices with.
        server = await startSeededServer(backend.databaseUrl);
        terminal = new TestTerminal(server.url);
        const enrolled = await terminal.enroll(await server.newActivationCode(), {
          officeCode: server.officeCode,
          terminalNumber: 2,
        });
        expect(enrolled.status).toBe(200);
      });

      afterAll(async () => {
        await server?.stop();
      });

      async function push(items: readonly Item[]) {
        const answer = await terminal.push(items);
        expect(answer.status).toBe(200);
        return pushResponseSchema.parse(answer.json).results;
      }

      it('accepts a company’s sale as the counter saved it, and a citizen’s beside it', async () => {
        const t = startCore(tempDir());
        await setUpOffice(t);
        const company = await savedItem(t, COMPANY);
        const citizen = await savedItem(t);
        expect(await push([company, citizen])).toEqual([
          { id: company.id, outcome: 'accepted' },
          { id: citizen.id, outcome: 'accepted' },
        ]);
        const held = await server.admin('GET', `/v1/admin/transactions/${String(company.body.trackingCode)}`);
        expect(stored.parse(held.json).body.citizen).toEqual({
          kind: 'legal',
          legalEntityId: '10380284790',
          name: 'شرکت بازرگانی آب‌نوش',
          mobile: null,
        });
        await t.close();
      });

      it('refuses a legal person that fails the counter’s check, each sale on its own', async () => {
        const t = startCore(tempDir());
        await setUpOffice(t);
        const sale = await savedItem(t, COMPANY);
        const good = { kind: 'legal', legalEntityId: '10380284790', name: 'شرکت آب', mobile: '09121234567' };
        const bad: [string, unknown][] = [
          ['wrong check digit', { ...good, legalEntityId: '10380284791' }],
          ['a کد ملی', { ...good, legalEntityId: '0499370899' }],
          ['Persian digits', { ...good, legalEntityId: '۱۰۳۸۰۲۸۴۷۹۰' }],
          ['no name', { ...good, name: '' }],
          ['a name too long', { ...good, name: 'ش'.repeat(151) }],
          ['Arabic letters', { ...good, name: 'شركت آب' }],
          ['a bad mobile', { ...good, mobile: '0912' }],
          ['no mobile key', { kind: 'legal', legalEntityId: '10380284790', name: 'شرکت آب' }],
          ['a first name too', { ...good, firstName: 'علی' }],
        ];
        const items = bad.map(([, payer], i) => withPayer(sale, i, payer));
        const valid = withPayer(sale, 100, good);
        const results = await push([...items, valid]);
        expect(results.map((r, i) => [bad[i]?.[0] ?? 'valid', r.outcome, r.reason])).toEqual([
          ...bad.map(([name]) => [name, 'rejected', 'legal_person_invalid']),
          ['valid', 'accepted', undefined],
        ]);
        // A kind this server does not know is no payer it can read.
        const unknownKind = withPayer(sale, 200, { ...good, kind: 'company' });
        expect(await push([unknownKind])).toEqual([
          { id: unknownKind.id, outcome: 'rejected', reason: 'citizen_invalid' },
        ]);
        await t.close();
      });
    },
  );
}
