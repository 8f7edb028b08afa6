import { expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import { count, describeOnEachBackend, managerCaller, openTerminal, type SeededServer } from './fixture';

/**
 * As a newer server's feed would carry them: changes of a kind, or a status, this version of the
 * counter does not know (its table takes any type, as the newer server's migration made it).
 */
async function appendAsNewerServer(
  server: SeededServer,
  type: string,
  payload: Record<string, unknown>,
): Promise<number> {
  await server.db.exec('ALTER TABLE changes DROP CONSTRAINT IF EXISTS changes_type_check');
  const [row] = await server.db.query<{ seq: number }>(
    `INSERT INTO changes (office_id, type, payload, created_at)
     VALUES ((SELECT id FROM offices WHERE code = $1), $2, $3::jsonb, $4) RETURNING seq::float8 AS seq`,
    [server.officeCode, type, JSON.stringify(payload), Date.now()],
  );
  if (!row) throw new Error('no change appended');
  return row.seq;
}

function skippedEntries(core: Core) {
  return (
    core.db
      .prepare(
        "SELECT entity_id AS seq, details FROM audit_log WHERE action = 'feed_change_skipped' ORDER BY seq",
      )
      .all() as { seq: string; details: string }[]
  ).map((row) => ({ seq: row.seq, details: JSON.parse(row.details) as Record<string, unknown> }));
}

describeOnEachBackend("a newer server's feed", (server, tempDir) => {
  it('passes over the changes this version cannot read, with an entry in the trail, and brings everything after them', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 71 });
    const call = managerCaller(t);
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const sale = await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1 });

    // A status this version does not know, a kind of change it does not know, a notice it cannot
    // make sense of; then what it knows: a status change and a notice.
    const unknownStatus = await appendAsNewerServer(server(), 'status', {
      transactionId: sale.id,
      trackingCode: sale.trackingCode,
      status: 'payment_requested',
      reason: null,
      actor: 'staff',
      at: Date.now(),
    });
    const unknownType = await appendAsNewerServer(server(), 'office_settings', {
      openingHours: { from: '08:00', to: '14:00' },
    });
    const malformed = await appendAsNewerServer(server(), 'notice', { noticeId: 'n-1', at: Date.now() });
    const approved = await server().admin('POST', `/v1/admin/transactions/${sale.trackingCode}/status`, {
      status: 'approved',
    });
    expect(approved.status).toBe(200);
    const notice = await server().admin('POST', '/v1/admin/notices', {
      text: { fa: 'تعرفهٔ پسماند تغییر می‌کند', en: 'The waste fee changes' },
    });
    expect(notice.status).toBe(201);
    const last = (notice.json as { seq: number }).seq;

    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, error: null, statusChanges: 1, notices: 1 });
    expect((await call('transactions.get', { id: sale.id })).status).toBe('approved');
    expect(t.engine.status()).toMatchObject({ lastError: null, unreadNotices: 1, pullCursor: last });
    expect(skippedEntries(t.core)).toEqual([
      {
        seq: String(unknownStatus),
        details: {
          reason: 'unknown_status',
          type: 'status',
          status: 'payment_requested',
          seq: unknownStatus,
        },
      },
      {
        seq: String(unknownType),
        details: { reason: 'unknown_type', type: 'office_settings', status: null, seq: unknownType },
      },
      {
        seq: String(malformed),
        details: { reason: 'invalid', type: 'notice', status: null, seq: malformed },
      },
    ]);

    // Passed over for good: the next pull starts after them and records nothing again.
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, pulled: 0 });
    expect(skippedEntries(t.core)).toHaveLength(3);
    expect(
      count(
        t.core,
        "SELECT count(*) AS n FROM status_history WHERE transaction_id = ? AND status = 'approved'",
        sale.id,
      ),
    ).toBe(1);
    await t.close();
  });
});
