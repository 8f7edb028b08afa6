import { afterEach, expect, it } from 'vitest';
import { gregorianToJalali, tehranWallTime } from '../../../shared/jalali';
import { MANAGER, managerApproval } from '../../support/core';
import { closeDayAsExpected, count, describeOnEachBackend, managerCaller, openTerminal } from './fixture';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Days pass for the server and the terminal alike (a terminal dates its sales by the municipality's
 * clock: a PC's clock a day behind the server's would not move them to yesterday).
 */
let days = 0;
const worldNow = () => Date.now() + days;

describeOnEachBackend(
  'a void the feed brings back after a restore',
  (server, tempDir) => {
    afterEach(() => {
      days = 0;
    });

    it("is recorded as the late void it was: the closed day keeps its signed figures and the refund is booked on today's", async () => {
      // Yesterday, for the terminal and the server.
      days = -DAY;
      let skew = 0;
      const t = await openTerminal(tempDir(), { terminalNumber: 31, now: () => worldNow() + skew });
      const call = managerCaller(t);
      await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
      const report = (from: string, to: string) =>
        call('reports.range', { from: gregorianToJalali(from), to: gregorianToJalali(to) });

      // Yesterday: two cash sales, and the day closed as counted.
      const first = tehranWallTime(t.core.now()).isoDate;
      const day = await call('day.open', { businessDate: first, openingFloat: '0' });
      const refunded = await t.save();
      const kept = await t.save();
      await closeDayAsExpected(call, day.id);
      const signed = await report(first, first);
      expect(signed.totals).toMatchObject({ count: 2, total: refunded.total + kept.total, voidedCount: 0 });
      // The backup the office will restore, taken before anything reached the municipality.
      const backup = await call('backups.create', {});

      // This morning (the PC's clock five seconds slow) the first sale is voided and refunded from
      // today's drawer; all of it is delivered.
      days = 0;
      skew = -5_000;
      await call('session.unlock', { password: MANAGER.password });
      const second = tehranWallTime(t.core.now()).isoDate;
      await call('transactions.void', {
        id: refunded.id,
        ...managerApproval('شهروند منصرف شد'),
      });
      const voidedAt = (await call('transactions.get', { id: refunded.id })).voiding?.at;
      expect(voidedAt).toBeLessThanOrEqual(Date.now() - 5_000);
      expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
      const beforeRestore = await report(first, second);
      expect(beforeRestore.totals).toMatchObject({ refundCount: 1, refundTotal: refunded.total });

      // The database is restored from last night's backup: the void is gone from this counter.
      await call('backups.restore', {
        file: backup.file,
        password: MANAGER.password,
        acceptUnsyncedLoss: false,
      });
      await call('session.login', { username: MANAGER.username, password: MANAGER.password });
      expect(count(t.core, 'SELECT count(*) AS n FROM voids')).toBe(0);

      // The feed, read again from the backup's cursor, says the sale was voided.
      const synced = await t.engine.syncNow();
      expect(synced).toMatchObject({ ok: true });
      expect((await call('transactions.get', { id: refunded.id })).status).toBe('voided');

      // The closed day's report is what its manager signed; the refund is on today's.
      expect(await report(first, first)).toEqual(signed);
      expect(await report(first, second)).toEqual(beforeRestore);
      // The void is the one the municipality holds, as it recorded it, made when this counter made
      // it (by its clock, not when the municipality took it); it is not sent again.
      const tx = await call('transactions.get', { id: refunded.id });
      expect(tx.voiding).toEqual({
        kind: 'void',
        reason: 'شهروند منصرف شد',
        requestedBy: null,
        approvedBy: MANAGER.fullName,
        at: voidedAt,
        source: 'municipality',
      });
      expect(count(t.core, "SELECT count(*) AS n FROM outbox WHERE kind = 'void'")).toBe(0);
      expect((await server().transactions()).filter((x) => x.id === refunded.id)).toEqual([
        expect.objectContaining({ status: 'voided' }),
      ]);
      const entry = t.core.db
        .prepare(
          "SELECT details FROM audit_log WHERE action = 'status_changed_by_municipality' AND entity_id = ? ORDER BY seq DESC",
        )
        .get(refunded.id) as { details: string };
      expect(JSON.parse(entry.details)).toMatchObject({ to: 'voided', voidRecorded: true });

      // Today's close takes the refund: the drawer holds its float less the refund.
      const float = refunded.total + 1_000_000;
      const today = await call('day.open', { businessDate: second, openingFloat: String(float) });
      expect((await closeDayAsExpected(call, today.id)).expectedCash).toBe(float - refunded.total);
      expect(await report(first, first)).toEqual(signed);
      expect((await report(second, second)).totals).toMatchObject({
        count: 0,
        refundCount: 1,
        refundTotal: refunded.total,
      });
      await t.close();
    });

    it('is refused by the municipality when an earlier close, lost in the restore, already took its refund', async () => {
      // Two days ago at first; a day at a time.
      days = -2 * DAY;
      const t = await openTerminal(tempDir(), { terminalNumber: 32, now: worldNow });
      const call = managerCaller(t);
      await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
      const first = await call('day.open', {
        businessDate: tehranWallTime(t.core.now()).isoDate,
        openingFloat: '0',
      });
      const refunded = await t.save();
      await closeDayAsExpected(call, first.id);
      const backup = await call('backups.create', {});

      // The next day the sale is voided, and that day's close takes the refund; all is delivered.
      days = -DAY;
      await call('session.unlock', { password: MANAGER.password });
      const float = String(refunded.total + 1_000_000);
      const second = await call('day.open', {
        businessDate: tehranWallTime(t.core.now()).isoDate,
        openingFloat: float,
      });
      await call('transactions.void', {
        id: refunded.id,
        ...managerApproval('شهروند منصرف شد'),
      });
      expect((await closeDayAsExpected(call, second.id)).lateVoids).toMatchObject({
        count: 1,
        total: refunded.total,
      });
      expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });

      // Today the office restores the first night's backup: the second day's close is gone here, and
      // the feed brings the void back, pending again. Today's close counts it; the municipality,
      // which holds the second day's settlement with it, refuses today's and says why.
      days = 0;
      await call('session.unlock', { password: MANAGER.password });
      await call('backups.restore', {
        file: backup.file,
        password: MANAGER.password,
        acceptUnsyncedLoss: false,
      });
      await call('session.login', { username: MANAGER.username, password: MANAGER.password });
      await t.engine.syncNow();
      const third = await call('day.open', {
        businessDate: tehranWallTime(t.core.now()).isoDate,
        openingFloat: float,
      });
      expect((await closeDayAsExpected(call, third.id)).lateVoids).toMatchObject({ count: 1 });
      await t.engine.syncNow();
      expect(t.engine.status().needsAttention).toContainEqual(
        expect.objectContaining({ kind: 'day_settlement', reason: 'rejected: late_void_already_settled' }),
      );
      const settled = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/settlements`);
      const listing = (settled.json as { items: { terminal: number; body: { lateVoids: string[] } }[] })
        .items;
      expect(listing.filter((s) => s.terminal === 32 && s.body.lateVoids.includes(refunded.id))).toHaveLength(
        1,
      );
      await t.close();
    });
  },
  { serverNow: worldNow },
);
