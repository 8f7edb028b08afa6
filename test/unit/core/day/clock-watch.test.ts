import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clockOffsetMs } from '../../../../electron/core/day/business-date';
import {
  CLOCK_CHANGE_TOLERANCE_MS,
  CLOCK_CHECK_INTERVAL_MS,
  judgeClockStep,
  type ClockReading,
} from '../../../../electron/core/day/clock-watch';
import { createSyncEngine, FileKeyStore, type FetchLike } from '../../../../electron/core/sync';
import {
  exportPrivateKey,
  generateTerminalKeyPair,
  publicKeyBase64,
} from '../../../../electron/core/sync/keys';
import { insertIdentity, readSyncState, storeClockOffset } from '../../../../electron/core/sync/state';
import { SERVER_TIME_HEADER } from '../../../../shared/sync/signing';
import { tehranWallTime } from '../../../../shared/jalali';
import { MANAGER, newPc, setUpOffice, startCore, type PcClocks, type TestCore } from '../../../support/core';
import { enrolled } from '../../../support/enrolled';
import { useTempDirs } from '../../../support/tempdir';
import { closeDayCounted, sell } from './support';
import { newTransaction } from '../../../support/transactions';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const START: ClockReading = { wall: 1_764_300_000_000, monotonic: 1_000, boot: 50_000 };

/** `wall`, `monotonic` and `boot` ms later than START. */
function later(wall: number, monotonic: number, boot: number): ClockReading {
  return { wall: START.wall + wall, monotonic: START.monotonic + monotonic, boot: START.boot + boot };
}

describe('judging what happened to the PC clock between two looks', () => {
  it('takes a difference within the tolerance for no change', () => {
    expect(judgeClockStep(START, later(10_000 + 4_000, 10_000, 10_000), false)).toEqual({ kind: 'steady' });
    expect(judgeClockStep(START, later(10_000 - 4_000, 10_000, 10_000), false)).toEqual({ kind: 'steady' });
  });

  it('takes a clock behind the monotonic one for a clock put back, even across a reported sleep', () => {
    expect(judgeClockStep(START, later(-2 * HOUR, 0, 0), false)).toEqual({
      kind: 'set',
      changeMs: -2 * HOUR,
    });
    expect(judgeClockStep(START, later(-2 * HOUR, 0, 0), true)).toEqual({ kind: 'set', changeMs: -2 * HOUR });
  });

  it('never corrects a forward gap across a reported suspend, whatever the boot clock says', () => {
    expect(judgeClockStep(START, later(8 * HOUR, 0, 8 * HOUR), true)).toEqual({ kind: 'slept' });
    expect(judgeClockStep(START, later(8 * HOUR, 0, 0), true)).toEqual({ kind: 'slept' });
  });

  it('tells an unreported sleep from a clock put ahead by the boot clock, which counts the time asleep', () => {
    expect(judgeClockStep(START, later(8 * HOUR, 0, 8 * HOUR), false)).toEqual({ kind: 'slept' });
    // Whole seconds on Windows: a second off is still sleep.
    expect(judgeClockStep(START, later(8 * HOUR, 0, 8 * HOUR - 1_000), false)).toEqual({ kind: 'slept' });
    expect(judgeClockStep(START, later(2 * HOUR, 0, 0), false)).toEqual({ kind: 'set', changeMs: 2 * HOUR });
    // Slept 8 hours unreported, then put an hour ahead before the first look: the hour.
    expect(judgeClockStep(START, later(9 * HOUR, 0, 8 * HOUR), false)).toEqual({
      kind: 'set',
      changeMs: HOUR,
    });
  });

  it('finds exactly the change whatever the sleep and time passing around it (property)', () => {
    const big = fc.integer({ min: CLOCK_CHANGE_TOLERANCE_MS + 1_001, max: 30 * 24 * HOUR });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 * HOUR }),
        fc.integer({ min: 0, max: 3 * 24 * HOUR }),
        fc.oneof(
          big,
          big.map((ms) => -ms),
          fc.constant(0),
        ),
        (awake, asleep, change) => {
          const step = judgeClockStep(START, later(awake + asleep + change, awake, awake + asleep), false);
          const byMonotonic = asleep + change;
          if (change === 0) expect(step.kind).not.toBe('set');
          else if (change > 0) expect(step).toEqual({ kind: 'set', changeMs: change });
          // Put back more than it slept: put back at least that much, which is what is corrected.
          else if (byMonotonic < -CLOCK_CHANGE_TOLERANCE_MS)
            expect(step).toEqual({ kind: 'set', changeMs: byMonotonic });
          else if (byMonotonic > CLOCK_CHANGE_TOLERANCE_MS)
            expect(step).toEqual({ kind: 'set', changeMs: change });
          else expect(step).toEqual({ kind: 'steady' });
        },
      ),
    );
  });
});

/** The municipality's clock, as the counter keeps it. */
function municipal(t: TestCore): ReturnType<typeof tehranWallTime> {
  return tehranWallTime(t.core.now() + clockOffsetMs(t.core));
}

/** Time passes until `hour`:`minute` in Tehran by the municipality's clock (tomorrow if past). */
async function passUntil(t: TestCore, hour: number, minute: number): Promise<void> {
  const now = municipal(t);
  const wait = (hour * 60 + minute - (now.hour * 60 + now.minute) + 24 * 60) % (24 * 60);
  t.advance(wait * MINUTE);
  await unlock(t);
}

async function unlock(t: TestCore): Promise<void> {
  await t.call('session.unlock', { password: MANAGER.password });
}

async function businessDateOf(t: TestCore, id: string): Promise<string> {
  const r = await t.call('transactions.get', { id });
  if (!r.ok) throw new Error(r.error.code);
  return r.value.businessDate;
}

function clockEntries(t: TestCore): unknown[] {
  return (
    t.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'pc_clock_changed' ORDER BY seq")
      .all() as {
      details: string;
    }[]
  ).map((row) => JSON.parse(row.details));
}

describe("a change of the PC's clock while the counter is offline", () => {
  const tempDir = useTempDirs();

  afterEach(() => {
    vi.useRealTimers();
  });

  it('put back 2 hours just after midnight: the sales stay on today, and today closes', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    enrolled(t, 0);
    await passUntil(t, 0, 10);
    const today = municipal(t).isoDate;
    const first = await sell(t, 'waste-fee', 'cash');
    expect(await businessDateOf(t, first.id)).toBe(today);

    // The PC now says 22:10 yesterday; the municipality's clock still says 00:10 today.
    t.setPcClock(-2 * HOUR);
    await unlock(t);
    expect(tehranWallTime(t.core.now()).isoDate < today).toBe(true);
    const second = await sell(t, 'waste-fee', 'cash');
    expect(await businessDateOf(t, second.id)).toBe(today);
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(2 * HOUR);
    expect((await closeDayCounted(t, today)).expectedCash).toBe(first.cash + second.cash);
    // Recorded once for the manager, with what it did to the offset.
    expect(clockEntries(t)).toEqual([
      { changeMs: -2 * HOUR, offsetBeforeMs: 0, offsetAfterMs: 2 * HOUR, corrected: true },
    ]);
    await t.close();
  });

  it('set right after running 2 hours behind: no evening sale is dated tomorrow, also after a restart', async () => {
    const dataDir = tempDir();
    const t = startCore(dataDir);
    await setUpOffice(t);
    // The sync measured the PC 2 hours behind the municipality.
    enrolled(t, 2 * HOUR);
    await passUntil(t, 21, 0);
    const today = municipal(t).isoDate;
    // The manager puts the PC's clock right: 21:00 by it too.
    t.setPcClock(2 * HOUR);
    t.advance(90 * MINUTE);
    await unlock(t);
    expect(tehranWallTime(t.core.now())).toMatchObject({ isoDate: today, hour: 22, minute: 30 });
    const sale = await sell(t, 'waste-fee', 'cash');
    expect(await businessDateOf(t, sale.id)).toBe(today);
    const overview = await t.call('day.overview', {});
    expect(overview.ok && overview.value.businessDate).toBe(today);
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(0);
    const pcNow = t.core.now();
    await t.close();

    // Stored, so the app started again keeps it.
    const again = startCore(dataDir, { now: () => pcNow });
    const login = await again.call('session.login', {
      username: MANAGER.username,
      password: MANAGER.password,
    });
    expect(login.ok).toBe(true);
    expect(await businessDateOf(again, (await sell(again, 'waste-fee', 'cash')).id)).toBe(today);
    expect(readSyncState(again.core.db).clockOffsetMs).toBe(0);
    await again.close();
  });

  it('takes no night asleep (suspend and resume reported) for a change: the morning sales are dated the morning', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    enrolled(t, 2 * HOUR);
    await passUntil(t, 17, 0);
    const evening = municipal(t).isoDate;
    await sell(t, 'waste-fee', 'cash');
    t.core.clockWatch.suspend();
    t.sleep(15 * HOUR);
    // A sale the moment the PC wakes, before the resume has reached the core.
    await unlock(t);
    const early = await sell(t, 'waste-fee', 'cash');
    const morning = municipal(t);
    expect(morning).toMatchObject({ hour: 8, minute: 0 });
    expect(morning.isoDate > evening).toBe(true);
    expect(await businessDateOf(t, early.id)).toBe(morning.isoDate);
    t.core.clockWatch.resume();
    const later = await sell(t, 'waste-fee', 'cash');
    expect(await businessDateOf(t, later.id)).toBe(morning.isoDate);
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(2 * HOUR);
    expect(clockEntries(t)).toEqual([]);
    await t.close();
  });

  it('takes a sleep no one reported for a sleep, by the boot clock, and a clock put ahead then for the change', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    enrolled(t, 0);
    await passUntil(t, 17, 0);
    t.sleep(8 * HOUR);
    await unlock(t);
    const sale = await sell(t, 'waste-fee', 'cash');
    expect(municipal(t)).toMatchObject({ hour: 1, minute: 0 });
    expect(await businessDateOf(t, sale.id)).toBe(municipal(t).isoDate);
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(0);
    t.setPcClock(HOUR);
    expect(clockOffsetMs(t.core)).toBe(-HOUR);
    expect(municipal(t)).toMatchObject({ hour: 1, minute: 0 });
    expect(clockEntries(t)).toEqual([
      { changeMs: HOUR, offsetBeforeMs: 0, offsetAfterMs: -HOUR, corrected: true },
    ]);
    await t.close();
  });

  it('follows the PC clock of a terminal no sync has measured, and records that it was set', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    t.setPcClock(-3 * HOUR);
    expect(clockOffsetMs(t.core)).toBe(0);
    expect(clockEntries(t)).toEqual([
      { changeMs: -3 * HOUR, offsetBeforeMs: 0, offsetAfterMs: 0, corrected: false },
    ]);
    await t.close();
  });

  it('answers a read inside a transaction with the change, and records it once outside, not in a rollback', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    enrolled(t, 0);
    t.setPcClock(-2 * HOUR);
    expect(() =>
      t.core.db.transaction(() => {
        expect(clockOffsetMs(t.core)).toBe(2 * HOUR);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(clockEntries(t)).toEqual([]);
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(0);
    expect(clockOffsetMs(t.core)).toBe(2 * HOUR);
    expect(clockOffsetMs(t.core)).toBe(2 * HOUR);
    expect(clockEntries(t)).toHaveLength(1);
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(2 * HOUR);
    await t.close();
  });

  it('notices a change on an idle counter by itself, within its interval', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const t = startCore(tempDir());
    await setUpOffice(t);
    enrolled(t, 0);
    t.setPcClock(-2 * HOUR);
    vi.advanceTimersByTime(CLOCK_CHECK_INTERVAL_MS);
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(2 * HOUR);
    expect(clockEntries(t)).toHaveLength(1);
    await t.close();
  });

  it('records a change made just before a reported suspend instead of losing it in the sleep', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    enrolled(t, 2 * HOUR);
    t.setPcClock(2 * HOUR);
    t.core.clockWatch.suspend();
    t.sleep(10 * HOUR);
    t.core.clockWatch.resume();
    expect(clockOffsetMs(t.core)).toBe(0);
    expect(clockEntries(t)).toHaveLength(1);
    await t.close();
  });
});

async function login(t: TestCore): Promise<void> {
  const r = await t.call('session.login', { username: MANAGER.username, password: MANAGER.password });
  expect(r.ok).toBe(true);
}

describe('the offset after a restart: trusted for corrections only while it fits the PC clock it was measured on', () => {
  const tempDir = useTempDirs();

  it('a PC that came up a day behind (flat CMOS battery) and is put right: the sales are dated today, not yesterday', async () => {
    const dataDir = tempDir();
    const pc = newPc();
    const t = startCore(dataDir, { pc });
    await setUpOffice(t);
    // Yesterday evening, clock right: a sync measured the municipality 30 s ahead.
    enrolled(t, 30_000);
    await passUntil(t, 17, 0);
    await t.close();

    // The next morning, another boot: the PC's clock came up a day behind.
    const truth = pc.wall + 15 * HOUR;
    const nextBoot: PcClocks = { wall: truth - DAY, monotonic: 0, boot: 60_000 };
    const again = startCore(dataDir, { pc: nextBoot });
    const today = tehranWallTime(truth).isoDate;
    expect(municipal(again).isoDate < today).toBe(true);
    // The operator sees yesterday's date and puts the clock right.
    again.setPcClock(DAY);
    again.advance(10_000);
    expect(municipal(again)).toMatchObject({ isoDate: today, hour: 8, minute: 0 });
    await login(again);
    const sale = await sell(again, 'waste-fee', 'cash');
    expect(await businessDateOf(again, sale.id)).toBe(today);
    expect(readSyncState(again.core.db).clockOffsetMs).toBe(30_000);
    expect(clockEntries(again)).toEqual([
      { changeMs: DAY, offsetBeforeMs: 30_000, offsetAfterMs: 30_000, corrected: false },
    ]);

    // The next sync's measurement is trusted again: a change after it is corrected.
    storeClockOffset(again.core.db, 30_000);
    again.core.clockWatch.measured();
    again.setPcClock(-2 * HOUR);
    expect(municipal(again)).toMatchObject({ isoDate: today, hour: 8, minute: 0 });
    expect(clockEntries(again)[1]).toEqual({
      changeMs: -2 * HOUR,
      offsetBeforeMs: 30_000,
      offsetAfterMs: 30_000 + 2 * HOUR,
      corrected: true,
    });
    await again.close();
  });

  it('a restart within the same boot, the clock unset (a time service’s few seconds aside): a change after it is still corrected', async () => {
    const dataDir = tempDir();
    const pc = newPc();
    const t = startCore(dataDir, { pc });
    await setUpOffice(t);
    enrolled(t, 2 * HOUR);
    t.advance(HOUR);
    // Stepped by a time service, too little to count as a change.
    t.setPcClock(3_000);
    await t.close();

    // The app started again an hour later, in a new process (its monotonic clock starts over).
    pc.monotonic = 0;
    pc.wall += HOUR;
    pc.boot += HOUR;
    const again = startCore(dataDir, { pc });
    await login(again);
    const before = municipal(again);
    again.setPcClock(-2 * HOUR);
    expect(municipal(again)).toEqual(before);
    expect(readSyncState(again.core.db).clockOffsetMs).toBe(4 * HOUR);
    expect(clockEntries(again)).toEqual([
      { changeMs: -2 * HOUR, offsetBeforeMs: 2 * HOUR, offsetAfterMs: 4 * HOUR, corrected: true },
    ]);
    await again.close();
  });

  it('a correction carries the trust with it: after a restart in the same boot, putting the clock back right is corrected too', async () => {
    const dataDir = tempDir();
    const pc = newPc();
    const t = startCore(dataDir, { pc });
    await setUpOffice(t);
    enrolled(t, 0);
    t.setPcClock(-2 * HOUR);
    expect(clockOffsetMs(t.core)).toBe(2 * HOUR);
    const kept = municipal(t);
    await t.close();

    pc.monotonic = 0;
    const again = startCore(dataDir, { pc });
    again.setPcClock(2 * HOUR);
    expect(clockOffsetMs(again.core)).toBe(0);
    expect(municipal(again)).toEqual(kept);
    expect(clockEntries(again)).toEqual([
      { changeMs: -2 * HOUR, offsetBeforeMs: 0, offsetAfterMs: 2 * HOUR, corrected: true },
      { changeMs: 2 * HOUR, offsetBeforeMs: 2 * HOUR, offsetAfterMs: 0, corrected: true },
    ]);
    await again.close();
  });

  it('a VM restored from a saved state (its boot clock did not count the pause, its clock was stepped on): a change after the restart is followed', async () => {
    const dataDir = tempDir();
    const pc = newPc();
    const t = startCore(dataDir, { pc });
    await setUpOffice(t);
    enrolled(t, 2 * HOUR);
    await t.close();

    // Saved, restored three days later; the guest's clock stepped to the host's before the app
    // started, while the time since boot goes on from the save.
    pc.wall += 3 * DAY;
    pc.monotonic = 0;
    const again = startCore(dataDir, { pc });
    again.setPcClock(-3 * HOUR);
    expect(clockOffsetMs(again.core)).toBe(2 * HOUR);
    expect(clockEntries(again)).toEqual([
      { changeMs: -3 * HOUR, offsetBeforeMs: 2 * HOUR, offsetAfterMs: 2 * HOUR, corrected: false },
    ]);
    await again.close();
  });

  it('a database restored or copied from elsewhere: its offset fits no clock here, a change is followed', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    enrolled(t, 2 * HOUR);
    // The boot moment stored with it is another PC's (or another boot's).
    t.core.db
      .prepare("UPDATE settings SET value = ? WHERE key = 'clockOffsetBootMoment'")
      .run(JSON.stringify(t.core.now() - 10 * DAY));
    t.setPcClock(-2 * HOUR);
    expect(clockOffsetMs(t.core)).toBe(2 * HOUR);
    expect(clockEntries(t)).toEqual([
      { changeMs: -2 * HOUR, offsetBeforeMs: 2 * HOUR, offsetAfterMs: 2 * HOUR, corrected: false },
    ]);
    await t.close();
  });
});

describe("a sync's measurement of the municipality's clock taken while the PC's clock was set", () => {
  const tempDir = useTempDirs();

  it('is left out, so the correction stands, and the next measurement is taken', async () => {
    const dataDir = tempDir();
    const t = startCore(dataDir);
    await setUpOffice(t);
    const pair = generateTerminalKeyPair();
    const keyStore = new FileKeyStore(`${dataDir}/keys`);
    const keyRef = await keyStore.save(exportPrivateKey(pair.privateKey));
    insertIdentity(t.core.db, {
      serverUrl: 'http://127.0.0.1:1',
      terminalId: '00000000-0000-4000-8000-000000000001',
      terminalNumber: 2,
      officeCode: '1234',
      officeName: 'دفتر پیشخوان ۱۲',
      municipality: 'شهرداری نمونه',
      publicKey: publicKeyBase64(pair.privateKey),
      keyRef,
      enrolledAt: t.core.now(),
    });
    // The municipality's clock is 2 hours ahead of this PC's, as measured.
    storeClockOffset(t.core.db, 2 * HOUR);
    t.core.clockWatch.measured();
    const municipalNow = () => t.core.now() + 2 * HOUR - pcSet;
    let pcSet = 0;
    let setDuringRoundTrip = true;
    const fetch: FetchLike = async () => {
      if (!setDuringRoundTrip) throw new TypeError('fetch failed');
      // A second on the way out; the manager puts the PC's clock right meanwhile; a second back.
      t.advance(1_000);
      const server = municipalNow();
      t.setPcClock(2 * HOUR);
      pcSet = 2 * HOUR;
      t.advance(1_000);
      setDuringRoundTrip = false;
      return new Response('{}', { status: 503, headers: { [SERVER_TIME_HEADER]: String(server + 1_000) } });
    };
    const engine = createSyncEngine(t.core, { keyStore, fetch, timeoutMs: 10_000 });
    expect(await engine.syncNow()).toMatchObject({ ok: false });
    // The watch's correction, not the measurement off by half the change (1 hour).
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(0);
    expect(clockEntries(t)).toEqual([
      { changeMs: 2 * HOUR, offsetBeforeMs: 2 * HOUR, offsetAfterMs: 0, corrected: true },
    ]);

    // A minute on, an answer measures again, and it stands.
    t.advance(MINUTE);
    const measuring: FetchLike = async () => {
      t.advance(500);
      const server = municipalNow() + 7_000;
      t.advance(500);
      return new Response('{}', { status: 503, headers: { [SERVER_TIME_HEADER]: String(server) } });
    };
    const next = createSyncEngine(t.core, { keyStore, fetch: measuring, timeoutMs: 10_000 });
    await next.syncNow();
    expect(readSyncState(t.core.db).clockOffsetMs).toBe(7_000);
    await engine.stop();
    await next.stop();
    await t.close();
  });
});

describe("a PC's clock behind the last sale's date while no sync has measured it", () => {
  const tempDir = useTempDirs();

  function transactions(t: TestCore): number {
    return (t.core.db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
  }

  it('set back 40 days while the app was closed: the sale is refused, not priced 40 days ago, until a sync measures', async () => {
    const dataDir = tempDir();
    const pc = newPc();
    const t = startCore(dataDir, { pc });
    await setUpOffice(t);
    enrolled(t, 0);
    const today = municipal(t).isoDate;
    await sell(t, 'waste-fee', 'cash');
    await t.close();

    // Someone sets the clock back 40 days while the app is closed; the same boot goes on.
    pc.wall -= 40 * DAY;
    pc.monotonic += MINUTE;
    pc.boot += MINUTE;
    const again = startCore(dataDir, { pc });
    await login(again);
    const refused = await again.call(
      'transactions.create',
      newTransaction('waste-fee', [{ method: 'cash', amount: 1, tendered: 1 }]),
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'clock_behind_last_sale', details: { lastSaleDate: today } },
    });
    expect(refused.ok || (refused.error.details['date'] as string) < today).toBe(true);
    expect(transactions(again)).toBe(1);

    // The next sync measures the municipality's clock 40 days ahead of the PC's: priced today.
    storeClockOffset(again.core.db, 40 * DAY);
    again.core.clockWatch.measured();
    const sale = await sell(again, 'waste-fee', 'cash');
    expect(await businessDateOf(again, sale.id)).toBe(today);
    await again.close();
  });

  it('put right after a day it ran ahead before any sync: a sync that measured it lets the sales go on at once', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    // Never synced: the PC's clock, a day ahead, is all there is.
    t.setPcClock(DAY);
    const ahead = municipal(t).isoDate;
    await unlock(t);
    await sell(t, 'waste-fee', 'cash');
    // The first sync measures the municipality a day behind the PC.
    enrolled(t, -DAY);
    const today = municipal(t).isoDate;
    expect(today < ahead).toBe(true);
    const sale = await sell(t, 'waste-fee', 'cash');
    expect(await businessDateOf(t, sale.id)).toBe(today);
    await t.close();
  });

  it('never synced, a day ahead, put right while the app runs: followed, the sale is priced today', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const today = municipal(t).isoDate;
    t.setPcClock(DAY);
    await unlock(t);
    await sell(t, 'waste-fee', 'cash');
    // The operator sees tomorrow's date and puts the clock right; the watch records it.
    t.setPcClock(-DAY);
    await unlock(t);
    const sale = await sell(t, 'waste-fee', 'cash');
    expect(await businessDateOf(t, sale.id)).toBe(today);
    expect(clockEntries(t)).toHaveLength(2);
    await t.close();
  });

  it('measured 3 days ahead, put right while the app was closed: the stale offset is dropped, the sale priced today', async () => {
    const dataDir = tempDir();
    const pc = newPc();
    const t = startCore(dataDir, { pc });
    await setUpOffice(t);
    // The PC runs 3 days ahead; a sync measured it.
    t.setPcClock(3 * DAY);
    enrolled(t, -3 * DAY);
    await unlock(t);
    const today = municipal(t).isoDate;
    await sell(t, 'waste-fee', 'cash');
    await t.close();

    // Windows is put right while the app is closed, the same boot going on.
    pc.wall -= 3 * DAY;
    pc.monotonic += MINUTE;
    pc.boot += MINUTE;
    const again = startCore(dataDir, { pc });
    await login(again);
    const sale = await sell(again, 'waste-fee', 'cash');
    expect(await businessDateOf(again, sale.id)).toBe(today);
    expect(readSyncState(again.core.db).clockOffsetMs).toBe(0);
    const dropped = again.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'clock_offset_dropped'")
      .all() as { details: string }[];
    expect(dropped.map((r) => JSON.parse(r.details))).toEqual([
      { offsetBeforeMs: -3 * DAY, lastSaleDate: today, pcDate: today },
    ]);
    await again.close();
  });

  it('a clock set back within the same day prices and sells as before', async () => {
    const dataDir = tempDir();
    const pc = newPc();
    const t = startCore(dataDir, { pc });
    await setUpOffice(t);
    await passUntil(t, 18, 0);
    const today = municipal(t).isoDate;
    await sell(t, 'waste-fee', 'cash');
    await t.close();
    pc.wall -= 3 * HOUR;
    const again = startCore(dataDir, { pc });
    await login(again);
    expect(await businessDateOf(again, (await sell(again, 'waste-fee', 'cash')).id)).toBe(today);
    await again.close();
  });
});
