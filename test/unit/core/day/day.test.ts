import { describe, expect, it } from 'vitest';
import { businessDateFor } from '../../../../electron/core/day';
import { applyPulledChange } from '../../../../electron/core/sync/pull';
import { tehranWallTime } from '../../../../shared/jalali';
import { daySheets, sheetsCsvRows, toCsv } from '../../../../shared/reports';
import {
  MANAGER,
  setUpOffice,
  snapshot,
  startCore,
  type TestCore,
  managerApproval,
} from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { addOperator, closeDayCounted, sell } from './support';

async function openToday(t: TestCore, openingFloat = '5,000,000') {
  const overview = await t.call('day.overview', {});
  if (!overview.ok) throw new Error(overview.error.code);
  const opened = await t.call('day.open', { businessDate: overview.value.businessDate, openingFloat });
  if (!opened.ok) throw new Error(opened.error.code);
  return opened.value;
}

async function detail(t: TestCore, dayId: string) {
  const r = await t.call('day.detail', { dayId });
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('the business day of a terminal', () => {
  const tempDir = useTempDirs();

  async function started(): Promise<TestCore> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    return t;
  }

  it('opens with a float, reconciles cash, card, split and a void, and closes with an explained difference', async () => {
    const t = await started();
    await addOperator(t);
    const day = await openToday(t, '۵٬۰۰۰٬۰۰۰');
    expect(day).toMatchObject({
      state: 'open',
      openingFloat: 5_000_000,
      terminalNumber: 2,
      openedBy: MANAGER.username,
    });
    expect(day.businessDate).toBe(tehranWallTime(t.core.now()).isoDate);

    const a = await sell(t, 'property-renewal-dues', 'cash', {
      change: 500_000,
      sessionKey: 'operator-window',
    });
    const b = await sell(t, 'waste-fee', 'card');
    const c = await sell(t, 'vehicle-dues', 'split', { change: 20_000, sessionKey: 'operator-window' });
    const v = await sell(t, 'business-dues', 'cash', { change: 1_000 });
    const voided = await t.call('transactions.void', {
      id: v.id,
      ...managerApproval('مبلغ اشتباه اعلام شد'),
    });
    expect(voided.ok).toBe(true);
    const moved = await t.call('day.recordMovement', {
      dayId: day.id,
      direction: 'out',
      amount: '1000000',
      reason: 'bank_deposit',
      note: 'واریز به بانک',
    });
    expect(moved.ok).toBe(true);

    const d = await detail(t, day.id);
    const r = d.reconciliation;
    expect(d.transactions).toBe(4);
    expect(r.kept.count).toBe(3);
    expect(r.voided).toMatchObject({ count: 1, total: v.total });
    expect(r.byMethod.cash.amount).toBe(a.cash + c.cash);
    expect(r.byMethod.card.amount).toBe(b.card + c.card);
    expect(r.byMethod.cash.changeGiven).toBe(520_000);
    expect(r.expectedCash).toBe(5_000_000 + a.cash + c.cash - 1_000_000);
    expect(r.expectedCard).toBe(b.card + c.card);
    expect(r.byOperator.map((o) => [o.operatorName, o.count, o.voidedCount])).toEqual([
      [MANAGER.fullName, 1, 1],
      ['رضا کریمی', 2, 0],
    ]);
    expect(r.byService.map((s) => s.serviceCode)).toEqual([
      'business-dues',
      'property-renewal-dues',
      'vehicle-dues',
      'waste-fee',
    ]);
    expect(d.voids).toEqual([
      { trackingCode: expect.any(String), total: v.total, reason: 'مبلغ اشتباه اعلام شد', late: false },
    ]);
    expect(d.unacknowledged).toBe(4);
    // The day's sheets as exported: the reason named as on screen, the tracking code kept as text.
    const fa = daySheets(d, 'fa');
    expect(fa.find((s) => s.name === 'جابه‌جایی وجه')?.rows[0]?.[1]).toBe('واریز به بانک');
    expect(daySheets(d, 'en').find((s) => s.name === 'Cash movements')?.rows[0]?.[1]).toBe('Bank deposit');
    const code = d.voids[0]?.trackingCode ?? '';
    expect(toCsv(sheetsCsvRows(fa))).toContain(`"=""${code}""",`);

    const short = r.expectedCash - 50_000;
    const close = {
      dayId: day.id,
      fingerprint: d.fingerprint,
      countedCash: String(short),
      cardSlipTotal: String(r.expectedCard),
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    };
    expect(await t.call('day.close', close)).toMatchObject({
      ok: false,
      error: { code: 'difference_note_required', details: { missing: ['cash'] } },
    });
    // A note of only ZWNJs and marks explains nothing.
    expect(await t.call('day.close', { ...close, cashNote: '\u200c \u200f\u200c' })).toMatchObject({
      ok: false,
      error: { code: 'difference_note_required', details: { missing: ['cash'] } },
    });
    const closed = await t.call('day.close', { ...close, cashNote: 'یک اسکناس ۵۰ هزار ریالی کم است' });
    expect(closed).toMatchObject({
      ok: true,
      value: {
        day: { state: 'closed', closedBy: MANAGER.username },
        closing: {
          countedCash: short,
          cashDifference: -50_000,
          cardDifference: 0,
          settlement: { state: 'pending', reason: null },
        },
      },
    });
    const outbox = t.core.db
      .prepare("SELECT entity_id, body FROM outbox WHERE kind = 'day_settlement'")
      .all() as {
      entity_id: string;
      body: string;
    }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.entity_id).toBe(day.id);
    expect(JSON.parse(outbox[0]?.body ?? '{}')).toMatchObject({
      businessDate: day.businessDate,
      terminal: 2,
      counted: { cash: short, cardSlip: r.expectedCard },
      differences: { cash: -50_000, card: 0 },
      notes: { cash: 'یک اسکناس ۵۰ هزار ریالی کم است', card: null },
      reconciliation: { expectedCash: r.expectedCash },
      auditHead: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const actions = (t.core.db.prepare('SELECT action FROM audit_log').all() as { action: string }[]).map(
      (x) => x.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['day_opened', 'cash_movement', 'day_closed']));
    await t.close();
  });

  it('locks a closed day: it cannot close twice, take cash movements or new sales', async () => {
    const t = await started();
    const day = await openToday(t, '0');
    const d = await detail(t, day.id);
    const close = {
      dayId: day.id,
      fingerprint: d.fingerprint,
      countedCash: '0',
      cardSlipTotal: '0',
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    };
    expect((await t.call('day.close', close)).ok).toBe(true);
    await t.call('backups.afterClose', { dayId: close.dayId });
    const before = snapshot(t.core);
    expect(await t.call('day.close', close)).toMatchObject({
      ok: false,
      error: { code: 'day_already_closed' },
    });
    expect(
      await t.call('day.recordMovement', {
        dayId: day.id,
        direction: 'in',
        amount: '10',
        reason: 'other',
        note: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'day_already_closed' } });
    expect(await t.call('day.open', { businessDate: day.businessDate, openingFloat: '0' })).toMatchObject({
      ok: false,
      error: { code: 'day_exists' },
    });
    expect(snapshot(t.core)).toBe(before);

    // The same calendar day, after the close: the sale belongs to the next business day.
    const sale = await sell(t, 'waste-fee', 'card');
    const row = t.core.db.prepare('SELECT business_date FROM transactions WHERE id = ?').get(sale.id) as {
      business_date: string;
    };
    expect(tehranWallTime(t.core.now()).isoDate).toBe(day.businessDate);
    expect(row.business_date > day.businessDate).toBe(true);
    expect(businessDateFor(t.core, t.core.now())).toBe(row.business_date);
    const overview = await t.call('day.overview', {});
    expect(overview).toMatchObject({
      ok: true,
      value: { businessDate: row.business_date, unopenedDates: [row.business_date] },
    });
    await t.close();
  });

  it('refuses counted amounts that are negative, not numbers or absurd, and a wrong signature, changing nothing', async () => {
    const t = await started();
    const day = await openToday(t);
    const d = await detail(t, day.id);
    const base = {
      dayId: day.id,
      fingerprint: d.fingerprint,
      countedCash: '5000000',
      cardSlipTotal: '0',
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    };
    const before = snapshot(t.core);
    for (const [field, raw, reason] of [
      ['countedCash', '-5000', 'amount_negative'],
      ['countedCash', 'پنج میلیون', 'amount_not_digits'],
      ['countedCash', '5000000.5', 'amount_not_digits'],
      ['countedCash', '5,000,00', 'amount_grouping'],
      ['cardSlipTotal', '۱٬۲۰۰٬۰۰', 'amount_grouping'],
      ['countedCash', '900000000000000', 'amount_absurd'],
      ['cardSlipTotal', '', 'amount_required'],
    ] as const) {
      expect(await t.call('day.close', { ...base, [field]: raw }), raw).toMatchObject({
        ok: false,
        error: { code: 'amount_invalid', details: { field, reason } },
      });
    }
    expect(await t.call('day.open', { businessDate: '2025-11-27', openingFloat: '-1' })).toMatchObject({
      ok: false,
      error: { code: 'amount_invalid', details: { field: 'openingFloat', reason: 'amount_negative' } },
    });
    expect(snapshot(t.core)).toBe(before);
    expect(await t.call('day.close', { ...base, password: 'not the password' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect((await detail(t, day.id)).day.state).toBe('open');
    expect(
      await t.call('day.recordMovement', {
        dayId: day.id,
        direction: 'out',
        amount: '5000001',
        reason: 'petty_cash',
        note: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'movement_exceeds_drawer' } });
    expect(await t.call('day.open', { businessDate: '2099-01-01', openingFloat: '0' })).toMatchObject({
      ok: false,
      error: { code: 'day_in_future' },
    });
    // A date that never was, and an earlier day with no sales to close.
    expect(await t.call('day.open', { businessDate: '2025-02-30', openingFloat: '0' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { fields: ['businessDate'] } },
    });
    expect(await t.call('day.open', { businessDate: '2025-02-28', openingFloat: '0' })).toMatchObject({
      ok: false,
      error: { code: 'day_without_sales' },
    });
    await t.close();
  });

  it('deposits and closes a drawer that held more than a count was once capped at, and still refuses a typo', async () => {
    const t = await started();
    const day = await openToday(t, '5,000,000');
    // Cash brought in for the day's large payments: legal, and above 10^11 Rials in all.
    for (let i = 0; i < 2; i++) {
      const moved = await t.call('day.recordMovement', {
        dayId: day.id,
        direction: 'in',
        amount: '100000000000',
        reason: 'float_top_up',
        note: 'تنخواه شعبه',
      });
      expect(moved.ok).toBe(true);
    }
    // Most of it goes to the bank in one deposit: bounded by the drawer, not by a fixed cap.
    const deposit = {
      dayId: day.id,
      direction: 'out',
      amount: '150000000000',
      reason: 'bank_deposit',
      note: 'واریز به بانک',
    } as const;
    expect((await t.call('day.recordMovement', deposit)).ok).toBe(true);
    expect(await t.call('day.recordMovement', { ...deposit, amount: '60000000000' })).toMatchObject({
      ok: false,
      error: { code: 'movement_exceeds_drawer' },
    });
    const d = await detail(t, day.id);
    expect(d.reconciliation.expectedCash).toBe(50_005_000_000);
    const close = {
      dayId: day.id,
      fingerprint: d.fingerprint,
      countedCash: String(d.reconciliation.expectedCash),
      cardSlipTotal: '0',
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    };
    // One zero too many is still refused, naming the field.
    expect(await t.call('day.close', { ...close, countedCash: '500050000000' })).toMatchObject({
      ok: false,
      error: { code: 'amount_invalid', details: { field: 'countedCash', reason: 'amount_absurd' } },
    });
    expect(await t.call('day.close', { ...close, cardSlipTotal: '100000000001' })).toMatchObject({
      ok: false,
      error: { code: 'amount_invalid', details: { field: 'cardSlipTotal', reason: 'amount_absurd' } },
    });
    expect(await t.call('day.close', close)).toMatchObject({
      ok: true,
      value: { closing: { countedCash: 50_005_000_000, cashDifference: 0 } },
    });
    await t.close();
  });

  it('refuses to close when a sale landed after the manager looked, until the totals are seen again', async () => {
    const t = await started();
    const day = await openToday(t, '0');
    const seen = await detail(t, day.id);
    const sale = await sell(t, 'waste-fee', 'cash');
    const close = {
      dayId: day.id,
      fingerprint: seen.fingerprint,
      countedCash: String(sale.total),
      cardSlipTotal: '0',
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    };
    expect(await t.call('day.close', close)).toMatchObject({ ok: false, error: { code: 'day_changed' } });
    const again = await detail(t, day.id);
    expect(await t.call('day.close', { ...close, fingerprint: again.fingerprint })).toMatchObject({
      ok: true,
    });
    await t.close();
  });

  it('says where the settlement is: queued, received, or refused by the municipality with its reason', async () => {
    const t = await started();
    const day = await openToday(t, '0');
    const sale = await sell(t, 'waste-fee', 'cash');
    const d = await detail(t, day.id);
    const closed = await t.call('day.close', {
      dayId: day.id,
      fingerprint: d.fingerprint,
      countedCash: String(sale.cash),
      cardSlipTotal: '0',
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    });
    expect(closed).toMatchObject({
      ok: true,
      value: { closing: { settlement: { state: 'pending', reason: null } } },
    });
    const outbox = (state: string, lastError: string | null) =>
      t.core.db
        .prepare(
          "UPDATE outbox SET state = ?, last_error = ? WHERE kind = 'day_settlement' AND entity_id = ?",
        )
        .run(state, lastError, day.id);
    // As sync/push.ts sets aside an item the server refuses: not queued, and never sent by itself.
    outbox('needs_attention', 'rejected: settlement_expected_card_mismatch');
    expect((await detail(t, day.id)).closing?.settlement).toEqual({
      state: 'needs_attention',
      reason: { outcome: 'rejected', code: 'settlement_expected_card_mismatch' },
    });
    outbox('needs_attention', 'conflict: different_body');
    expect((await detail(t, day.id)).closing?.settlement).toEqual({
      state: 'needs_attention',
      reason: { outcome: 'conflict', code: 'different_body' },
    });
    outbox('delivered', null);
    expect((await detail(t, day.id)).closing?.settlement).toEqual({ state: 'delivered', reason: null });
    await t.close();
  });

  it('keeps and sends no note for a count with no difference, even when one was typed', async () => {
    const t = await started();
    const day = await openToday(t, '0');
    const sale = await sell(t, 'waste-fee', 'split');
    const d = await detail(t, day.id);
    // A note typed for a shortfall, then the count was corrected: the difference is gone.
    const closed = await t.call('day.close', {
      dayId: day.id,
      fingerprint: d.fingerprint,
      countedCash: String(sale.cash),
      cardSlipTotal: String(sale.card),
      cashNote: 'کسری ۵۰ هزار ریال',
      cardNote: 'رسید پایانه ناخوانا',
      password: MANAGER.password,
    });
    expect(closed).toMatchObject({
      ok: true,
      value: { closing: { cashDifference: 0, cardDifference: 0, cashNote: null, cardNote: null } },
    });
    expect(
      t.core.db.prepare('SELECT cash_note, card_note FROM business_days WHERE id = ?').get(day.id),
    ).toEqual({ cash_note: null, card_note: null });
    expect(settlementOf(t, day.id)).toMatchObject({ notes: { cash: null, card: null } });
    await t.close();
  });

  it("refuses another terminal's day and any manager call from an operator", async () => {
    const t = await started();
    await addOperator(t);
    const day = await openToday(t);
    t.core.db
      .prepare(
        `INSERT INTO business_days (id, terminal_number, business_date, state, opening_float, opened_by, opened_at)
         VALUES ('6f1c1d1e-7a56-4a43-9a1f-2b8a3d8c9e01', 7, '2025-11-20', 'open', 0, 1, 1)`,
      )
      .run();
    const other = await detail(t, '6f1c1d1e-7a56-4a43-9a1f-2b8a3d8c9e01');
    expect(
      await t.call('day.close', {
        dayId: other.day.id,
        fingerprint: other.fingerprint,
        countedCash: '0',
        cardSlipTotal: '0',
        cashNote: '',
        cardNote: '',
        password: MANAGER.password,
      }),
    ).toMatchObject({ ok: false, error: { code: 'day_other_terminal' } });

    const before = snapshot(t.core);
    const asOperator = [
      t.call('day.overview', {}, 'operator-window'),
      t.call('day.detail', { dayId: day.id }, 'operator-window'),
      t.call('day.open', { businessDate: '2025-11-01', openingFloat: '0' }, 'operator-window'),
      t.call(
        'day.recordMovement',
        { dayId: day.id, direction: 'out', amount: '1', reason: 'other', note: 'x' },
        'operator-window',
      ),
      t.call(
        'day.close',
        {
          dayId: day.id,
          fingerprint: 'x',
          countedCash: '0',
          cardSlipTotal: '0',
          cashNote: '',
          cardNote: '',
          password: MANAGER.password,
        },
        'operator-window',
      ),
    ];
    for (const r of await Promise.all(asOperator))
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(snapshot(t.core)).toBe(before);
    await t.close();
  });

  it("refunds a closed day's voided sale from the drawer of the next day closed, once", async () => {
    const t = await started();
    const first = await openToday(t, '0');
    const sale = await sell(t, 'waste-fee', 'split');
    const d1 = await detail(t, first.id);
    const closed = await t.call('day.close', {
      dayId: first.id,
      fingerprint: d1.fingerprint,
      countedCash: String(sale.cash),
      cardSlipTotal: String(sale.card),
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    });
    expect(closed.ok).toBe(true);
    const second = await openToday(t, '10000000');
    expect(second.businessDate > first.businessDate).toBe(true);
    expect(
      (
        await t.call('transactions.void', {
          id: sale.id,
          ...managerApproval('شهروند منصرف شد'),
        })
      ).ok,
    ).toBe(true);
    // The first day's signed books do not change.
    expect((await detail(t, first.id)).reconciliation).toEqual(d1.reconciliation);
    const d2 = await detail(t, second.id);
    // The drawer pays back the card part too: the first day's POS batch is settled, and today's
    // slip (no card sales) is expected at zero, never below.
    expect(d2.reconciliation.lateVoids).toEqual({
      count: 1,
      cash: sale.total,
      card: 0,
      total: sale.total,
    });
    expect(d2.reconciliation.expectedCash).toBe(10_000_000 - sale.total);
    expect(d2.reconciliation.expectedCard).toBe(0);
    // While the day is open its list of voids names the refund its books already take.
    expect(d2.voids).toEqual([
      { trackingCode: expect.any(String), total: sale.total, reason: 'شهروند منصرف شد', late: true },
    ]);
    // The second day is closed once it has come (day_in_future before: see clock.test.ts).
    await nextDay(t);
    const close2 = await t.call('day.close', {
      dayId: second.id,
      fingerprint: d2.fingerprint,
      countedCash: String(10_000_000 - sale.total),
      cardSlipTotal: '0',
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    });
    // No difference to explain: the drawer is short by the whole refund and the slip shows nothing.
    expect(close2).toMatchObject({
      ok: true,
      value: {
        voids: [{ late: true, total: sale.total }],
        closing: { cashDifference: 0, cardDifference: 0 },
      },
    });
    // Counted once: the third day does not see it again.
    const third = await openToday(t, '0');
    const d3 = await detail(t, third.id);
    expect(d3.reconciliation.lateVoids.count).toBe(0);
    expect(d3.voids).toEqual([]);
    await t.close();
  });

  const DAY = 24 * 60 * 60 * 1000;

  /** The next day: the manager's session has locked itself for idleness meanwhile. */
  async function nextDay(t: TestCore): Promise<string> {
    t.advance(DAY);
    await t.call('session.unlock', { password: MANAGER.password });
    return tehranWallTime(t.core.now()).isoDate;
  }

  async function dayOf(t: TestCore, businessDate: string) {
    const overview = await t.call('day.overview', {});
    if (!overview.ok) throw new Error(overview.error.code);
    const day = overview.value.days.find((d) => d.businessDate === businessDate);
    if (!day) throw new Error(businessDate);
    return day;
  }

  function settlementOf(t: TestCore, dayId: string): { lateVoids: string[] } {
    const row = t.core.db
      .prepare("SELECT body FROM outbox WHERE kind = 'day_settlement' AND entity_id = ?")
      .get(dayId) as { body: string };
    return JSON.parse(row.body) as { lateVoids: string[] };
  }

  it('keeps a refund in the drawer of the day it was paid on when an earlier, forgotten day is closed after it', async () => {
    const t = await started();
    const d0 = tehranWallTime(t.core.now()).isoDate;
    const refunded = await sell(t, 'waste-fee', 'cash');
    await closeDayCounted(t, d0);
    // The next day sells, but no one opens or closes it.
    const d1 = await nextDay(t);
    const forgotten = await sell(t, 'waste-fee', 'cash');
    // The day after, the first day's sale is refunded from today's drawer.
    const d2 = await nextDay(t);
    const today = await openToday(t, '0');
    expect(today.businessDate).toBe(d2);
    expect(
      (await t.call('transactions.void', { id: refunded.id, ...managerApproval('مبلغ اشتباه بود') })).ok,
    ).toBe(true);
    const lateVoid = { count: 1, cash: refunded.cash, card: 0, total: refunded.total };
    expect((await detail(t, today.id)).reconciliation).toMatchObject({
      lateVoids: lateVoid,
      expectedCash: -refunded.cash,
    });

    // The manager opens the forgotten day to close its sale: it does not take today's refund,
    // and while both days are open only today's books count it.
    const opened = await t.call('day.open', { businessDate: d1, openingFloat: '0' });
    if (!opened.ok) throw new Error(opened.error.code);
    const earlier = await detail(t, opened.value.id);
    expect(earlier.reconciliation.lateVoids.count).toBe(0);
    expect(earlier.reconciliation.expectedCash).toBe(forgotten.cash);
    expect(earlier.voids).toEqual([]);
    expect((await detail(t, today.id)).reconciliation.lateVoids).toEqual(lateVoid);
    const signed = await closeDayCounted(t, d1);
    expect(signed.lateVoids.count).toBe(0);
    expect(signed.expectedCash).toBe(forgotten.cash);
    expect(settlementOf(t, opened.value.id).lateVoids).toEqual([]);

    // Today still has it, and its close takes it and tells the municipality so.
    const after = await detail(t, today.id);
    expect(after.reconciliation).toMatchObject({ lateVoids: lateVoid, expectedCash: -refunded.cash });
    expect(after.voids).toEqual([
      { trackingCode: expect.any(String), total: refunded.total, reason: 'مبلغ اشتباه بود', late: true },
    ]);
    expect((await closeDayCounted(t, d2)).lateVoids).toEqual(lateVoid);
    expect(settlementOf(t, today.id).lateVoids).toEqual([refunded.id]);
    expect((await detail(t, (await dayOf(t, d1)).id)).reconciliation.lateVoids.count).toBe(0);
    await t.close();
  });

  it('lets an earlier day with no sales be opened to close a refund paid on it, and no other day takes it', async () => {
    const t = await started();
    const d0 = tehranWallTime(t.core.now()).isoDate;
    const refunded = await sell(t, 'waste-fee', 'cash');
    await closeDayCounted(t, d0);
    // The next day nothing is sold and no day is opened, but the first day's sale is refunded.
    const d1 = await nextDay(t);
    expect(
      (await t.call('transactions.void', { id: refunded.id, ...managerApproval('شهروند منصرف شد') })).ok,
    ).toBe(true);
    const d2 = await nextDay(t);
    const sold = await sell(t, 'waste-fee', 'cash');
    const overview = await t.call('day.overview', {});
    expect(overview).toMatchObject({ ok: true, value: { businessDate: d2, unopenedDates: [d2, d1] } });
    // Today's close does not take a refund paid from another day's drawer.
    const todays = await closeDayCounted(t, d2);
    expect(todays.lateVoids.count).toBe(0);
    expect(todays.expectedCash).toBe(sold.cash);
    const signed = await closeDayCounted(t, d1);
    expect(signed.lateVoids).toEqual({ count: 1, cash: refunded.cash, card: 0, total: refunded.total });
    expect(settlementOf(t, (await dayOf(t, d1)).id).lateVoids).toEqual([refunded.id]);
    // An earlier day with neither sales nor refunds still cannot be opened.
    const before = tehranWallTime(t.core.now() - 4 * DAY).isoDate;
    expect(await t.call('day.open', { businessDate: before, openingFloat: '0' })).toMatchObject({
      ok: false,
      error: { code: 'day_without_sales' },
    });
    await t.close();
  });

  it('books a void the feed brings on the day this counter recorded it, not on a day worked later', async () => {
    const t = await started();
    const d0 = tehranWallTime(t.core.now()).isoDate;
    const refunded = await sell(t, 'waste-fee', 'cash');
    await closeDayCounted(t, d0);
    // The next day the feed brings back a void this (restored) database lacked; no day is open.
    const d1 = await nextDay(t);
    const applied = t.core.db.transaction(() =>
      applyPulledChange(t.core, {
        type: 'status',
        seq: 1,
        transactionId: refunded.id,
        trackingCode: 'x',
        status: 'voided',
        reason: 'شهروند منصرف شد',
        actor: MANAGER.username,
        at: t.core.now(),
      }),
    )();
    expect(applied).toBe('status');
    // The day after, today's books do not take it; the day it was recorded on does.
    const d2 = await nextDay(t);
    await sell(t, 'waste-fee', 'cash');
    const today = await openToday(t, '0');
    expect(today.businessDate).toBe(d2);
    expect((await detail(t, today.id)).reconciliation.lateVoids.count).toBe(0);
    const overview = await t.call('day.overview', {});
    expect(overview).toMatchObject({ ok: true, value: { unopenedDates: [d1] } });
    expect((await closeDayCounted(t, d2)).lateVoids.count).toBe(0);
    expect((await closeDayCounted(t, d1)).lateVoids).toEqual({
      count: 1,
      cash: refunded.cash,
      card: 0,
      total: refunded.total,
    });
    expect(settlementOf(t, (await dayOf(t, d1)).id).lateVoids).toEqual([refunded.id]);
    await t.close();
  });

  it('counts a void the feed brought back, with no date, on the day being worked, not on an earlier one', async () => {
    const t = await started();
    const d0 = tehranWallTime(t.core.now()).isoDate;
    const refunded = await sell(t, 'waste-fee', 'cash');
    await closeDayCounted(t, d0);
    const d1 = await nextDay(t);
    await sell(t, 'waste-fee', 'cash');
    await nextDay(t);
    const today = await openToday(t, '0');
    // As sync/pull.ts recorded a void the restored database lacked, before it dated them.
    t.core.db
      .prepare(
        `INSERT INTO voids (transaction_id, kind, reason, at, source, recorded_approver)
         VALUES (?, 'void', 'شهروند منصرف شد', ?, 'municipality', ?)`,
      )
      .run(refunded.id, t.core.now(), MANAGER.username);
    const opened = await t.call('day.open', { businessDate: d1, openingFloat: '0' });
    if (!opened.ok) throw new Error(opened.error.code);
    expect((await detail(t, opened.value.id)).reconciliation.lateVoids.count).toBe(0);
    expect((await detail(t, today.id)).reconciliation.lateVoids.count).toBe(1);
    expect((await closeDayCounted(t, d1)).lateVoids.count).toBe(0);
    expect((await closeDayCounted(t, today.businessDate)).lateVoids.count).toBe(1);
    expect(settlementOf(t, today.id).lateVoids).toEqual([refunded.id]);
    await t.close();
  });
});
