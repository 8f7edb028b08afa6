import { describe, expect, it } from 'vitest';
import { gregorianToJalali, tehranWallTime } from '../../../../shared/jalali';
import { MANAGER, setUpOffice, startCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { addOperator, OPERATOR, sell } from '../day/support';

const DAY = 24 * 60 * 60 * 1000;

describe('reports over a Jalali date range', () => {
  const tempDir = useTempDirs();

  it('sums by day, service, operator and payment method, voids apart, and every view adds up', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    await addOperator(t);
    const first = tehranWallTime(t.core.now()).isoDate;
    // A day later both sessions have locked themselves for idleness: unlock, as the people would.
    const nextDay = async () => {
      t.advance(DAY);
      await t.call('session.unlock', { password: MANAGER.password });
      await t.call('session.unlock', { password: OPERATOR.password }, 'operator-window');
    };
    const sales = [
      await sell(t, 'waste-fee', 'cash', { change: 10_000 }),
      await sell(t, 'vehicle-dues', 'card', { sessionKey: 'operator-window' }),
    ];
    await nextDay();
    sales.push(await sell(t, 'waste-fee', 'split', { change: 5_000, sessionKey: 'operator-window' }));
    const voided = await sell(t, 'business-dues', 'card');
    const v = await t.call('transactions.void', {
      id: voided.id,
      reason: 'اشتباه در ورود',
      approverUsername: MANAGER.username,
      approverPassword: MANAGER.password,
    });
    expect(v.ok).toBe(true);
    await nextDay();
    await sell(t, 'waste-fee', 'cash'); // outside the range below

    const second = tehranWallTime(t.core.now() - DAY).isoDate;
    const r = await t.call('reports.range', {
      from: gregorianToJalali(first),
      to: gregorianToJalali(second),
    });
    if (!r.ok) throw new Error(r.error.code);
    const report = r.value;
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    const kept = sum(sales.map((s) => s.total));
    expect(report.totals).toMatchObject({ count: 3, total: kept, voidedCount: 1, voidedTotal: voided.total });
    expect(report.totals.municipal + report.totals.office).toBe(kept);
    expect(report.byDay.map((d) => [d.date, d.count, d.voidedCount])).toEqual([
      [first, 2, 0],
      [second, 1, 1],
    ]);
    for (const groups of [report.byDay, report.byService, report.byOperator]) {
      expect(sum(groups.map((g) => g.total))).toBe(kept);
      expect(sum(groups.map((g) => g.voidedCount))).toBe(1);
    }
    expect(report.byOperator.map((o) => o.operatorName).sort()).toEqual(['رضا کریمی', 'زهرا احمدی'].sort());
    const cash = report.byMethod.find((m) => m.method === 'cash');
    const card = report.byMethod.find((m) => m.method === 'card');
    expect((cash?.amount ?? 0) + (card?.amount ?? 0)).toBe(kept);
    expect(cash?.changeGiven).toBe(15_000);
    expect(report.byService[0]?.serviceName.fa).toBeTruthy();
    t.core.close();
  });

  it('refuses an impossible range, and an operator', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    await addOperator(t);
    expect(
      await t.call('reports.range', {
        from: { year: 1404, month: 12, day: 30 },
        to: { year: 1405, month: 1, day: 1 },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'report_range_invalid', details: { problem: 'from_invalid' } },
    });
    expect(
      await t.call(
        'reports.range',
        { from: { year: 1404, month: 1, day: 1 }, to: { year: 1404, month: 1, day: 2 } },
        'operator-window',
      ),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    t.core.close();
  });
});
