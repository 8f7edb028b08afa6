import { expect, it } from 'vitest';
import { PUSH_IN_FLIGHT, PUSH_MAX_ITEMS, SLICE_ITEMS, type FetchLike } from '../../../electron/core/sync';
import { managerApproval } from '../../support/core';
import { startFaultProxy } from './fault-proxy';
import { count, describeOnEachBackend, drain, openTerminal, type TestTerminalApp } from './fixture';
import { expectConverged } from './verify';

interface PushedItem {
  /** The outbox item's own id. */
  readonly id: string;
  readonly kind: string;
  /** The transaction a transaction, void or cancellation item is about. */
  readonly transactionId: string | null;
}

interface Request {
  readonly items: PushedItem[];
  /** The requests that were in flight when this one was sent. */
  readonly beside: Request[];
}

/** Records every push with the pushes in flight beside it; each answer is held back 50 ms. */
function watchPushes(requests: Request[]): FetchLike {
  const inFlight = new Set<Request>();
  return async (url, init) => {
    if (init.method !== 'POST' || !url.endsWith('/v1/push')) return fetch(url, init);
    const { items } = JSON.parse(String(init.body)) as {
      items: { id: string; kind: string; body: { id?: string; transactionId?: string } }[];
    };
    const request: Request = {
      items: items.map((i) => ({
        id: i.id,
        kind: i.kind,
        transactionId: i.kind === 'transaction' ? (i.body.id ?? null) : (i.body.transactionId ?? null),
      })),
      beside: [...inFlight],
    };
    requests.push(request);
    inFlight.add(request);
    try {
      const answer = await fetch(url, init);
      // Answers arrive a little late, so requests overlap whatever the server's speed.
      await new Promise((r) => setTimeout(r, 50));
      return answer;
    } finally {
      inFlight.delete(request);
    }
  };
}

async function voidSale(t: TestTerminalApp, id: string): Promise<void> {
  const result = await t.dispatcher.call('w', 'transactions.void', {
    id,
    ...managerApproval('مبلغ اشتباه اعلام شد'),
  });
  if (!result.ok) throw new Error(`void: ${result.error.code}`);
}

describeOnEachBackend('a backlog drains with two pushes in flight', (server, tempDir) => {
  it('never sends a void beside its transaction or an audit stretch beside the one before it, and the server decides every item as if the batches went one by one', async () => {
    const requests: Request[] = [];
    const t = await openTerminal(tempDir(), { terminalNumber: 31, fetch: watchPushes(requests) });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const sales = 2 * PUSH_MAX_ITEMS + 100;
    const saved = [];
    for (let i = 0; i < sales; i++) saved.push(await t.save());
    // Voids of a sale in the first, the second and the third batch: each waits for its sale's answer.
    const voided = [saved[0], saved[PUSH_MAX_ITEMS + 50], saved[2 * PUSH_MAX_ITEMS + 50]].map((s) => {
      if (!s) throw new Error('missing sale');
      return s.id;
    });
    for (const id of voided) await voidSale(t, id);

    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, delivered: sales + voided.length, needsAttention: 0 });

    expect(Math.max(...requests.map((r) => r.beside.length + 1))).toBe(PUSH_IN_FLIGHT);
    // Each item went once: the next batch is sent before an answer is applied, never with its items.
    const sent = requests.flatMap((r) => r.items.map((i) => i.id));
    expect(new Set(sent).size).toBe(sent.length);
    expect(requests.flatMap((r) => r.items).filter((i) => i.kind === 'transaction')).toHaveLength(sales);
    for (const request of requests)
      for (const other of request.beside) {
        const sales = new Set(
          other.items.filter((i) => i.kind === 'transaction').map((i) => i.transactionId),
        );
        const voids = request.items.filter((i) => i.kind === 'void' && sales.has(i.transactionId));
        expect(voids, 'a void sent beside its own transaction').toEqual([]);
        const audit = (r: Request) => r.items.some((i) => i.kind === 'audit_batch');
        expect(audit(request) && audit(other), 'two audit stretches in flight at once').toBe(false);
      }
    // The audit trail, queued behind every sale of the backlog, went ahead of them and beside them:
    // the first request opens with its first stretch, and the last stretch left before the last sale.
    const first = requests[0]?.items ?? [];
    expect(first[0]?.kind).toBe('audit_batch');
    expect(first.some((i) => i.kind === 'transaction')).toBe(true);
    const carries = (kind: string) => requests.findLastIndex((r) => r.items.some((i) => i.kind === kind));
    expect(carries('audit_batch')).toBeLessThan(carries('transaction'));
    // Each void went out after its sale was answered, so the server voided every one.
    const remote = new Map((await server().transactions()).map((r) => [r.id, r.status]));
    expect(voided.map((id) => remote.get(id))).toEqual(['voided', 'voided', 'voided']);
    expect(count(t.core, "SELECT count(*) AS n FROM outbox WHERE state = 'needs_attention'")).toBe(0);

    // The whole audit trail arrived as one unbroken chain.
    const head = t.core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    expect(report.auditEntries).toBe(head.seq);
    const audit = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/audit`);
    const trail = (audit.json as { terminals: { terminal: number }[] }).terminals.find(
      (x) => x.terminal === 31,
    );
    expect(trail).toMatchObject({ entries: head.seq, headSeq: head.seq, headHash: head.hash, breaks: 0 });
    expect(await expectConverged(t.core, server(), 31)).toBe(sales);
    await t.close();
  }, 120_000);

  it('when the second of two pushes in flight fails, the first is applied, the run fails retryably and the next run sends the rest once', async () => {
    const proxy = await startFaultProxy(server().url);
    const t = await openTerminal(tempDir(), { terminalNumber: 32 });
    await t.engine.enroll({ serverUrl: proxy.url, activationCode: await server().newActivationCode() });
    // Enough for two runs that each send at least two batches.
    const sales = 4 * PUSH_MAX_ITEMS + 100;
    for (let i = 0; i < sales; i++) await t.save();

    for (const fault of ['503', 'drop-after-commit'] as const) {
      proxy.queue('pass', fault);
      const report = await t.engine.syncNow();
      expect(report.ok, `${fault} on the second push fails the run`).toBe(false);
      expect(report.error?.retryable).toBe(true);
      // The first batch's answer was applied: those sales are delivered and received.
      expect(
        count(t.core, "SELECT count(*) AS n FROM outbox WHERE state = 'delivered'"),
      ).toBeGreaterThanOrEqual(PUSH_MAX_ITEMS);
      expect(count(t.core, "SELECT count(*) AS n FROM outbox WHERE state = 'needs_attention'")).toBe(0);
    }
    await drain(t.engine);
    expect(proxy.log.filter((l) => l.fault !== 'pass').map((l) => l.fault)).toEqual([
      '503',
      'drop-after-commit',
    ]);
    expect(await expectConverged(t.core, server(), 32)).toBe(sales);
    expect(t.engine.status()).toMatchObject({ online: true, lastError: null, queueDepth: 0 });
    await t.close();
    await proxy.close();
  }, 120_000);

  it("lets the counter's calls run between slices of an answer, and applies each slice whole", async () => {
    const sales = 3 * SLICE_ITEMS + 20; // one batch, applied in four slices
    const seen: { delivered: number; received: number }[] = [];
    let probing = false;
    const probe = () => {
      // What a call that runs at this moment finds: how many sales are marked delivered, and how
      // many are `received` (the same sales, if each slice commits whole).
      seen.push({
        delivered: count(
          t.core,
          "SELECT count(*) AS n FROM outbox WHERE kind = 'transaction' AND state = 'delivered'",
        ),
        received: count(t.core, "SELECT count(*) AS n FROM transactions WHERE status = 'received'"),
      });
      if (probing) setImmediate(probe);
    };
    const probeAfterAnswers: FetchLike = async (url, init) => {
      const answer = await fetch(url, init);
      if (init.method === 'POST' && url.endsWith('/v1/push') && !probing) {
        probing = true;
        setImmediate(probe);
      }
      return answer;
    };
    const t = await openTerminal(tempDir(), { terminalNumber: 33, fetch: probeAfterAnswers });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    for (let i = 0; i < sales; i++) await t.save();

    const report = await t.engine.syncNow();
    probing = false;
    expect(report).toMatchObject({ ok: true, delivered: sales, needsAttention: 0 });
    for (const s of seen) expect(s.received, 'a slice half applied').toBe(s.delivered);
    const between = [...new Set(seen.map((s) => s.delivered).filter((n) => n > 0 && n < sales))];
    // The batch opens with the audit trail's stretch, so each slice after the first ends one sale short.
    expect(between, 'calls ran only before or after the whole answer').toEqual([
      SLICE_ITEMS - 1,
      2 * SLICE_ITEMS - 1,
      3 * SLICE_ITEMS - 1,
    ]);
    expect(await expectConverged(t.core, server(), 33)).toBe(sales);
    await t.close();
  }, 120_000);
});
