import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SyncClient } from '../../../electron/core/sync/client';
import { FileKeyStore, type FetchLike } from '../../../electron/core/sync';
import { importPrivateKey } from '../../../electron/core/sync/keys';
import { readIdentity } from '../../../electron/core/sync/state';
import { pullResponseSchema } from '../../../shared/sync/protocol';
import { count, describeOnEachBackend, drain, openTerminal, type TestTerminalApp } from './fixture';
import { expectConverged } from './verify';

interface OfficeAudit {
  terminals: {
    terminalId: string;
    terminal: number;
    entries: number;
    headSeq: number | null;
    breaks: number;
  }[];
}

function pendingSales(t: TestTerminalApp): number {
  return count(t.core, "SELECT count(*) AS n FROM outbox WHERE kind = 'transaction' AND state = 'pending'");
}

describeOnEachBackend('a revoked terminal enrolled again with a new key', (server, tempDir) => {
  async function revoke(terminalId: string, reason: string): Promise<void> {
    const answer = await server().admin('POST', `/v1/admin/terminals/${terminalId}/revoke`, { reason });
    expect(answer.status).toBe(200);
  }

  it('delivers the sales it saved while revoked, with its trail, under the same terminal; its old key is refused', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 31 });
    const first = await t.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    await expect(
      t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() }),
    ).rejects.toMatchObject({ code: 'already_enrolled' });
    await t.save();
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: expect.any(Number) });
    await t.save();
    await t.save();
    const before = readIdentity(t.core.db);
    if (!before) throw new Error('not enrolled');

    await revoke(first.terminalId, 'PC may be compromised');
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: false, error: { code: 'terminal_revoked' } });
    expect(t.engine.status()).toMatchObject({ revoked: true });
    expect(pendingSales(t)).toBe(3);

    // Another office's code, or another server, changes nothing.
    const created = await server().admin('POST', '/v1/admin/offices', {
      municipality: 'karaj',
      code: '5678',
      name: 'دفتر دیگر',
      district: 7,
    });
    expect(created.status).toBe(201);
    await expect(
      t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode('5678') }),
    ).rejects.toMatchObject({ code: 'office_mismatch' });
    await expect(
      t.engine.enroll({
        serverUrl: 'http://127.0.0.1:9',
        activationCode: await server().newActivationCode(),
      }),
    ).rejects.toMatchObject({ code: 'request_refused' });
    expect(readIdentity(t.core.db)).toEqual(before);
    expect(t.engine.status()).toMatchObject({ revoked: true });

    const again = await t.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
      actor: { userId: 1, username: 'manager1' },
    });
    expect(again).toMatchObject({
      terminalId: first.terminalId,
      terminalNumber: 31,
      office: { code: '1234' },
    });
    const after = readIdentity(t.core.db);
    expect(after).toMatchObject({
      terminalId: before.terminalId,
      terminalNumber: 31,
      serverUrl: before.serverUrl,
    });
    expect(after?.publicKey).not.toBe(before.publicKey);
    expect(t.engine.status()).toMatchObject({ revoked: false, lastError: null });
    const audited = t.core.db
      .prepare("SELECT actor_username AS actor, details FROM audit_log WHERE action = 'terminal_rekeyed'")
      .all() as { actor: string; details: string }[];
    expect(audited).toHaveLength(1);
    expect(audited[0]?.actor).toBe('manager1');
    expect(JSON.parse(audited[0]?.details ?? '{}')).toMatchObject({
      oldPublicKey: before.publicKey,
      publicKey: after?.publicKey,
      terminalNumber: 31,
    });

    await drain(t.engine);
    expect(pendingSales(t)).toBe(0);
    expect(await expectConverged(t.core, server(), 31)).toBe(5);
    const audit = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/audit`);
    expect(audit.status).toBe(200);
    const mine = (audit.json as OfficeAudit).terminals.filter((x) => x.terminal === 31);
    const localHead = (t.core.db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number })
      .seq;
    expect(mine).toEqual([
      expect.objectContaining({ terminalId: first.terminalId, breaks: 0, headSeq: localHead }),
    ]);

    // What the old key signs is refused: its terminal has a new key now.
    const oldKey = importPrivateKey(await new FileKeyStore(join(t.dir, 'keys')).load(before.keyRef));
    const oldClient = new SyncClient({
      baseUrl: server().url,
      fetch: (input, init) => fetch(input, init),
      now: Date.now,
      clock: { offset: () => 0, learn: () => undefined },
      timeoutMs: 10_000,
      signer: { terminalId: first.terminalId, privateKey: oldKey },
    });
    await expect(
      oldClient.request('GET', '/v1/pull?cursor=0', undefined, pullResponseSchema),
    ).rejects.toMatchObject({ code: 'bad_signature' });

    // The number is held by a live terminal again: a new install cannot take it.
    const other = await openTerminal(tempDir(), { terminalNumber: 31 });
    await expect(
      other.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() }),
    ).rejects.toMatchObject({ code: 'terminal_number_taken' });
    await other.close();
    await t.close();
  });

  it('refuses an answer naming another terminal and changes nothing; asked again with the same code, it is re-keyed', async () => {
    let mangle = false;
    const mangling: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (!mangle || !input.endsWith('/v1/enroll') || response.status !== 200) return response;
      const body = (await response.json()) as { terminal: { id: string } };
      body.terminal.id = '00000000-0000-4000-8000-000000000000';
      return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
    };
    const t = await openTerminal(tempDir(), { terminalNumber: 32, fetch: mangling });
    const first = await t.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    await t.save();
    await revoke(first.terminalId, 'by mistake');
    expect(await t.engine.syncNow()).toMatchObject({ ok: false, error: { code: 'terminal_revoked' } });
    const before = readIdentity(t.core.db);

    mangle = true;
    const code = await server().newActivationCode();
    await expect(t.engine.enroll({ serverUrl: server().url, activationCode: code })).rejects.toMatchObject({
      code: 'terminal_number_taken',
    });
    expect(readIdentity(t.core.db)).toEqual(before);
    expect(t.engine.status()).toMatchObject({ revoked: true });
    expect(count(t.core, "SELECT count(*) AS n FROM audit_log WHERE action = 'terminal_rekeyed'")).toBe(0);

    mangle = false;
    expect(await t.engine.enroll({ serverUrl: server().url, activationCode: code })).toMatchObject({
      terminalId: first.terminalId,
      terminalNumber: 32,
    });
    await drain(t.engine);
    expect(await expectConverged(t.core, server(), 32)).toBe(1);
    await t.close();
  });
});
