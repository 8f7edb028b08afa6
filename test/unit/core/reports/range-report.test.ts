import { describe, expect, it } from 'vitest';
import { gregorianToJalali, tehranWallTime } from '../../../../shared/jalali';
import { daySheets } from '../../../../shared/reports';
import { MANAGER, setUpOffice, startCore, managerApproval } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { addOperator, closeDayCounted, dayDetail, OPERATOR, sell } from '../day/support';

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
      ...managerApproval('اشتباه در ورود'),
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
    await t.close();
  });

  it("keeps a closed day's figures when its sale is voided later, and books the refund on the day that paid it", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const closeDay = (businessDate: string, counted: { cash: number; card: number }) =>
      closeDayCounted(t, businessDate, counted);
    const report = async (from: string, to: string) => {
      const r = await t.call('reports.range', { from: gregorianToJalali(from), to: gregorianToJalali(to) });
      if (!r.ok) throw new Error(r.error.code);
      return r.value;
    };

    const first = tehranWallTime(t.core.now()).isoDate;
    const refunded = await sell(t, 'waste-fee', 'split');
    const kept = await sell(t, 'vehicle-dues', 'cash');
    await closeDay(first, { cash: refunded.cash + kept.cash, card: refunded.card });
    const before = await report(first, first);

    // The next morning the first day's sale is voided: the citizen is refunded from today's drawer.
    t.advance(DAY);
    await t.call('session.unlock', { password: MANAGER.password });
    const second = tehranWallTime(t.core.now()).isoDate;
    const today = await sell(t, 'waste-fee', 'cash');
    const v = await t.call('transactions.void', {
      id: refunded.id,
      ...managerApproval('شهروند منصرف شد'),
    });
    expect(v.ok).toBe(true);

    // The refund gives back the sale's municipal share and office fee, each apart.
    const shares = t.core.db
      .prepare('SELECT municipal_total AS municipal, office_total AS office FROM transactions WHERE id = ?')
      .get(refunded.id) as { municipal: number; office: number };
    expect(shares.municipal).toBeGreaterThan(0);
    const refund = {
      refundCount: 1,
      refundTotal: refunded.total,
      refundMunicipal: shares.municipal,
      refundOffice: shares.office,
    };
    const noRefund = { refundCount: 0, refundTotal: 0, refundMunicipal: 0, refundOffice: 0 };
    // The closed day's report is what it was; the refund is on today's, before any close takes it.
    expect(await report(first, first)).toEqual(before);
    const pending = await report(first, second);
    expect(pending.byDay).toEqual([
      { ...before.byDay[0], ...noRefund },
      expect.objectContaining({ date: second, count: 1, total: today.total, voidedCount: 0, ...refund }),
    ]);
    expect(pending.totals).toMatchObject({
      count: 3,
      total: refunded.total + kept.total + today.total,
      voidedCount: 0,
      ...refund,
    });
    // Net of the refund, each share is what the kept sales carry: the voided sale's share is gone.
    expect(
      pending.totals.municipal -
        pending.totals.refundMunicipal +
        (pending.totals.office - pending.totals.refundOffice),
    ).toBe(kept.total + today.total);
    expect(pending.byService.find((s) => s.serviceCode === 'waste-fee')).toMatchObject({
      count: 2,
      total: refunded.total + today.total,
      ...refund,
    });
    expect(pending.byOperator).toEqual([expect.objectContaining({ count: 3, voidedCount: 0, ...refund })]);
    expect(pending.byMethod).toEqual([
      {
        method: 'cash',
        payments: 3,
        amount: refunded.cash + kept.cash + today.cash,
        changeGiven: 0,
        // Paid back from today's drawer, the card part too: a settled POS payment is not reversed.
        refunds: 1,
        refunded: refunded.total,
      },
      {
        method: 'card',
        payments: 1,
        amount: refunded.card,
        changeGiven: 0,
        refunds: 0,
        refunded: 0,
      },
    ]);
    // A report of today alone has the refund and not the sale refunded.
    expect((await report(second, second)).totals).toMatchObject({ count: 1, total: today.total, ...refund });

    // Today's close takes the refund: the report then says what that close signed.
    const books = await closeDay(second, { cash: today.cash - refunded.cash, card: 0 });
    expect(books.lateVoids).toMatchObject({ count: 1, total: refunded.total });
    const closed = await report(first, second);
    expect(closed).toEqual(pending);
    expect(closed.byDay[1]).toMatchObject({ date: second, ...refund });
    await t.close();
  });

  it("books an earlier day's card sale refunded as the day sheets do, from the drawer, and the payment methods add up with them", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const report = async (from: string, to: string) => {
      const r = await t.call('reports.range', { from: gregorianToJalali(from), to: gregorianToJalali(to) });
      if (!r.ok) throw new Error(r.error.code);
      return r.value;
    };
    /** Each day's summary sheet (what the manager exports), opened if it is not yet, line by line. */
    const sheets = async (dates: readonly string[]) => {
      const lines: Record<string, number>[] = [];
      for (const businessDate of dates) {
        const summary = daySheets(await dayDetail(t, businessDate), 'en')[0]?.rows ?? [];
        lines.push(Object.fromEntries(summary.map(([label, value]) => [String(label), Number(value)])));
      }
      const sum = (label: string) => lines.reduce((n, l) => n + (l[label] ?? Number.NaN), 0);
      return {
        cash: sum('Cash received'),
        card: sum('Card'),
        cashRefunds: sum('Cash refunds of earlier days'),
        cardRefunds: sum('Card refunds of earlier days'),
      };
    };
    const methods = async (from: string, to: string) => {
      const m = (await report(from, to)).byMethod;
      const of = (method: 'cash' | 'card') =>
        m.find((x) => x.method === method) ?? { amount: 0, refunds: 0, refunded: 0 };
      return {
        cash: of('cash').amount,
        card: of('card').amount,
        cashRefunds: of('cash').refunded,
        cardRefunds: of('card').refunded,
        counts: { cash: of('cash').refunds, card: of('card').refunds },
      };
    };
    const nextDay = async () => {
      t.advance(DAY);
      await t.call('session.unlock', { password: MANAGER.password });
      return tehranWallTime(t.core.now()).isoDate;
    };

    const first = tehranWallTime(t.core.now()).isoDate;
    const byCard = await sell(t, 'vehicle-dues', 'card');
    const split = await sell(t, 'waste-fee', 'split');
    const kept = await sell(t, 'waste-fee', 'cash');
    await closeDayCounted(t, first);
    // The next day both are refunded from the drawer, beside the day's own sales.
    const second = await nextDay();
    const todayCash = await sell(t, 'waste-fee', 'cash');
    const todayCard = await sell(t, 'vehicle-dues', 'card');
    for (const id of [byCard.id, split.id]) {
      const v = await t.call('transactions.void', { id, ...managerApproval('شهروند منصرف شد') });
      expect(v.ok).toBe(true);
    }
    const refundedTotal = byCard.total + split.total;
    const expected = {
      cash: split.cash + kept.cash + todayCash.cash,
      card: byCard.card + split.card + todayCard.card,
      cashRefunds: refundedTotal,
      cardRefunds: 0,
    };

    // While today's close has not taken the refunds, and once it has: the same figures.
    for (const state of ['open', 'closed']) {
      if (state === 'closed') await closeDayCounted(t, second);
      expect(await sheets([first, second])).toEqual(expected);
      expect(await methods(first, second)).toEqual({ ...expected, counts: { cash: 2, card: 0 } });
      // Today alone: its own sales, and both refunds paid from its drawer.
      const today = await sheets([second]);
      expect(today).toEqual({
        cash: todayCash.cash,
        card: todayCard.card,
        cashRefunds: refundedTotal,
        cardRefunds: 0,
      });
      expect(await methods(second, second)).toEqual({ ...today, counts: { cash: 2, card: 0 } });
    }
    await t.close();
  });

  it('keeps the card refunds a day closed before refunds were paid from the drawer signed, as its sheet shows them', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const first = tehranWallTime(t.core.now()).isoDate;
    const split = await sell(t, 'waste-fee', 'split');
    await closeDayCounted(t, first);
    t.advance(DAY);
    await t.call('session.unlock', { password: MANAGER.password });
    const second = tehranWallTime(t.core.now()).isoDate;
    const v = await t.call('transactions.void', { id: split.id, ...managerApproval('شهروند منصرف شد') });
    expect(v.ok).toBe(true);
    await closeDayCounted(t, second);
    // As a version before e8a536f signed it: the sale's card part refunded off the POS slip.
    t.core.db.exec('DROP TRIGGER business_days_closed_frozen');
    t.core.db
      .prepare(
        `UPDATE business_days SET settlement = json_set(settlement, '$.reconciliation.lateVoids.cash', ?,
                '$.reconciliation.lateVoids.card', ?) WHERE business_date = ?`,
      )
      .run(split.cash, split.card, second);
    const overview = await t.call('day.overview', {});
    if (!overview.ok) throw new Error(overview.error.code);
    const day = overview.value.days.find((d) => d.businessDate === second);
    const detail = await t.call('day.detail', { dayId: day?.id ?? '' });
    if (!detail.ok) throw new Error(detail.error.code);
    expect(detail.value.reconciliation.lateVoids).toMatchObject({ cash: split.cash, card: split.card });

    const r = await t.call('reports.range', {
      from: gregorianToJalali(second),
      to: gregorianToJalali(second),
    });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.byMethod).toEqual([
      { method: 'cash', payments: 0, amount: 0, changeGiven: 0, refunds: 1, refunded: split.cash },
      { method: 'card', payments: 0, amount: 0, changeGiven: 0, refunds: 1, refunded: split.card },
    ]);
    await t.close();
  });

  it('books a refund on the date it was paid, not on an earlier day closed after it', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const nextDay = async () => {
      t.advance(DAY);
      await t.call('session.unlock', { password: MANAGER.password });
      return tehranWallTime(t.core.now()).isoDate;
    };
    const refundDates = async (from: string, to: string) => {
      const r = await t.call('reports.range', { from: gregorianToJalali(from), to: gregorianToJalali(to) });
      if (!r.ok) throw new Error(r.error.code);
      return r.value.byDay.filter((d) => d.refundCount > 0).map((d) => [d.date, d.refundTotal]);
    };
    const first = tehranWallTime(t.core.now()).isoDate;
    const refunded = await sell(t, 'waste-fee', 'cash');
    await closeDayCounted(t, first);
    // A day no one opened, then today, when the first day's sale is refunded.
    const forgotten = await nextDay();
    await sell(t, 'waste-fee', 'cash');
    const today = await nextDay();
    const v = await t.call('transactions.void', { id: refunded.id, ...managerApproval('شهروند منصرف شد') });
    expect(v.ok).toBe(true);
    expect(await refundDates(first, today)).toEqual([[today, refunded.total]]);
    // The forgotten day is closed late: the refund stays on today's date, and today's close keeps it there.
    await closeDayCounted(t, forgotten);
    expect(await refundDates(first, today)).toEqual([[today, refunded.total]]);
    await closeDayCounted(t, today);
    expect(await refundDates(first, today)).toEqual([[today, refunded.total]]);
    await t.close();
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
    await t.close();
  });
});
