import { expect, it } from 'vitest';
import { clockOffsetMs } from '../../../electron/core/day/business-date';
import { readIdentity, readSyncState } from '../../../electron/core/sync/state';
import { tehranWallTime } from '../../../shared/jalali';
import { MANAGER } from '../../support/core';
import { describeOnEachBackend, openTerminal, type TestTerminalApp } from './fixture';

const DAY = 24 * 60 * 60 * 1000;

function businessDateOf(t: TestTerminalApp, id: string): string {
  return (
    t.core.db.prepare('SELECT business_date AS d FROM transactions WHERE id = ?').get(id) as { d: string }
  ).d;
}

function clockEntries(t: TestTerminalApp): number {
  return (
    t.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'pc_clock_changed'").get() as {
      n: number;
    }
  ).n;
}

/** A day's move of the PC's clock locks the window, as an idle day would. */
async function unlock(t: TestTerminalApp): Promise<void> {
  expect(await t.dispatcher.call('w', 'session.unlock', { password: MANAGER.password })).toMatchObject({
    ok: true,
  });
}

/** Today in Tehran by the real clock, the one the server keeps. */
function realToday(): string {
  return tehranWallTime(Date.now()).isoDate;
}

// The core watches the PC's clock as the app's does, against this process's real monotonic and
// boot clocks: moving `shift` is setting the PC's clock.
describeOnEachBackend("the PC's clock set while the counter is offline", (server, tempDir) => {
  it('is corrected at once, and the next sync measures the same', async () => {
    // The PC ran a day behind; enrolling measured it.
    let shift = -DAY;
    const t = await openTerminal(tempDir(), {
      terminalNumber: 41,
      now: () => Date.now() + shift,
      core: { watchClock: true },
    });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    expect(Math.abs(readSyncState(t.core.db).clockOffsetMs - DAY)).toBeLessThan(60_000);
    // Set right with no network: the sales are not dated tomorrow.
    shift = 0;
    await unlock(t);
    const sale = await t.save();
    expect(businessDateOf(t, sale.id)).toBe(realToday());
    expect(Math.abs(readSyncState(t.core.db).clockOffsetMs)).toBeLessThan(60_000);
    expect(clockEntries(t)).toBe(1);
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1, needsAttention: 0 });
    expect(Math.abs(readSyncState(t.core.db).clockOffsetMs)).toBeLessThan(60_000);
    // The municipality's copy of the trail holds it too, as any other entry (no protocol change).
    const held = await server().admin(
      'GET',
      `/v1/admin/terminals/${readIdentity(t.core.db)?.terminalId}/audit?limit=500`,
    );
    expect((held.json as { items: { action: string }[] }).items.map((e) => e.action)).toContain(
      'pc_clock_changed',
    );
    await t.close();
  });

  it('gives way to the next sync’s measurement, where it could not tell a change from a sleep', async () => {
    let shift = 0;
    const t = await openTerminal(tempDir(), {
      terminalNumber: 42,
      now: () => Date.now() + shift,
      core: { watchClock: true },
    });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    // Put a day ahead while a suspend was reported: taken for the sleep, not corrected.
    t.core.clockWatch.suspend();
    shift = DAY;
    t.core.clockWatch.resume();
    expect(Math.abs(clockOffsetMs(t.core))).toBeLessThan(60_000);
    expect(clockEntries(t)).toBe(0);
    // The sync measures the municipality's clock a day behind this PC's, and that stands.
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    expect(Math.abs(readSyncState(t.core.db).clockOffsetMs + DAY)).toBeLessThan(60_000);
    await unlock(t);
    const sale = await t.save();
    expect(businessDateOf(t, sale.id)).toBe(realToday());
    expect(Math.abs(clockOffsetMs(t.core) + DAY)).toBeLessThan(60_000);
    await t.close();
  });
});
