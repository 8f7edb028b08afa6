import { expect, it } from 'vitest';
import { count, describeOnEachBackend, openTerminal } from './fixture';

describeOnEachBackend('sync engine', (server, tempDir) => {
  it('enrolls, pushes saved transactions once, marks them received, and pulls a status change', async () => {
    const t = await openTerminal(tempDir());
    const enrolled = await t.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    expect(enrolled).toMatchObject({
      terminalNumber: 1,
      office: { code: '1234' },
      catalogVersion: 'sample-1404.1',
    });
    const saved = [await t.save(), await t.save(), await t.save()];
    expect(t.engine.status().queueDepth).toBe(3);

    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, pushed: 3, delivered: 3, needsAttention: 0 });
    expect(t.engine.status()).toMatchObject({
      online: true,
      queueDepth: 0,
      needsAttention: [],
      lastError: null,
    });
    expect(count(t.core, "SELECT count(*) AS n FROM transactions WHERE status = 'received'")).toBe(3);

    const onServer = await server().transactions();
    const mine = onServer.filter((tx) => saved.some((s) => s.id === tx.id));
    expect(mine.map((tx) => tx.trackingCode).sort()).toEqual(saved.map((s) => s.trackingCode).sort());

    const first = saved[0]!;
    const changed = await server().admin('POST', `/v1/admin/transactions/${first.trackingCode}/status`, {
      status: 'in_review',
    });
    expect(changed.status).toBe(200);
    const again = await t.engine.syncNow();
    expect(again).toMatchObject({ ok: true, statusChanges: 1 });
    const detail = await t.dispatcher.call('w', 'transactions.get', { id: first.id });
    expect(detail).toMatchObject({ ok: true, value: { status: 'in_review' } });
    expect(
      t.core.db
        .prepare('SELECT status, source FROM status_history WHERE transaction_id = ? ORDER BY id')
        .all(first.id),
    ).toEqual([
      { status: 'saved', source: 'counter' },
      { status: 'received', source: 'municipality' },
      { status: 'in_review', source: 'municipality' },
    ]);
    await t.close();
  });
});
