import { describe, expect, it } from 'vitest';
import { setUpOffice, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

describe("a transaction's delivery to the municipality, as Tracking shows it", () => {
  const tempDir = useTempDirs();

  async function saved(t: TestCore): Promise<string> {
    const r = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!r.ok) throw new Error(r.error.code);
    return r.value.id;
  }

  async function detail(t: TestCore, id: string) {
    const r = await t.call('transactions.get', { id });
    if (!r.ok) throw new Error(r.error.code);
    return r.value;
  }

  /** As sync/push.ts leaves the transaction's outbox item after the server's answer. */
  function outbox(t: TestCore, id: string, state: string, lastError: string | null): void {
    t.core.db
      .prepare("UPDATE outbox SET state = ?, last_error = ? WHERE kind = 'transaction' AND entity_id = ?")
      .run(state, lastError, id);
  }

  it('tells a sale waiting to be sent from one the municipality refused, with its reason', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const id = await saved(t);
    expect((await detail(t, id)).delivery).toEqual({ state: 'pending', reason: null });

    outbox(t, id, 'needs_attention', 'rejected: tariff_not_in_force');
    const refused = await detail(t, id);
    // The status is still the counter's own: only the delivery says the municipality refused it.
    expect(refused.status).toBe('saved');
    expect(refused.delivery).toEqual({
      state: 'needs_attention',
      reason: { outcome: 'rejected', code: 'tariff_not_in_force' },
    });

    outbox(t, id, 'needs_attention', 'conflict: different_body');
    expect((await detail(t, id)).delivery).toEqual({
      state: 'needs_attention',
      reason: { outcome: 'conflict', code: 'different_body' },
    });

    // Sent again by the manager (SyncEngine.requeue), then taken.
    outbox(t, id, 'pending', 'rejected: tariff_not_in_force');
    expect((await detail(t, id)).delivery).toEqual({ state: 'pending', reason: null });
    outbox(t, id, 'delivered', null);
    expect((await detail(t, id)).delivery).toEqual({ state: 'delivered', reason: null });
    await t.close();
  });

  it("is the transaction's own, not its void's", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const id = await saved(t);
    outbox(t, id, 'delivered', null);
    // A void queued after it, refused, says nothing about the transaction's own delivery.
    t.core.db
      .prepare(
        `INSERT INTO outbox (id, kind, entity_id, body, created_at, state, last_error)
         VALUES ('void-1', 'void', ?, '{}', 0, 'needs_attention', 'rejected: not_allowed_when_completed')`,
      )
      .run(id);
    expect((await detail(t, id)).delivery).toEqual({ state: 'delivered', reason: null });
    await t.close();
  });
});
