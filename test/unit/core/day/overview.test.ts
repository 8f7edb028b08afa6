import { describe, expect, it } from 'vitest';
import { tehranWallTime } from '../../../../shared/jalali';
import { MANAGER, managerApproval, setUpOffice, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { closeDayCounted, sell } from './support';

const DAY = 24 * 60 * 60 * 1000;

async function overview(t: TestCore) {
  const r = await t.call('day.overview', {});
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

/** The clock moved on by `days`; the manager's screen, locked meanwhile, unlocked. */
async function later(t: TestCore, days: number): Promise<string> {
  t.advance(days * DAY);
  await t.call('session.unlock', { password: MANAGER.password });
  return tehranWallTime(t.core.now()).isoDate;
}

describe("the manager's day overview: no day with sales or refunds is left out", () => {
  const tempDir = useTempDirs();

  async function started(): Promise<TestCore> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    return t;
  }

  it('lists a day with sales never opened, however long ago, and lets it be opened and closed', async () => {
    const t = await started();
    const forgotten = tehranWallTime(t.core.now()).isoDate;
    await sell(t, 'waste-fee', 'cash');
    // The office was shut for three months; then it sells again.
    const today = await later(t, 90);
    await sell(t, 'waste-fee', 'cash');
    expect(await overview(t)).toMatchObject({ businessDate: today, unopenedDates: [today, forgotten] });
    // A year on, with nothing sold since, it is still there to close.
    const nextYear = await later(t, 365);
    expect(await overview(t)).toMatchObject({ businessDate: nextYear, unopenedDates: [today, forgotten] });
    await closeDayCounted(t, forgotten);
    const after = await overview(t);
    expect(after.unopenedDates).toEqual([today]);
    expect(after.days).toMatchObject([{ businessDate: forgotten, state: 'closed' }]);
    await t.close();
  });

  it("lists a refund paid from a day never opened, long after the sale's day closed", async () => {
    const t = await started();
    const sold = tehranWallTime(t.core.now()).isoDate;
    const sale = await sell(t, 'waste-fee', 'cash');
    await closeDayCounted(t, sold);
    const refundedOn = await later(t, 1);
    const voided = await t.call('transactions.void', { id: sale.id, ...managerApproval('شهروند منصرف شد') });
    expect(voided.ok).toBe(true);
    await later(t, 75);
    expect((await overview(t)).unopenedDates).toEqual([refundedOn]);
    expect((await closeDayCounted(t, refundedOn)).lateVoids).toMatchObject({ count: 1, cash: sale.cash });
    expect((await overview(t)).unopenedDates).toEqual([]);
    await t.close();
  });

  it('lists every day left open, however many, before the recent closed ones', async () => {
    const t = await started();
    const dates: string[] = [];
    // Twenty days, each with a sale and opened, none closed.
    for (let i = 0; i < 20; i += 1) {
      dates.push(i === 0 ? tehranWallTime(t.core.now()).isoDate : await later(t, 1));
      await sell(t, 'waste-fee', 'cash');
      expect((await t.call('day.open', { businessDate: dates[i] ?? '', openingFloat: '0' })).ok).toBe(true);
    }
    const open = (await overview(t)).days;
    expect(open.map((d) => d.businessDate)).toEqual([...dates].reverse());
    expect(open.every((d) => d.state === 'open')).toBe(true);
    // Once the oldest three are closed, the seventeen still open come first, then the closed ones.
    for (const date of dates.slice(0, 3)) await closeDayCounted(t, date);
    const mixed = (await overview(t)).days;
    expect(mixed.map((d) => [d.businessDate, d.state])).toEqual([
      ...dates
        .slice(3)
        .reverse()
        .map((d) => [d, 'open']),
      ...dates
        .slice(0, 3)
        .reverse()
        .map((d) => [d, 'closed']),
    ]);
    await t.close();
  });
});
