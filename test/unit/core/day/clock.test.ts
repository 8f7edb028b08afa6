import { describe, expect, it } from 'vitest';
import sampleCatalog from '../../../../resources/catalog/sample-catalog.json';
import { applyCatalog } from '../../../../electron/core/catalog/catalog';
import { storeClockOffset } from '../../../../electron/core/sync/state';
import { catalogSchema } from '../../../../shared/catalog/schema';
import { tariffFor } from '../../../../shared/catalog/tariff';
import { checkFieldValues } from '../../../../shared/counter/field-values';
import { evaluateFee } from '../../../../shared/fees';
import { tehranWallTime } from '../../../../shared/jalali';
import { newTransaction, SAMPLE_FIELDS } from '../../../support/transactions';
import { MANAGER, setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { closeDayCounted, sell } from './support';

const DAY = 24 * 60 * 60 * 1000;

async function businessDateOf(t: TestCore, id: string): Promise<string> {
  const r = await t.call('transactions.get', { id });
  if (!r.ok) throw new Error(r.error.code);
  return r.value.businessDate;
}

async function overviewDate(t: TestCore): Promise<string> {
  const r = await t.call('day.overview', {});
  if (!r.ok) throw new Error(r.error.code);
  return r.value.businessDate;
}

async function closeInput(t: TestCore, dayId: string) {
  const detail = await t.call('day.detail', { dayId });
  if (!detail.ok) throw new Error(detail.error.code);
  return {
    dayId,
    fingerprint: detail.value.fingerprint,
    countedCash: String(Math.max(0, detail.value.reconciliation.expectedCash)),
    cardSlipTotal: String(Math.max(0, detail.value.reconciliation.expectedCard)),
    cashNote: '',
    cardNote: '',
    password: MANAGER.password,
  };
}

/** The clock moves (a day passes, or someone sets the PC's clock); the manager unlocks again. */
async function moveClock(t: TestCore, ms: number): Promise<string> {
  t.advance(ms);
  await t.call('session.unlock', { password: MANAGER.password });
  return tehranWallTime(t.core.now()).isoDate;
}

describe("a day that has not come yet by the municipality's clock", () => {
  const tempDir = useTempDirs();

  it('is neither opened nor closed while the PC clock runs a day ahead, so later sales keep their date', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const real = tehranWallTime(t.core.now()).isoDate;
    // The PC's clock is set a day ahead; the manager opens "today" before any sync ran.
    const ahead = await moveClock(t, DAY);
    expect(ahead > real).toBe(true);
    const opened = await t.call('day.open', { businessDate: ahead, openingFloat: '0' });
    if (!opened.ok) throw new Error(opened.error.code);
    const early = await sell(t, 'waste-fee', 'cash');
    // The sync measures the municipality's clock a day behind this PC's (as the engine stores it).
    storeClockOffset(t.core.db, -DAY);
    t.core.clockWatch.measured();
    const before = snapshot(t.core);
    expect(await t.call('day.close', await closeInput(t, opened.value.id))).toMatchObject({
      ok: false,
      error: { code: 'day_in_future', details: { current: real } },
    });
    expect(snapshot(t.core)).toBe(before);
    // Nor is a future day opened once the difference is known.
    await t.call('session.unlock', { password: MANAGER.password });
    expect(
      await t.call('day.open', {
        businessDate: tehranWallTime(t.core.now() + DAY).isoDate,
        openingFloat: '0',
      }),
    ).toMatchObject({ ok: false, error: { code: 'day_in_future', details: { current: real } } });

    // The clock is put right (and the next sync learns it): sales are dated today, not after a
    // wrongly closed day.
    expect(await moveClock(t, -DAY)).toBe(real);
    storeClockOffset(t.core.db, 0);
    t.core.clockWatch.measured();
    const later = await sell(t, 'waste-fee', 'cash');
    expect(await businessDateOf(t, later.id)).toBe(real);
    expect(await overviewDate(t)).toBe(real);
    await closeDayCounted(t, real);

    // The day sold on while the clock ran ahead closes when it comes, with its sale.
    expect(await moveClock(t, DAY)).toBe(ahead);
    expect(await businessDateOf(t, early.id)).toBe(ahead);
    expect((await closeDayCounted(t, ahead)).expectedCash).toBe(early.cash);
    await t.close();
  });

  it("is judged by the PC's clock before any sync measured the municipality's", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const today = tehranWallTime(t.core.now()).isoDate;
    const tomorrow = tehranWallTime(t.core.now() + DAY).isoDate;
    expect(await t.call('day.open', { businessDate: tomorrow, openingFloat: '0' })).toMatchObject({
      ok: false,
      error: { code: 'day_in_future', details: { current: today } },
    });
    // A PC clock running behind the municipality's: the municipality's today may be opened.
    storeClockOffset(t.core.db, DAY);
    expect(await t.call('day.open', { businessDate: tomorrow, openingFloat: '0' })).toMatchObject({
      ok: true,
    });
    await t.close();
  });

  it("dates tonight's sales by the municipality's today when the PC's clock runs an hour ahead past midnight", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const today = tehranWallTime(t.core.now()).isoDate;
    // 23:30 in Tehran by the municipality's clock; this PC says 00:30 tomorrow, as the sync measured.
    const { hour, minute } = tehranWallTime(t.core.now());
    const pcDate = await moveClock(t, (24 * 60 + 30 - (hour * 60 + minute)) * 60_000);
    expect(pcDate > today).toBe(true);
    storeClockOffset(t.core.db, -60 * 60_000);
    const sale = await sell(t, 'waste-fee', 'cash');
    expect(await businessDateOf(t, sale.id)).toBe(today);
    expect(await overviewDate(t)).toBe(today);
    // The drawer that holds tonight's cash closes today, with it.
    expect((await closeDayCounted(t, today)).expectedCash).toBe(sale.cash);
    await t.close();
  });

  it("prices tonight's sale with the municipality's today's tariff, not the one from the PC's tomorrow", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const today = tehranWallTime(t.core.now()).isoDate;
    const { hour, minute } = tehranWallTime(t.core.now());
    const pcDate = await moveClock(t, (24 * 60 + 30 - (hour * 60 + minute)) * 60_000);
    storeClockOffset(t.core.db, -60 * 60_000);
    // From tomorrow the office's fee for the waste fee doubles.
    const sample = catalogSchema.parse(sampleCatalog);
    const current = tariffFor(sample, 'waste-fee', today);
    if (!current) throw new Error('no waste-fee tariff');
    const next = {
      ...current,
      version: current.version + 1,
      effectiveFrom: pcDate,
      officeFee: 2 * current.officeFee,
    };
    applyCatalog(
      t.core,
      { ...sample, catalogVersion: 'test-tariff-tomorrow', tariffs: [...sample.tariffs, next] },
      'municipality',
    );
    const service = sample.services.find((s) => s.code === 'waste-fee');
    const values = service && checkFieldValues(service, SAMPLE_FIELDS['waste-fee'] ?? {});
    if (!values?.ok) throw new Error('waste-fee fields');
    const fee = evaluateFee(current, values.values, { today });
    if (!fee.ok) throw new Error(fee.error.code);
    const total = fee.value.total;

    const saved = await t.call(
      'transactions.create',
      newTransaction('waste-fee', [{ method: 'cash', amount: total, tendered: total }]),
    );
    if (!saved.ok) throw new Error(`${saved.error.code} ${JSON.stringify(saved.error.details)}`);
    expect(saved.value.total).toBe(total);
    const body = JSON.parse(
      (t.core.db.prepare("SELECT body FROM outbox WHERE kind = 'transaction'").get() as { body: string })
        .body,
    ) as { businessDate: string; officeTotal: number; tariffVersion: number };
    // The date the municipality re-prices it with is the day it is booked on.
    expect(body).toMatchObject({
      businessDate: today,
      officeTotal: current.officeFee,
      tariffVersion: current.version,
    });
    expect(await businessDateOf(t, saved.value.id)).toBe(today);
    await t.close();
  });

  it("after today is closed, today's later sales go to tomorrow, which opens now but closes only once it has come", async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const today = tehranWallTime(t.core.now()).isoDate;
    await sell(t, 'waste-fee', 'cash');
    await closeDayCounted(t, today);
    const late = await sell(t, 'waste-fee', 'cash');
    const tomorrow = await businessDateOf(t, late.id);
    expect(tomorrow > today).toBe(true);
    const opened = await t.call('day.open', { businessDate: tomorrow, openingFloat: '0' });
    if (!opened.ok) throw new Error(opened.error.code);
    const before = snapshot(t.core);
    expect(await t.call('day.close', await closeInput(t, opened.value.id))).toMatchObject({
      ok: false,
      error: { code: 'day_in_future', details: { current: today } },
    });
    expect(snapshot(t.core)).toBe(before);
    // Tonight's next sale still goes to tomorrow, not to the day after.
    expect(await businessDateOf(t, (await sell(t, 'waste-fee', 'cash')).id)).toBe(tomorrow);
    expect(await moveClock(t, DAY)).toBe(tomorrow);
    expect((await closeDayCounted(t, tomorrow)).expectedCash).toBe(2 * late.cash);
    await t.close();
  });
});
