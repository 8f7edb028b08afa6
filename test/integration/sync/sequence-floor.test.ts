import { randomBytes } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openCoreFromBackup } from '../../../electron/core/backup/start-recovery';
import { DATABASE_FILE } from '../../../electron/core/core';
import { lastIssuedSequence } from '../../../electron/core/transactions/sequence';
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
  it('a terminal restored from an old backup, its newer database unreadable, issues codes above those the municipality holds', async () => {
    // Another counter of the office has handed out more codes: they are not this one's.
    const other = await openTerminal(tempDir(), { terminalNumber: 43 });
    await other.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    await sell(other, 8);
    expect(await other.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    await other.close();

    const dir = tempDir();
    let t = await openTerminal(dir, { terminalNumber: 42 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const before = await sell(t, 3);
    const made = await t.dispatcher.call('w', 'backups.create', {});
    if (!made.ok) throw new Error(made.error.code);
    const backup = made.value as { file: string };
    const after = await sell(t, 2);
    // Delivered: the two citizens served after the backup hold receipts with these codes.
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    expect([...before, ...after].map(sequenceOf)).toEqual([1, 2, 3, 4, 5]);
    await t.close();

    // The disk fails: the database cannot be read at all, and the office starts from the backup.
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
    // Nothing could be read from the broken file: the restored database shows only the backup's codes.
    expect(lastIssuedSequence(recovered.core.db)).toBe(3);
    recovered.core.close();

    t = await openTerminal(dir, { terminalNumber: 42, existing: true });
    const synced = await t.engine.syncNow();
    expect(synced).toMatchObject({ ok: true });
    // The feed said how far this terminal's codes went at the municipality.
    expect(lastIssuedSequence(t.core.db)).toBe(5);
    expect(
      count(
        t.core,
        `SELECT count(*) AS n FROM audit_log WHERE action = 'sequence_floor_raised'
           AND details ->> '$.from' = 3 AND details ->> '$.to' = 5 AND details ->> '$.source' = 'municipality'`,
      ),
    ).toBe(1);

    // The next citizen gets a new code, which the municipality takes.
    const next = await t.save();
    expect(sequenceOf(next.trackingCode)).toBe(6);
    await t.engine.syncNow();
    const held = await server().transactions();
    expect(held.filter((x) => x.trackingCode === next.trackingCode).map((x) => x.id)).toEqual([next.id]);
    // Each of this terminal's codes is held once, by the transaction that printed it.
    const mine = held.filter((x) => sequenceOf(x.trackingCode) > 0 && x.trackingCode.slice(4, 6) === '42');
    expect(mine.map((x) => sequenceOf(x.trackingCode)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    // A second pull changes nothing more.
    await t.engine.syncNow();
    expect(count(t.core, "SELECT count(*) AS n FROM audit_log WHERE action = 'sequence_floor_raised'")).toBe(
      1,
    );
    await t.close();
  });
});
