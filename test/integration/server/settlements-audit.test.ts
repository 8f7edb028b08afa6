import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AUDIT_GENESIS_HASH, auditCanonical } from '../../../shared/audit/chain';
import { reconcile, differences } from '../../../shared/reconciliation';
import type { AuditEntryMessage } from '../../../shared/sync/audit-batch';
import { pushResponseSchema } from '../../../shared/sync/protocol';
import { BACKENDS, TestTerminal, startTestServer, type TestServer } from './harness';

const OFFICE = '4321';

/** A settlement as the counter's day close writes it: one cash sale, an exact count. */
function settlementItem(
  terminal: { number: number },
  businessDate: string,
  overrides: Record<string, unknown> = {},
  /** Refunds of earlier days' sales (100,000 Rials in cash each) this close took. */
  lateVoidIds: readonly string[] = [],
) {
  const reconciliation = reconcile({
    openingFloat: 1_000_000,
    transactions: [
      {
        id: randomUUID(),
        serviceCode: 'waste-fee',
        serviceName: { fa: 'عوارض پسماند', en: 'Waste fee' },
        operatorId: 1,
        operatorName: 'زهرا احمدی',
        municipalTotal: 400_000,
        officeTotal: 100_000,
        total: 500_000,
        payments: [{ method: 'cash', amount: 500_000, change: 0 }],
        voided: false,
        cancellationRequested: false,
      },
    ],
    movements: [],
    lateVoids: lateVoidIds.map((transactionId) => ({
      transactionId,
      cash: 100_000,
      card: 0,
      total: 100_000,
    })),
  });
  const counted = { cash: reconciliation.expectedCash, cardSlip: reconciliation.expectedCard };
  return {
    id: randomUUID(),
    kind: 'day_settlement',
    body: {
      id: randomUUID(),
      office: OFFICE,
      terminal: terminal.number,
      businessDate,
      openedAt: 1_000,
      closedAt: 2_000,
      closedBy: 'manager',
      reconciliation,
      counted,
      differences: differences(reconciliation, counted),
      notes: { cash: null, card: null },
      lateVoids: [...lateVoidIds],
      unacknowledgedAtClose: 1,
      auditHead: null,
      ...overrides,
    },
  };
}

function trail(
  count: number,
  terminal: { number: number },
  from = { seq: 0, hash: AUDIT_GENESIS_HASH },
  action = 'login',
) {
  const entries: AuditEntryMessage[] = [];
  let prevHash = from.hash;
  for (let seq = from.seq + 1; seq <= from.seq + count; seq++) {
    const fields = {
      seq,
      at: 1_700_000_000_000 + seq,
      actorUserId: 1,
      actorUsername: 'manager',
      terminal: `${OFFICE}-${terminal.number}`,
      action,
      entity: null,
      entityId: null,
      details: '{}',
      prevHash,
    };
    const hash = createHash('sha256').update(auditCanonical(fields)).digest('hex');
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

const auditItem = (terminal: { number: number }, entries: AuditEntryMessage[]) => ({
  id: randomUUID(),
  kind: 'audit_batch',
  body: { office: OFFICE, terminal: terminal.number, entries },
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `settlements and audit trails on the server (${backend.name})`,
    () => {
      let server: TestServer;

      async function enrolled(): Promise<TestTerminal> {
        const code = await server.admin('POST', `/v1/admin/offices/${OFFICE}/activation-codes`, {});
        const terminal = new TestTerminal(server.url);
        const answer = await terminal.enroll((code.json as { activationCode: string }).activationCode);
        expect(answer.status).toBe(200);
        return terminal;
      }

      async function push(terminal: TestTerminal, items: unknown[]) {
        const answer = await terminal.push(items);
        expect(answer.status).toBe(200);
        return pushResponseSchema.parse(answer.json).results.map(({ outcome, reason }) => reason ?? outcome);
      }

      /** Each of a terminal's settlements in a range of dates: how its audit head compares. */
      async function headChecks(terminal: TestTerminal, from: string, to: string) {
        const listed = await server.admin(
          'GET',
          `/v1/admin/offices/${OFFICE}/settlements?from=${from}&to=${to}`,
        );
        const { items } = listed.json as {
          items: { terminal: number; businessDate: string; auditHead: { check: string } }[];
        };
        return Object.fromEntries(
          items.filter((x) => x.terminal === terminal.number).map((x) => [x.businessDate, x.auditHead.check]),
        );
      }

      beforeAll(async () => {
        server = await startTestServer(backend.databaseUrl);
        await server.admin('POST', '/v1/admin/municipalities', {
          code: 'karaj',
          name: 'کرج',
          districtCount: 12,
        });
        const office = await server.admin('POST', '/v1/admin/offices', {
          municipality: 'karaj',
          code: OFFICE,
          name: 'دفتر ۴۳۲۱',
          district: 2,
        });
        expect(office.status).toBe(201);
      });

      afterAll(async () => {
        await server?.stop();
      });

      it("takes each refund of an earlier day's sale in one settlement only, across pushes and within one", async () => {
        const terminal = await enrolled();
        const refunded = randomUUID();
        const other = randomUUID();
        const first = settlementItem(terminal, '2026-10-02', {}, [refunded]);
        expect(await push(terminal, [first])).toEqual(['accepted']);
        // Sent again (its answer was lost): the same settlement, not a second one.
        expect(await push(terminal, [first])).toEqual(['duplicate']);
        // A terminal restored from a backup older than that close counts the refund again.
        expect(
          await push(terminal, [settlementItem(terminal, '2026-10-03', {}, [other, refunded.toUpperCase()])]),
        ).toEqual(['late_void_already_settled']);
        // Two closes in one push listing the same refund: the first takes it.
        expect(
          await push(terminal, [
            settlementItem(terminal, '2026-10-04', {}, [other]),
            settlementItem(terminal, '2026-10-05', {}, [other]),
          ]),
        ).toEqual(['accepted', 'late_void_already_settled']);
        // The same refund twice in one settlement does not add up.
        expect(
          await push(terminal, [settlementItem(terminal, '2026-10-06', {}, [randomUUID(), refunded])]),
        ).toEqual(['late_void_already_settled']);
        const twice = randomUUID();
        expect(await push(terminal, [settlementItem(terminal, '2026-10-07', {}, [twice, twice])])).toEqual([
          'settlement_late_voids_inconsistent',
        ]);
        // Two pushes at once, each with a settlement listing one refund: one takes it, the other is
        // refused (decided again after the first commits), and neither fails.
        const raced = randomUUID();
        const answers = await Promise.all([
          push(terminal, [settlementItem(terminal, '2026-10-08', {}, [raced])]),
          push(terminal, [settlementItem(terminal, '2026-10-09', {}, [raced])]),
        ]);
        expect(answers.flat().sort()).toEqual(['accepted', 'late_void_already_settled']);
        // The day refused can still be settled without the refund another close took.
        expect(await push(terminal, [settlementItem(terminal, '2026-10-03', {}, [])])).toEqual(['accepted']);
      });

      it('stores a settlement once: the same id again is a duplicate, another body under it a conflict, another report of the same day refused', async () => {
        const terminal = await enrolled();
        const item = settlementItem(terminal, '2026-11-01');
        expect(await push(terminal, [item])).toEqual(['accepted']);
        expect(await push(terminal, [item])).toEqual(['duplicate']);
        expect(await push(terminal, [{ ...item, body: { ...item.body, closedBy: 'someone else' } }])).toEqual(
          ['different_body'],
        );
        expect(await push(terminal, [settlementItem(terminal, '2026-11-01')])).toEqual([
          'day_already_settled',
        ]);
        const listed = await server.admin(
          'GET',
          `/v1/admin/offices/${OFFICE}/settlements?from=2026-11-01&to=2026-11-01`,
        );
        expect(listed.status).toBe(200);
        const { items } = z
          .object({ items: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable() })
          .parse(listed.json);
        expect(items).toEqual([
          expect.objectContaining({
            itemId: item.id,
            dayId: item.body.id,
            terminal: terminal.number,
            businessDate: '2026-11-01',
            closedBy: 'manager',
            transactions: 1,
            total: 500_000,
            expectedCash: 1_500_000,
            countedCash: 1_500_000,
            cashDifference: 0,
          }),
        ]);
        const conflicts = await server.admin('GET', '/v1/admin/conflicts');
        expect((conflicts.json as { items: { itemId: string }[] }).items.map((c) => c.itemId)).toContain(
          item.id,
        );
      });

      it('refuses another terminal’s day, a malformed report, a difference with no note and a kind it does not know, each on its own', async () => {
        const terminal = await enrolled();
        const results = await push(terminal, [
          settlementItem({ number: terminal.number + 1 }, '2026-11-02'),
          settlementItem(terminal, '2026-11-02', { counted: { cash: -5, cardSlip: 0 } }),
          settlementItem(terminal, '2026-11-03', {
            counted: { cash: 1_400_000, cardSlip: 0 },
            differences: { cash: -100_000, card: 0 },
          }),
          { id: randomUUID(), kind: 'receipt_reprint', body: {} },
          settlementItem(terminal, '2026-11-04'),
        ]);
        expect(results).toEqual([
          'settlement_not_this_terminal',
          'settlement_invalid',
          'settlement_note_missing',
          'unknown_kind',
          'accepted',
        ]);
      });

      it('compares the audit head a settlement names with the terminal’s trail, whichever arrives first, and keeps the settlement either way', async () => {
        const terminal = await enrolled();
        const entries = trail(9, terminal);
        const head = (seq: number, hash = entries[seq - 1]?.hash) => ({ auditHead: { seq, hash } });
        const checks = async () => {
          const listed = await server.admin(
            'GET',
            `/v1/admin/offices/${OFFICE}/settlements?from=2026-10-01&to=2026-10-31`,
          );
          expect(listed.status).toBe(200);
          const { items } = listed.json as {
            items: {
              terminal: number;
              businessDate: string;
              auditHead: { seq: number | null; hash: string | null; check: string; checkedAt: number | null };
            }[];
          };
          return Object.fromEntries(
            items.filter((s) => s.terminal === terminal.number).map((s) => [s.businessDate, s.auditHead]),
          );
        };
        const trailRow = async () => {
          const office = await server.admin('GET', `/v1/admin/offices/${OFFICE}/audit`);
          return (
            office.json as {
              terminals: { terminal: number; settlementsMismatched: number; settlementsPending: number }[];
            }
          ).terminals.find((t) => t.terminal === terminal.number);
        };

        // The trail first, then the day that closed on it.
        expect(await push(terminal, [auditItem(terminal, entries.slice(0, 3))])).toEqual(['accepted']);
        expect(await push(terminal, [settlementItem(terminal, '2026-10-01', head(3))])).toEqual(['accepted']);
        // The day first (the counter queues its trail at push time, after the settlement): it waits.
        expect(await push(terminal, [settlementItem(terminal, '2026-10-02', head(5))])).toEqual(['accepted']);
        // A head that is not the trail's entry at that number: kept, and marked.
        expect(
          await push(terminal, [settlementItem(terminal, '2026-10-03', head(2, 'a'.repeat(64)))]),
        ).toEqual(['accepted']);
        expect(
          await push(terminal, [settlementItem(terminal, '2026-10-04', head(7, 'b'.repeat(64)))]),
        ).toEqual(['accepted']);
        expect(await push(terminal, [settlementItem(terminal, '2026-10-05', { auditHead: null })])).toEqual([
          'accepted',
        ]);
        let now = await checks();
        expect(now['2026-10-01']).toMatchObject({ seq: 3, hash: entries[2]?.hash, check: 'matched' });
        expect(now['2026-10-01']?.checkedAt).toEqual(expect.any(Number));
        expect(now['2026-10-02']).toEqual({
          seq: 5,
          hash: entries[4]?.hash,
          check: 'pending',
          checkedAt: null,
        });
        expect(now['2026-10-03']).toMatchObject({ seq: 2, check: 'mismatched' });
        expect(now['2026-10-04']).toMatchObject({ seq: 7, check: 'pending' });
        expect(now['2026-10-05']).toEqual({ seq: null, hash: null, check: 'none', checkedAt: null });
        expect(await trailRow()).toMatchObject({ settlementsMismatched: 1, settlementsPending: 2 });

        // The rest of the trail arrives; a day and the stretch holding its head in one push, too.
        expect(
          await push(terminal, [
            auditItem(terminal, entries.slice(3, 8)),
            settlementItem(terminal, '2026-10-06', head(9)),
            auditItem(terminal, entries.slice(8, 9)),
          ]),
        ).toEqual(['accepted', 'accepted', 'accepted']);
        now = await checks();
        expect(now['2026-10-02']).toMatchObject({ check: 'matched' });
        expect(now['2026-10-02']?.checkedAt).toEqual(expect.any(Number));
        expect(now['2026-10-04']).toMatchObject({ check: 'mismatched' });
        expect(now['2026-10-06']).toMatchObject({ seq: 9, check: 'matched' });
        expect(now['2026-10-01']).toMatchObject({ check: 'matched' });
        expect(await trailRow()).toMatchObject({ settlementsMismatched: 2, settlementsPending: 0 });
      });

      it('compares again, with the stretch sent after an accepted fork, the settlements that had been compared with the entries set aside', async () => {
        const terminal = await enrolled();
        const held = trail(8, terminal);
        // The terminal restored from a backup holding entries 1–4 wrote another 5–7 and closed a day on it.
        const forked = trail(3, terminal, { seq: 4, hash: held[3]?.hash ?? '' }, 'database_restored');
        expect(forked[2]?.hash).not.toBe(held[6]?.hash);
        const checks = () => headChecks(terminal, '2026-09-01', '2026-09-30');
        expect(
          await push(terminal, [
            auditItem(terminal, held),
            settlementItem(terminal, '2026-09-01', { auditHead: { seq: 6, hash: held[5]?.hash } }),
            settlementItem(terminal, '2026-09-02', { auditHead: { seq: 3, hash: held[2]?.hash } }),
            settlementItem(terminal, '2026-09-03', { auditHead: { seq: 7, hash: forked[2]?.hash } }),
          ]),
        ).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
        expect(await checks()).toEqual({
          '2026-09-01': 'matched',
          '2026-09-02': 'matched',
          '2026-09-03': 'mismatched',
        });
        expect(await push(terminal, [auditItem(terminal, forked)])).toEqual(['audit_entry_rewritten']);
        const breaks = await server.admin('GET', '/v1/admin/audit/breaks');
        const fork = (breaks.json as { items: { id: number; terminal: number }[] }).items.find(
          (b) => b.terminal === terminal.number,
        );
        const accepted = await server.admin('POST', `/v1/admin/audit/breaks/${fork?.id}/accept`, {
          note: 'بازگردانی از پشتیبان',
        });
        expect(accepted.json).toMatchObject({ accepted: true, headSeq: 4, superseded: 4 });
        // Compared with entries no longer held: they wait for the stretch sent again.
        expect(await checks()).toEqual({
          '2026-09-01': 'pending',
          '2026-09-02': 'matched',
          '2026-09-03': 'pending',
        });
        expect(await push(terminal, [auditItem(terminal, forked)])).toEqual(['accepted']);
        expect(await checks()).toEqual({
          '2026-09-01': 'mismatched',
          '2026-09-02': 'matched',
          '2026-09-03': 'matched',
        });
      });

      // PGlite runs one transaction at a time: two pushes never overlap there.
      if (backend.name === 'PostgreSQL')
        it('compares a settlement pushed while another push is storing its head entry: the later push waits for the earlier to commit', async () => {
          const terminal = await enrolled();
          const entries = trail(3, terminal);
          const checks = () => headChecks(terminal, '2026-08-01', '2026-08-31');
          const waiting = settlementItem(terminal, '2026-08-01', {
            auditHead: { seq: 3, hash: entries[2]?.hash },
          });
          expect(await push(terminal, [waiting])).toEqual(['accepted']);
          const blockedBy = async (pid: number) =>
            (
              await server.db.query<{ pid: number }>(
                'SELECT pid FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))',
                [pid],
              )
            )[0]?.pid ?? null;
          const until = async <T>(probe: () => Promise<T | null>): Promise<T> => {
            for (let i = 0; i < 500; i++) {
              const found = await probe();
              if (found !== null) return found;
              await new Promise((r) => setTimeout(r, 10));
            }
            throw new Error('gave up waiting');
          };

          let trailPush: Promise<unknown> | undefined;
          let dayPush: Promise<unknown> | undefined;
          await server.db.transaction(async (holder) => {
            // Held here: the push of the trail stores its entries, then waits to compare the waiting day.
            await holder.query('SELECT 1 FROM day_settlements WHERE item_id = $1 FOR UPDATE', [waiting.id]);
            const [{ pid } = { pid: 0 }] = await holder.query<{ pid: number }>(
              'SELECT pg_backend_pid() AS pid',
            );
            trailPush = push(terminal, [auditItem(terminal, entries)]);
            const trailPid = await until(() => blockedBy(pid));
            // Meanwhile a day closed on entry 2 arrives: it finishes, or waits behind the trail's push.
            let settled = false;
            dayPush = push(terminal, [
              settlementItem(terminal, '2026-08-02', { auditHead: { seq: 2, hash: entries[1]?.hash } }),
            ]).finally(() => {
              settled = true;
            });
            await until(async () => (settled || (await blockedBy(trailPid)) !== null ? true : null));
          });
          expect(await trailPush).toEqual(['accepted']);
          expect(await dayPush).toEqual(['accepted']);
          expect(await checks()).toEqual({ '2026-08-01': 'matched', '2026-08-02': 'matched' });
        });

      it('answers an item holding U+0000 on its own, which the database could not store, and takes the rest of its batch', async () => {
        const terminal = await enrolled();
        // The first entry of a trail with these details, hashed as the counter would.
        const firstWith = (details: string): AuditEntryMessage => {
          const { hash: _old, ...fields } = { ...trail(1, terminal)[0]!, details };
          return { ...fields, hash: createHash('sha256').update(auditCanonical(fields)).digest('hex') };
        };
        expect(
          await push(terminal, [
            auditItem(terminal, [firstWith('{"note":"a\u0000b"}')]),
            settlementItem(terminal, '2026-07-01'),
          ]),
        ).toEqual(['text_contains_nul', 'accepted']);
        // A backslash written out before the letters u0000 is ordinary text.
        expect(await push(terminal, [auditItem(terminal, [firstWith('{"note":"a\\\\u0000b"}')])])).toEqual([
          'accepted',
        ]);
      });

      it('keeps each terminal’s trail as a chain: stretches that continue it are stored, a retry cut differently is taken, a break is refused and listed', async () => {
        const terminal = await enrolled();
        const entries = trail(8, terminal);
        expect(
          await push(terminal, [
            auditItem(terminal, entries.slice(0, 3)),
            auditItem(terminal, entries.slice(3, 5)),
          ]),
        ).toEqual(['accepted', 'accepted']);
        // The answer to a push lost, then sent again as one longer stretch: what is held must match.
        expect(await push(terminal, [auditItem(terminal, entries.slice(2, 8))])).toEqual(['accepted']);
        const forged = trail(2, terminal, { seq: 8, hash: 'f'.repeat(64) });
        expect(await push(terminal, [auditItem(terminal, forged)])).toEqual(['audit_chain_broken']);
        const skipped = trail(3, terminal, { seq: 8, hash: entries[7]?.hash ?? '' }).slice(1);
        expect(await push(terminal, [auditItem(terminal, skipped)])).toEqual(['audit_sequence_gap']);
        const rewritten = trail(8, terminal).map((e) => (e.seq === 4 ? { ...e, at: e.at + 1 } : e));
        expect(await push(terminal, [auditItem(terminal, rewritten.slice(3, 4))])).toEqual([
          'audit_hash_mismatch',
        ]);

        const office = await server.admin('GET', `/v1/admin/offices/${OFFICE}/audit`);
        const audit = office.json as {
          terminals: {
            terminal: number;
            entries: number;
            headSeq: number;
            headHash: string;
            breaks: number;
          }[];
          breaks: { terminal: number; reason: string; atSeq: number }[];
        };
        expect(audit.terminals.find((t) => t.terminal === terminal.number)).toMatchObject({
          entries: 8,
          headSeq: 8,
          headHash: entries[7]?.hash,
          breaks: 3,
        });
        expect(
          audit.breaks.filter((b) => b.terminal === terminal.number).map((b) => [b.reason, b.atSeq]),
        ).toEqual([
          ['audit_chain_broken', 9],
          ['audit_sequence_gap', 10],
          ['audit_hash_mismatch', 4],
        ]);
        const stored = await server.admin('GET', `/v1/admin/terminals/${terminal.id}/audit?limit=5`);
        const page = stored.json as { items: { seq: number; hash: string }[]; nextCursor: string | null };
        expect(page.items.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
        expect(page.nextCursor).toBe('5');
        // Another terminal's stretch is not this one's to send.
        expect(
          await push(terminal, [auditItem({ number: terminal.number + 1 }, trail(1, terminal))]),
        ).toEqual(['audit_not_this_terminal']);
      });
    },
  );
}
