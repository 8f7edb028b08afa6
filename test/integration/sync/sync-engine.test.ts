import { expect, it } from 'vitest';
import { managerApproval } from '../../support/core';
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
      catalogVersion: 'sample-1404.2',
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

  it('keeps a void the municipality overtook: the refunded sale stays out of the day’s cash, the void waits in needs attention, the trail says what the municipality did', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 7 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const kept = await t.save();
    const refunded = await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 2 });
    // The citizen is refunded at the counter while municipal staff already picked the request up.
    const voided = await t.dispatcher.call('w', 'transactions.void', {
      id: refunded.id,
      ...managerApproval('شهروند از درخواست منصرف شد'),
    });
    expect(voided).toMatchObject({ ok: true, value: { kind: 'void', status: 'voided' } });
    const changed = await server().admin('POST', `/v1/admin/transactions/${refunded.trackingCode}/status`, {
      status: 'in_review',
    });
    expect(changed.status).toBe(200);

    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, needsAttention: 1, statusChanges: 0 });
    expect(t.engine.status().needsAttention).toEqual([
      expect.objectContaining({ kind: 'void', reason: 'rejected: not_allowed_when_in_review' }),
    ]);
    expect(await t.dispatcher.call('w', 'transactions.get', { id: refunded.id })).toMatchObject({
      ok: true,
      value: { status: 'voided' },
    });
    expect(
      t.core.db
        .prepare('SELECT status, source FROM status_history WHERE transaction_id = ? ORDER BY id')
        .all(refunded.id),
    ).toEqual([
      { status: 'saved', source: 'counter' },
      { status: 'received', source: 'municipality' },
      { status: 'voided', source: 'counter' },
    ]);
    const notes = t.core.db
      .prepare(
        "SELECT details FROM audit_log WHERE action = 'status_change_after_void_kept' AND entity_id = ?",
      )
      .all(refunded.id) as { details: string }[];
    expect(notes.map((a) => JSON.parse(a.details) as unknown)).toEqual([
      expect.objectContaining({ trackingCode: refunded.trackingCode, municipalityStatus: 'in_review' }),
    ]);
    // The day's books count only the sale that stands.
    const overview = await t.dispatcher.call('w', 'day.overview', {});
    if (!overview.ok) throw new Error(overview.error.code);
    const day = await t.dispatcher.call('w', 'day.open', {
      businessDate: (overview.value as { businessDate: string }).businessDate,
      openingFloat: '0',
    });
    if (!day.ok) throw new Error(day.error.code);
    const detail = await t.dispatcher.call('w', 'day.detail', { dayId: (day.value as { id: string }).id });
    expect(detail).toMatchObject({
      ok: true,
      value: {
        reconciliation: {
          kept: { count: 1, total: kept.total },
          voided: { count: 1, total: refunded.total },
          expectedCash: kept.total,
        },
      },
    });
    // A later pull of the same feed changes nothing more.
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, statusChanges: 0 });
    expect(
      count(t.core, "SELECT count(*) AS n FROM audit_log WHERE action = 'status_change_after_void_kept'"),
    ).toBe(1);
    await t.close();
  });

  it('ends where the server is when a cancellation is requested before a status staff set earlier is pulled', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 8 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const sale = await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1 });
    const path = `/v1/admin/transactions/${sale.trackingCode}/status`;
    expect((await server().admin('POST', path, { status: 'in_review' })).status).toBe(200);
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, statusChanges: 1 });
    // Staff approve it; before the counter hears of it, the citizen asks to cancel.
    expect((await server().admin('POST', path, { status: 'approved' })).status).toBe(200);
    const requested = await t.dispatcher.call('w', 'transactions.void', {
      id: sale.id,
      ...managerApproval('شهروند درخواست انصراف داد'),
    });
    expect(requested).toMatchObject({ ok: true, value: { kind: 'cancellation_request' } });
    // The request is taken (approved can be cancelled); the pull then brings the approval, then the request.
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1, needsAttention: 0 });
    const onServer = (await server().transactions()).find((tx) => tx.id === sale.id);
    expect(onServer?.status).toBe('cancellation_requested');
    expect(await t.dispatcher.call('w', 'transactions.get', { id: sale.id })).toMatchObject({
      ok: true,
      value: { status: 'cancellation_requested' },
    });
    await t.close();
  });
});
