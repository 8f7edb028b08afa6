import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { AUDIT_FIELD_MAX } from '../../../shared/audit/limits';
import { MANAGER } from '../../support/core';
import { count, describeOnEachBackend, openTerminal, type TestTerminalApp } from './fixture';

interface HeldEntry {
  seq: number;
  action: string;
  actorUsername: string | null;
  entityId: string | null;
  details: string;
}

describeOnEachBackend('audit entries longer than the municipality takes', (server, tempDir) => {
  async function call<T>(
    t: TestTerminalApp,
    name: Parameters<TestTerminalApp['dispatcher']['call']>[1],
    input: unknown,
  ) {
    const result = await t.dispatcher.call('w', name, input as never);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}`);
    return result.value as T;
  }

  /** The entries the server holds for terminal `number` of the office, and its head. */
  async function held(number: number): Promise<{ headSeq: number | null; entries: HeldEntry[] }> {
    const office = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/audit`);
    const terminal = (
      office.json as { terminals: { terminal: number; terminalId: string; headSeq: number | null }[] }
    ).terminals.find((x) => x.terminal === number);
    if (!terminal) return { headSeq: null, entries: [] };
    const listed = await server().admin('GET', `/v1/admin/terminals/${terminal.terminalId}/audit?limit=500`);
    expect(listed.status).toBe(200);
    return { headSeq: terminal.headSeq, entries: (listed.json as { items: HeldEntry[] }).items };
  }

  function head(t: TestTerminalApp): number {
    return count(t.core, 'SELECT max(seq) AS n FROM audit_log');
  }

  it('a restore from a backup with a very long file name still lets the whole trail reach the server', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 41 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    await t.save();
    const backup = await call<{ file: string }>(t, 'backups.create', {});
    const name = `${'b'.repeat(180)}-${basename(backup.file)}`;
    const chosen = join(tempDir(), name);
    copyFileSync(backup.file, chosen);
    await call(t, 'backups.restore', { file: chosen, password: MANAGER.password, acceptUnsyncedLoss: false });
    await call(t, 'session.login', { username: MANAGER.username, password: MANAGER.password });
    await t.save();

    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    const restored = (await held(41)).entries.find((e) => e.action === 'database_restored');
    expect(restored?.entityId).toHaveLength(AUDIT_FIELD_MAX.entityId);
    expect(restored?.entityId).toMatch(/^b+….*\.sqlite$/);
    // And the trail flows on after it.
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    expect((await held(41)).headSeq).toBe(head(t));
    await t.close();
  });

  it('entries with over-long text in every field, U+0000 and huge details reach the server, and the entries after them too', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 42 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    await t.save();
    t.core.db.transaction(() => {
      t.core.audit.append({
        action: 'database_restored',
        entity: 'backup',
        entityId: `${'پ'.repeat(201)}.db`,
        details: {},
      });
      t.core.audit.append({
        action: `probe_${'x'.repeat(200)}`,
        actorUsername: `a\0${'u'.repeat(300)}`,
        entity: 'e'.repeat(300),
        entityId: 'x\uD800y',
        details: { note: `\0${'ن'.repeat(AUDIT_FIELD_MAX.details)}` },
      });
    })();
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    const entries = (await held(42)).entries;
    expect(entries.find((e) => e.action === 'database_restored')?.entityId).toBe(`${'پ'.repeat(199)}…`);
    const probe = entries.find((e) => e.action.startsWith('probe_'));
    expect(probe?.actorUsername?.startsWith('a\uFFFDuuu')).toBe(true);
    expect(probe?.details.length).toBeLessThanOrEqual(AUDIT_FIELD_MAX.details);

    await t.save();
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    expect((await held(42)).headSeq).toBe(head(t));
    expect(t.engine.status().needsAttention).toEqual([]);
    await t.close();
  });
});
