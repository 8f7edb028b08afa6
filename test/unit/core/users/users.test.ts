import { describe, expect, it } from 'vitest';
import { findUserById } from '../../../../electron/core/accounts/queries';
import { sessionFor } from '../../../../electron/core/accounts/sessions';
import { setActive } from '../../../../electron/core/users/mutations';
import { MANAGER, setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

const OPERATOR = {
  username: 'Operator1',
  fullName: '  رضا   کریمی ',
  role: 'operator' as const,
  password: 'first password 1',
};

describe('user administration', () => {
  const tempDir = useTempDirs();

  async function started(): Promise<TestCore> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    return t;
  }

  async function createOperator(t: TestCore) {
    const r = await t.call('users.create', OPERATOR);
    if (!r.ok) throw new Error(r.error.code);
    return r.value;
  }

  it('creates an operator who must change the first password at the first login', async () => {
    const t = await started();
    const user = await createOperator(t);
    expect(user).toMatchObject({
      username: 'operator1',
      fullName: 'رضا کریمی',
      role: 'operator',
      active: true,
      mustChangePassword: true,
    });
    expect(await t.call('users.create', { ...OPERATOR, fullName: 'دیگری' })).toMatchObject({
      ok: false,
      error: { code: 'username_taken' },
    });
    const login = await t.call('session.login', { username: 'operator1', password: OPERATOR.password }, 'op');
    expect(login).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    // Until the password is changed the core does no work for the session, whatever the page shows.
    const before = snapshot(t.core);
    for (const [name, input] of [
      ['catalog.current', {}],
      ['transactions.list', { offset: 0, limit: 10, filter: '' }],
      ['day.overview', {}],
    ] as const) {
      expect(await t.call(name, input, 'op')).toMatchObject({
        ok: false,
        error: { code: 'password_change_required' },
      });
    }
    expect(snapshot(t.core)).toEqual(before);
    expect(await t.call('session.current', {}, 'op')).toMatchObject({ ok: true });
    expect(
      await t.call(
        'session.changePassword',
        { currentPassword: OPERATOR.password, newPassword: OPERATOR.password },
        'op',
      ),
    ).toMatchObject({ ok: false, error: { code: 'password_unchanged' } });
    expect(
      await t.call(
        'session.changePassword',
        { currentPassword: 'wrong one', newPassword: 'my own secret 1' },
        'op',
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(
      await t.call(
        'session.changePassword',
        { currentPassword: OPERATOR.password, newPassword: 'my own secret 1' },
        'op',
      ),
    ).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    expect(await t.call('session.current', {}, 'op')).toMatchObject({
      ok: true,
      value: { mustChangePassword: false },
    });
    expect(await t.call('catalog.current', {}, 'op')).toMatchObject({ ok: true });
    expect(
      await t.call('session.login', { username: 'operator1', password: 'my own secret 1' }, 'op2'),
    ).toMatchObject({
      ok: true,
      value: { mustChangePassword: false },
    });
    t.core.close();
  });

  it('resets a forgotten password: the old one stops working, a lockout is lifted, a change is forced', async () => {
    const t = await started();
    const user = await createOperator(t);
    for (let i = 0; i < 5; i++)
      await t.call('session.login', { username: 'operator1', password: 'guess' }, 'op');
    expect((await t.call('users.list', {})).ok && (await t.call('users.list', {}))).toMatchObject({
      value: expect.arrayContaining([expect.objectContaining({ username: 'operator1', locked: true })]),
    });
    const reset = await t.call('users.resetPassword', { userId: user.id, newPassword: 'temporary pass 9' });
    expect(reset).toMatchObject({ ok: true, value: { locked: false, mustChangePassword: true } });
    expect(
      await t.call('session.login', { username: 'operator1', password: OPERATOR.password }, 'op'),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect(
      await t.call('session.login', { username: 'operator1', password: 'temporary pass 9' }, 'op'),
    ).toMatchObject({
      ok: true,
      value: { mustChangePassword: true },
    });
    expect(
      await t.call('users.resetPassword', { userId: 999, newPassword: 'temporary pass 9' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'user_not_found' },
    });
    t.core.close();
  });

  it("refuses a manager's reset of their own password, which would skip the current one: nothing changes", async () => {
    const t = await started();
    const before = snapshot(t.core);
    expect(await t.call('users.resetPassword', { userId: 1, newPassword: 'taken over 123' })).toMatchObject({
      ok: false,
      error: { code: 'cannot_reset_own_password' },
    });
    expect(snapshot(t.core)).toBe(before);
    expect(
      await t.call('session.login', { username: MANAGER.username, password: MANAGER.password }, 'w2'),
    ).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    t.core.close();
  });

  it('deactivates instead of deleting, and never the last active manager', async () => {
    const t = await started();
    const user = await createOperator(t);
    expect(await t.call('users.setActive', { userId: user.id, active: false })).toMatchObject({
      ok: true,
      value: { active: false },
    });
    expect(
      await t.call('session.login', { username: 'operator1', password: OPERATOR.password }, 'op'),
    ).toMatchObject({
      ok: false,
      error: { code: 'account_inactive' },
    });
    expect(t.core.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 2 });

    const managerId = 1;
    expect(await t.call('users.setActive', { userId: managerId, active: false })).toMatchObject({
      ok: false,
      error: { code: 'cannot_deactivate_self' },
    });
    const second = await t.call('users.create', {
      username: 'deputy',
      fullName: 'معاون دفتر',
      role: 'manager',
      password: 'deputy password 1',
    });
    if (!second.ok) throw new Error(second.error.code);
    await t.call('session.login', { username: 'deputy', password: 'deputy password 1' }, 'deputy');
    const changed = await t.call(
      'session.changePassword',
      { currentPassword: 'deputy password 1', newPassword: 'deputy own secret 2' },
      'deputy',
    );
    expect(changed.ok).toBe(true);
    // The deputy deactivates the manager, whose session ends with it.
    expect((await t.call('users.setActive', { userId: managerId, active: false }, 'deputy')).ok).toBe(true);
    expect(await t.call('users.list', {})).toMatchObject({ ok: false, error: { code: 'account_inactive' } });
    expect(await t.call('session.current', {})).toEqual({ ok: true, value: null });
    // The deputy, now the only active manager, cannot deactivate their own account.
    expect(
      await t.call('users.setActive', { userId: second.value.id, active: false }, 'deputy'),
    ).toMatchObject({
      ok: false,
      error: { code: 'cannot_deactivate_self' },
    });
    const actions = (t.core.db.prepare('SELECT action FROM audit_log').all() as { action: string }[]).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['user_created', 'user_deactivated', 'session_ended']));
    t.core.close();
  });

  it('refuses to deactivate oneself, and keeps a manager who signs in with a password of their own', async () => {
    const t = await started();
    const deputy = await t.call('users.create', {
      username: 'deputy',
      fullName: 'معاون دفتر',
      role: 'manager',
      password: 'temporary-1404',
    });
    if (!deputy.ok) throw new Error(deputy.error.code);
    const before = snapshot(t.core);
    // With a deputy who has never signed in, the manager still cannot leave the office to them.
    expect(await t.call('users.setActive', { userId: 1, active: false })).toEqual({
      ok: false,
      error: { code: 'cannot_deactivate_self', messageKey: 'errors.cannot_deactivate_self', details: {} },
    });
    expect(snapshot(t.core)).toBe(before);
    expect(await t.call('session.current', {})).toMatchObject({ ok: true, value: { user: { id: 1 } } });

    // A manager with a temporary password is not one who can sign in: the core refuses to leave the
    // office with only them, whoever asks (here the deputy, past the dispatcher's own refusal).
    const deputyRecord = findUserById(t.core.db, deputy.value.id);
    if (!deputyRecord) throw new Error('deputy');
    expect(() =>
      setActive(t.core, sessionFor(deputyRecord, t.core.now()), { userId: 1, active: false }),
    ).toThrow(expect.objectContaining({ code: 'last_active_manager' }));
    expect(snapshot(t.core)).toBe(before);

    // Once the deputy has a password of their own, the deputy may deactivate the manager.
    await t.call('session.login', { username: 'deputy', password: 'temporary-1404' }, 'deputy');
    const changed = await t.call(
      'session.changePassword',
      { currentPassword: 'temporary-1404', newPassword: 'deputy own secret 2' },
      'deputy',
    );
    expect(changed.ok).toBe(true);
    expect(await t.call('users.setActive', { userId: 1, active: false }, 'deputy')).toMatchObject({
      ok: true,
      value: { active: false },
    });
    t.core.close();
  });

  it('reports no session to session.current once its account is deactivated', async () => {
    const t = await started();
    const operator = await createOperator(t);
    await t.call('session.login', { username: 'operator1', password: OPERATOR.password }, 'op');
    expect(await t.call('session.current', {}, 'op')).toMatchObject({
      ok: true,
      value: { user: { username: 'operator1' } },
    });
    expect((await t.call('users.setActive', { userId: operator.id, active: false })).ok).toBe(true);
    expect(await t.call('session.current', {}, 'op')).toEqual({ ok: true, value: null });
    const ended = t.core.db
      .prepare("SELECT actor_username AS who, details FROM audit_log WHERE action = 'session_ended'")
      .all();
    expect(ended).toEqual([{ who: 'operator1', details: JSON.stringify({ reason: 'account_inactive' }) }]);
    t.core.close();
  });

  it('ends a session at its next call once a manager deactivates its account or resets its password', async () => {
    const t = await started();
    const operator = await createOperator(t);
    const deputy = await t.call('users.create', {
      username: 'deputy',
      fullName: 'معاون دفتر',
      role: 'manager',
      password: 'deputy password 1',
    });
    if (!deputy.ok) throw new Error(deputy.error.code);
    const logIn = async (username: string, first: string, own: string, key: string) => {
      await t.call('session.login', { username, password: first }, key);
      const changed = await t.call(
        'session.changePassword',
        { currentPassword: first, newPassword: own },
        key,
      );
      expect(changed.ok).toBe(true);
    };
    await logIn('operator1', OPERATOR.password, 'operator own 1', 'op');
    await logIn('deputy', 'deputy password 1', 'deputy own secret 2', 'deputy');
    expect((await t.call('transactions.create', newTransaction('citizen-request', []), 'op')).ok).toBe(true);

    // The operator is dismissed while logged in: their next sale is refused and saves nothing.
    expect((await t.call('users.setActive', { userId: operator.id, active: false })).ok).toBe(true);
    expect(await t.call('transactions.create', newTransaction('citizen-request', []), 'op')).toMatchObject({
      ok: false,
      error: { code: 'account_inactive' },
    });
    expect(await t.call('transactions.create', newTransaction('citizen-request', []), 'op')).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
    expect(await t.call('session.current', {}, 'op')).toEqual({ ok: true, value: null });

    // A dismissed manager can neither make an account nor take over another by a reset.
    expect((await t.call('users.setActive', { userId: deputy.value.id, active: false })).ok).toBe(true);
    expect(
      await t.call(
        'users.create',
        { username: 'ghost', fullName: 'کسی', role: 'manager', password: 'ghost password 1' },
        'deputy',
      ),
    ).toMatchObject({ ok: false, error: { code: 'account_inactive' } });
    expect(
      await t.call('users.resetPassword', { userId: 1, newPassword: 'taken over 123' }, 'deputy'),
    ).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(
      await t.call('session.login', { username: MANAGER.username, password: MANAGER.password }, 'x'),
    ).toMatchObject({ ok: true });
    expect(t.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 1 });
    expect(t.core.db.prepare('SELECT username FROM users ORDER BY id').all()).toEqual([
      { username: 'manager' },
      { username: 'operator1' },
      { username: 'deputy' },
    ]);

    // A reset ends the session too: whoever holds it may not be the account's owner.
    expect((await t.call('users.setActive', { userId: operator.id, active: true })).ok).toBe(true);
    await t.call('session.login', { username: 'operator1', password: 'operator own 1' }, 'op');
    expect((await t.call('catalog.current', {}, 'op')).ok).toBe(true);
    expect(
      (await t.call('users.resetPassword', { userId: operator.id, newPassword: 'temporary pass 9' })).ok,
    ).toBe(true);
    expect(await t.call('catalog.current', {}, 'op')).toMatchObject({
      ok: false,
      error: { code: 'session_ended' },
    });
    const ended = t.core.db
      .prepare(
        "SELECT actor_username AS who, details FROM audit_log WHERE action = 'session_ended' ORDER BY seq",
      )
      .all();
    expect(ended).toEqual([
      { who: 'operator1', details: JSON.stringify({ reason: 'account_inactive' }) },
      { who: 'deputy', details: JSON.stringify({ reason: 'account_inactive' }) },
      { who: 'operator1', details: JSON.stringify({ reason: 'password_changed' }) },
    ]);
    // The manager's own session, untouched by all this, goes on.
    expect((await t.call('users.list', {})).ok).toBe(true);
    t.core.close();
  });

  it('keeps a session whose user changed their own password, and refuses approvals signed with a temporary one', async () => {
    const t = await started();
    await t.call('users.create', {
      username: 'deputy',
      fullName: 'معاون دفتر',
      role: 'manager',
      password: 'deputy password 1',
    });
    await t.call('session.login', { username: 'deputy', password: 'deputy password 1' }, 'deputy');
    const sale = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!sale.ok) throw new Error(sale.error.code);
    // The deputy's password is the one the manager set: it approves no void.
    const voidBy = (password: string) =>
      t.call('transactions.void', {
        id: sale.value.id,
        reason: 'متقاضی منصرف شد',
        approverUsername: 'deputy',
        approverPassword: password,
      });
    expect(await voidBy('deputy password 1')).toMatchObject({
      ok: false,
      error: { code: 'password_change_required' },
    });
    expect(
      await t.call(
        'session.changePassword',
        { currentPassword: 'deputy password 1', newPassword: 'deputy own secret 2' },
        'deputy',
      ),
    ).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    expect((await t.call('users.list', {}, 'deputy')).ok).toBe(true);
    expect(await voidBy('deputy own secret 2')).toMatchObject({ ok: true, value: { status: 'voided' } });
    t.core.close();
  });

  it('refuses every user administration, audit and report call from an operator, changing nothing', async () => {
    const t = await started();
    const user = await createOperator(t);
    await t.call('session.login', { username: 'operator1', password: OPERATOR.password }, 'op');
    const changed = await t.call(
      'session.changePassword',
      { currentPassword: OPERATOR.password, newPassword: 'my own secret 1' },
      'op',
    );
    expect(changed.ok).toBe(true);
    const before = snapshot(t.core);
    const results = await Promise.all([
      t.call('users.list', {}, 'op'),
      t.call('users.create', { ...OPERATOR, username: 'sneaky', role: 'manager' }, 'op'),
      t.call('users.resetPassword', { userId: 1, newPassword: 'taken over 123' }, 'op'),
      t.call('users.setActive', { userId: 1, active: false }, 'op'),
      t.call('users.setActive', { userId: user.id, active: true }, 'op'),
      t.call('audit.status', {}, 'op'),
      t.call('audit.verify', {}, 'op'),
      t.call(
        'reports.range',
        { from: { year: 1404, month: 1, day: 1 }, to: { year: 1404, month: 1, day: 2 } },
        'op',
      ),
    ]);
    for (const r of results) expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(snapshot(t.core)).toBe(before);
    expect(
      await t.call('session.login', { username: MANAGER.username, password: 'taken over 123' }, 'x'),
    ).toMatchObject({
      ok: false,
    });
    t.core.close();
  });
});
