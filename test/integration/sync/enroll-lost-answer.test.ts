import { expect, it } from 'vitest';
import type { FetchLike } from '../../../electron/core/sync';
import { TestTerminal } from '../server/harness';
import { describeOnEachBackend, openTerminal } from './fixture';

/** The network loses the answer to the first enrollment; the server has handled it. */
function losingFirstEnrollAnswer(): FetchLike {
  let lost = false;
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!lost && input.endsWith('/v1/enroll')) {
      lost = true;
      await response.arrayBuffer();
      throw new TypeError('fetch failed');
    }
    return response;
  };
}

async function terminalsNumbered(
  admin: (method: string, path: string) => Promise<{ json: unknown }>,
  number: number,
): Promise<string[]> {
  const listed = (await admin('GET', '/v1/admin/terminals')).json as {
    items: { id: string; number: number; officeCode: string }[];
  };
  return listed.items.filter((x) => x.number === number && x.officeCode === '1234').map((x) => x.id);
}

describeOnEachBackend('enrolling after the answer to an enrollment was lost', (server, tempDir) => {
  it('enrolls with a new activation code as the terminal the lost answer named', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 41, fetch: losingFirstEnrollAnswer() });
    const first = await server().newActivationCode();
    await expect(t.engine.enroll({ serverUrl: server().url, activationCode: first })).rejects.toMatchObject({
      code: 'server_unreachable',
    });
    const enrolledOnServer = await terminalsNumbered(server().admin, 41);
    expect(enrolledOnServer).toHaveLength(1);

    // The manager thinks the code failed and gets a new one from the municipality.
    const second = await server().newActivationCode();
    const enrolled = await t.engine.enroll({ serverUrl: server().url, activationCode: second });
    expect(enrolled).toMatchObject({ terminalId: enrolledOnServer[0], terminalNumber: 41 });
    expect(await terminalsNumbered(server().admin, 41)).toEqual(enrolledOnServer);
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1 });
    await t.close();
  });

  it('enrolls with the first code again after a new code was tried and refused for another reason', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 42, fetch: losingFirstEnrollAnswer() });
    const first = await server().newActivationCode();
    await expect(t.engine.enroll({ serverUrl: server().url, activationCode: first })).rejects.toMatchObject({
      code: 'server_unreachable',
    });
    // A code typed wrong: refused, and the key pair kept for the next try.
    await expect(
      t.engine.enroll({ serverUrl: server().url, activationCode: 'AAAA-AAAA-AAAA-AAAA' }),
    ).rejects.toMatchObject({ code: 'activation_code_invalid' });
    const enrolled = await t.engine.enroll({ serverUrl: server().url, activationCode: first });
    expect(enrolled.terminalId).toEqual((await terminalsNumbered(server().admin, 42))[0]);
    await t.close();
  });

  it('still refuses another PC the number, with a new code or with the code the first PC used', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 43, fetch: losingFirstEnrollAnswer() });
    const first = await server().newActivationCode();
    await expect(t.engine.enroll({ serverUrl: server().url, activationCode: first })).rejects.toMatchObject({
      code: 'server_unreachable',
    });
    const other = await openTerminal(tempDir(), { terminalNumber: 43 });
    await expect(
      other.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() }),
    ).rejects.toMatchObject({ code: 'terminal_number_taken' });
    await expect(
      other.engine.enroll({ serverUrl: server().url, activationCode: first }),
    ).rejects.toMatchObject({
      code: 'activation_code_used',
    });
    // The first PC is not harmed by the other's tries.
    const enrolled = await t.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    expect(enrolled.terminalNumber).toBe(43);
    expect(await terminalsNumbered(server().admin, 43)).toEqual([enrolled.terminalId]);
    await other.close();
    await t.close();
  });

  it('enrolls with a new key pair once the number was corrected, or the terminal its key named was revoked', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 44, fetch: losingFirstEnrollAnswer() });
    await expect(
      t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() }),
    ).rejects.toMatchObject({ code: 'server_unreachable' });
    const ghost = await terminalsNumbered(server().admin, 44);
    t.core.db.prepare('UPDATE office SET terminal_number = 45').run();
    t.core.refreshOffice();
    const corrected = await t.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    expect(corrected.terminalNumber).toBe(45);
    expect(await terminalsNumbered(server().admin, 44)).toEqual(ghost);

    const u = await openTerminal(tempDir(), { terminalNumber: 46, fetch: losingFirstEnrollAnswer() });
    await expect(
      u.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() }),
    ).rejects.toMatchObject({ code: 'server_unreachable' });
    const [lost] = await terminalsNumbered(server().admin, 46);
    expect(
      (await server().admin('POST', `/v1/admin/terminals/${lost}/revoke`, { reason: 'lost' })).status,
    ).toBe(200);
    const rekeyed = await u.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    expect(rekeyed).toMatchObject({ terminalId: lost, terminalNumber: 46 });
    await u.save();
    expect(await u.engine.syncNow()).toMatchObject({ ok: true, delivered: 1 });
    await u.close();
    await t.close();
  });

  it('on the server: answers a new code with the terminal only for its own key, number and office, and spends the code', async () => {
    const mine = new TestTerminal(server().url);
    const first = await server().newActivationCode();
    expect((await mine.enroll(first, { officeCode: '1234', terminalNumber: 47 })).status).toBe(200);
    const id = mine.id;
    const second = await server().newActivationCode();
    // Its key under another number: refused, the code not spent.
    const elsewhere = await mine.enroll(second, { officeCode: '1234', terminalNumber: 48 });
    expect(elsewhere).toMatchObject({ status: 409, json: { error: 'invalid_request' } });
    // Another key for its number: refused.
    const intruder = new TestTerminal(server().url);
    expect(await intruder.enroll(second, { officeCode: '1234', terminalNumber: 47 })).toMatchObject({
      status: 409,
      json: { error: 'terminal_number_taken' },
    });
    // Its key, its number: the same terminal, and the code spent on it.
    expect(await mine.enroll(second, { officeCode: '1234', terminalNumber: 47 })).toMatchObject({
      status: 200,
      json: { terminal: { id, number: 47 } },
    });
    expect(await mine.enroll(second, { officeCode: '1234', terminalNumber: 47 })).toMatchObject({
      status: 200,
      json: { terminal: { id, number: 47 } },
    });
    expect(await intruder.enroll(second, { officeCode: '1234', terminalNumber: 49 })).toMatchObject({
      status: 409,
      json: { error: 'activation_code_used' },
    });
    // Revoked, its key is refused with any code.
    expect(
      (await server().admin('POST', `/v1/admin/terminals/${id}/revoke`, { reason: 'test' })).status,
    ).toBe(200);
    expect(
      await mine.enroll(await server().newActivationCode(), { officeCode: '1234', terminalNumber: 47 }),
    ).toMatchObject({ status: 409, json: { error: 'invalid_request' } });
    expect(await mine.enroll(first, { officeCode: '1234', terminalNumber: 47 })).toMatchObject({
      status: 409,
      json: { error: 'activation_code_used' },
    });
  });
});
