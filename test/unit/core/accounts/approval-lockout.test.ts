import { describe, expect, it } from 'vitest';
import { approvalWaitMs } from '../../../../electron/core/accounts/approval-delay';
import { verifyAuditLog } from '../../../../electron/core/audit/audit';
import { MANAGER, setUpOffice, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { officeWithSales } from '../backup/support';
import { OPERATOR, sell } from '../day/support';

const REASON = 'اشتباه در ثبت مبلغ';

function voidAt(t: TestCore, id: string, approverUsername: string, approverPassword: string, window: string) {
  return t.call('transactions.void', { id, reason: REASON, approverUsername, approverPassword }, window);
}

function signInState(t: TestCore): unknown {
  return t.core.db
    .prepare('SELECT failed_attempts, locked_until FROM users WHERE username = ?')
    .get(MANAGER.username);
}

describe('wrong passwords: what they answer and whom they lock', () => {
  const tempDir = useTempDirs();

  it('answers a wrong password alike whatever the account: no attempts left, no word of an inactive one', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const clerk = await t.call('users.create', {
      username: 'clerk',
      fullName: 'کارمند رفته',
      role: 'operator',
      password: 'clerk password 1',
    });
    if (!clerk.ok) throw new Error(clerk.error.code);
    expect((await t.call('users.setActive', { userId: clerk.value.id, active: false })).ok).toBe(true);

    const answers = [];
    for (const username of ['nobody', MANAGER.username, 'clerk'])
      answers.push(await t.call('session.login', { username, password: 'a wrong guess' }, 'w2'));
    for (const answer of answers)
      expect(answer).toEqual({
        ok: false,
        error: { code: 'invalid_credentials', messageKey: 'errors.invalid_credentials', details: {} },
      });
    // Only whoever knows the dismissed account's password learns that it is inactive.
    expect(
      await t.call('session.login', { username: 'clerk', password: 'clerk password 1' }, 'w2'),
    ).toMatchObject({ ok: false, error: { code: 'account_inactive' } });
    t.core.close();
  });

  it("lets no operator lock the manager out with wrong approvals at the operator's counter", async () => {
    const t = await officeWithSales(tempDir(), 0);
    const sale = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(await voidAt(t, sale.id, MANAGER.username, `guess ${i}`, 'operator-window'));
    const unknown = await voidAt(t, sale.id, 'nobody', 'guess', 'operator-window');
    for (const answer of [...answers, unknown])
      expect(answer).toEqual({
        ok: false,
        error: { code: 'invalid_credentials', messageKey: 'errors.invalid_credentials', details: {} },
      });
    // Past the first three, the next approval for this manager waits, the right password too.
    const waiting = await voidAt(t, sale.id, MANAGER.username, MANAGER.password, 'operator-window');
    expect(waiting).toMatchObject({ ok: false, error: { code: 'approval_delayed' } });

    // The manager's sign-in is untouched: no count, no lock; their unlock and login work.
    expect(signInState(t)).toEqual({ failed_attempts: 0, locked_until: null });
    const list = await t.call('users.list', {});
    expect(list.ok && list.value.find((u) => u.username === MANAGER.username)).toMatchObject({
      locked: false,
      wrongPasswords: 4,
      approvalsWaitUntil: waiting.ok ? null : waiting.error.details['until'],
    });
    expect(
      await t.call('session.login', { username: MANAGER.username, password: MANAGER.password }, 'w3'),
    ).toMatchObject({ ok: true });
    // Their sign-in lifts the wait: they approve at once, at the operator's counter.
    expect(await voidAt(t, sale.id, MANAGER.username, MANAGER.password, 'operator-window')).toMatchObject({
      ok: true,
      value: { status: 'voided' },
    });
    const trail = t.core.db.prepare('SELECT action FROM audit_log').pluck().all() as string[];
    expect(trail).not.toContain('account_locked');
    expect(trail.filter((a) => a === 'approval_failed')).toHaveLength(5);
    expect(verifyAuditLog(t.core.db)).toMatchObject({ ok: true });
    await t.close();
  });

  it("lets the manager approve at their own window at once, whatever was guessed at an operator's", async () => {
    const t = await officeWithSales(tempDir(), 0);
    const sale = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    for (let i = 0; i < 4; i++) await voidAt(t, sale.id, MANAGER.username, `guess ${i}`, 'operator-window');
    expect(await voidAt(t, sale.id, MANAGER.username, MANAGER.password, 'operator-window')).toMatchObject({
      ok: false,
      error: { code: 'approval_delayed' },
    });
    // 'window-1' is the manager's own session (setUpOffice): their approval is their own signature.
    expect(await voidAt(t, sale.id, MANAGER.username, MANAGER.password, 'window-1')).toMatchObject({
      ok: true,
      value: { status: 'voided' },
    });
    await t.close();
  });

  it('makes each further wrong approval wait longer, and never checks a password while it waits', async () => {
    const t = await officeWithSales(tempDir(), 0);
    const sale = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    for (let i = 0; i < 4; i++) await voidAt(t, sale.id, MANAGER.username, `guess ${i}`, 'operator-window');
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      const refused = await voidAt(t, sale.id, MANAGER.username, MANAGER.password, 'operator-window');
      if (refused.ok || refused.error.code !== 'approval_delayed') throw new Error(JSON.stringify(refused));
      const until = refused.error.details['until'] as number;
      waits.push(until - t.core.now());
      t.advance(until - t.core.now());
      expect(await voidAt(t, sale.id, MANAGER.username, `again ${round}`, 'operator-window')).toMatchObject({
        ok: false,
        error: { code: 'invalid_credentials' },
      });
    }
    // 30 s, 1 min and 2 min, each rounded up to the minute the message shows.
    expect(waits.map((w) => Math.ceil(w / 60_000))).toEqual([1, 1, 2]);
    expect(waits[2]).toBeGreaterThan(waits[1] ?? 0);
    // Refusals while waiting are not counted: 4 + 3 wrong passwords.
    const failures = t.core.db
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'approval_failed'")
      .pluck()
      .get();
    expect(failures).toBe(7);
    expect(signInState(t)).toEqual({ failed_attempts: 0, locked_until: null });
    await t.close();
  });

  it('caps the wait at half an hour, and forgets wrong approvals after a day', async () => {
    expect([3, 4, 5, 6, 9, 10, 40].map(approvalWaitMs)).toEqual([
      0, 30_000, 60_000, 120_000, 960_000, 1_800_000, 1_800_000,
    ]);
    const t = await officeWithSales(tempDir(), 0);
    const sale = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    for (let i = 0; i < 4; i++) await voidAt(t, sale.id, MANAGER.username, `guess ${i}`, 'operator-window');
    t.advance(24 * 60 * 60_000);
    // (The operator's screen locked itself meanwhile.)
    await t.call('session.unlock', { password: OPERATOR.password }, 'operator-window');
    // A day on, the count starts again: three slips cost nothing.
    for (let i = 0; i < 3; i++) await voidAt(t, sale.id, MANAGER.username, `slip ${i}`, 'operator-window');
    expect(await voidAt(t, sale.id, MANAGER.username, MANAGER.password, 'operator-window')).toMatchObject({
      ok: true,
    });
    await t.close();
  });
});
