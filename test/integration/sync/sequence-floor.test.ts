import { randomBytes } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openCoreFromBackup } from '../../../electron/core/backup/start-recovery';
import { DATABASE_FILE } from '../../../electron/core/core';
import { BLIND_RESTORE_MIN_MARGIN, lastIssuedSequence } from '../../../electron/core/transactions/sequence';
import { parseTrackingCode } from '../../../shared/tracking-code';
import { count, describeOnEachBackend, openTerminal, type TestTerminalApp } from './fixture';

function sequenceOf(code: string): number {
  const parsed = parseTrackingCode(code);
  if (!parsed.ok) throw new Error(`not a tracking code: ${code}`);
  return parsed.value.sequence;
}

async function sell(t: TestTerminalApp, n: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) codes.push((await t.save()).trackingCode);
  return codes;
}

describeOnEachBackend('tracking codes after going back in time', (server, tempDir) => {
  /**
   * A terminal of the office (number `mine`) that sold `before` citizens, took a backup, sold
   * `after` more and delivered them all; then its disk fails (the database cannot be read at all)
   * and the office starts from that backup. Another counter of the office (the next number) has
   * handed out more codes: they are not this one's.
   */
  async function restoredBlind(mine: number, before: number, after: number) {
    const other = await openTerminal(tempDir(), { terminalNumber: mine + 1 });
    await other.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    await sell(other, 8);
    expect(await other.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    await other.close();

    const dir = tempDir();
    const t = await openTerminal(dir, { terminalNumber: mine });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const sold = await sell(t, before);
    const made = await t.dispatcher.call('w', 'backups.create', {});
    if (!made.ok) throw new Error(made.error.code);
    const backup = made.value as { file: string };
    sold.push(...(await sell(t, after)));
    // Delivered: the citizens served after the backup hold receipts with these codes.
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    expect(sold.map(sequenceOf)).toEqual(sold.map((_, i) => i + 1));
    await t.close();

    const databaseFile = join(dir, DATABASE_FILE);
    writeFileSync(databaseFile, randomBytes(statSync(databaseFile).size));
    rmSync(`${databaseFile}-wal`, { force: true });
    rmSync(`${databaseFile}-shm`, { force: true });
    const recovered = openCoreFromBackup(
      { dataDir: dir, appVersion: 'test' },
      backup.file,
      { userId: null, username: null },
      'corrupt_on_start',
    );
    // Nothing could be read from the broken file: the next code steps over as many as the counter
    // could have issued since the backup (its sales were today: the least margin).
    expect(lastIssuedSequence(recovered.core.db)).toBe(before + BLIND_RESTORE_MIN_MARGIN);
    recovered.core.close();
    return openTerminal(dir, { terminalNumber: mine, existing: true });
  }

  /** This terminal's codes the server holds, by sequence. */
  async function heldSequences(terminal: number): Promise<number[]> {
    const held = await server().transactions();
    return held
      .filter((x) => Number(x.trackingCode.slice(4, 6)) === terminal)
      .map((x) => sequenceOf(x.trackingCode))
      .sort((a, b) => a - b);
  }

  it('a terminal restored from an old backup, its newer database unreadable, never reissues a code, even offline', async () => {
    const t = await restoredBlind(42, 3, 2);
    // Before any sync (the network may be down): the next citizen's code is past any the backup's
    // day could have handed out.
    const offline = await t.save();
    expect(sequenceOf(offline.trackingCode)).toBe(3 + BLIND_RESTORE_MIN_MARGIN + 1);
    expect(await t.engine.syncNow()).toMatchObject({ ok: true });
    // The sale went through; what waits is only the restored trail, which forks from the one the
    // municipality holds (as after any restore).
    expect(
      t.core.db.prepare("SELECT kind, last_error FROM outbox WHERE state = 'needs_attention'").all(),
    ).toEqual([{ kind: 'audit_batch', last_error: 'rejected: audit_entry_rewritten' }]);
    // The municipality's codes (up to 5) are below the floor: nothing more to raise.
    expect(count(t.core, "SELECT count(*) AS n FROM audit_log WHERE action = 'sequence_floor_raised'")).toBe(
      0,
    );
    // Each of this terminal's codes is held once, by the transaction that printed it.
    expect(await heldSequences(42)).toEqual([1, 2, 3, 4, 5, 3 + BLIND_RESTORE_MIN_MARGIN + 1]);
    const held = await server().transactions();
    expect(held.filter((x) => x.trackingCode === offline.trackingCode).map((x) => x.id)).toEqual([
      offline.id,
    ]);
    await t.close();
  });

  it('a terminal that sold more after its backup than the margin covers issues codes above those the municipality holds once it has synced', async () => {
    const after = BLIND_RESTORE_MIN_MARGIN + 2;
    const t = await restoredBlind(44, 3, after);
    const delivered = 3 + after;
    const synced = await t.engine.syncNow();
    expect(synced).toMatchObject({ ok: true });
    // The feed said how far this terminal's codes went at the municipality.
    expect(lastIssuedSequence(t.core.db)).toBe(delivered);
    expect(
      count(
        t.core,
        `SELECT count(*) AS n FROM audit_log WHERE action = 'sequence_floor_raised'
           AND details ->> '$.from' = ? AND details ->> '$.to' = ? AND details ->> '$.source' = 'municipality'`,
        3 + BLIND_RESTORE_MIN_MARGIN,
        delivered,
      ),
    ).toBe(1);

    // The next citizen gets a new code, which the municipality takes.
    const next = await t.save();
    expect(sequenceOf(next.trackingCode)).toBe(delivered + 1);
    await t.engine.syncNow();
    const held = await server().transactions();
    expect(held.filter((x) => x.trackingCode === next.trackingCode).map((x) => x.id)).toEqual([next.id]);
    expect(await heldSequences(44)).toEqual(Array.from({ length: delivered + 1 }, (_, i) => i + 1));
    // A second pull changes nothing more.
    await t.engine.syncNow();
    expect(count(t.core, "SELECT count(*) AS n FROM audit_log WHERE action = 'sequence_floor_raised'")).toBe(
      1,
    );
    await t.close();
  });
});
