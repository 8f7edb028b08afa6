import { describe, expect, it } from 'vitest';
import { newTransaction } from '../../../support/transactions';
import { setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';

function auditOf(t: TestCore, action: string) {
  return t.core.db
    .prepare('SELECT actor_username AS actor, terminal, details FROM audit_log WHERE action = ?')
    .all(action) as { actor: string; terminal: string; details: string }[];
}

describe('correcting the office code and terminal number typed at setup', () => {
  const tempDir = useTempDirs();

  it('lets a manager correct them before anything was issued, audited, and the next tracking code carries them', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    expect(await t.call('sync.correctOffice', { officeCode: '۱۲۴۳', terminalNumber: 7 })).toMatchObject({
      ok: true,
      value: { code: '1243', terminalNumber: 7 },
    });
    expect(t.core.office()).toMatchObject({ code: '1243', terminalNumber: 7 });
    const [entry] = auditOf(t, 'office_identity_corrected');
    expect(entry?.actor).toBe('manager');
    expect(entry?.terminal).toBe('1243-07');
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({
      fromOfficeCode: '1234',
      fromTerminalNumber: 2,
      officeCode: '1243',
      terminalNumber: 7,
    });
    // The same values again: nothing written.
    expect(await t.call('sync.correctOffice', { officeCode: '1243', terminalNumber: 7 })).toMatchObject({
      ok: true,
    });
    expect(auditOf(t, 'office_identity_corrected')).toHaveLength(1);

    const sale = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!sale.ok) throw new Error(sale.error.code);
    const tracking = t.core.db.prepare('SELECT tracking_code AS code FROM transactions').get() as {
      code: string;
    };
    const onOldIdentity = startCore(tempDir());
    await setUpOffice(onOldIdentity);
    const old = await onOldIdentity.call('transactions.create', newTransaction('citizen-request', []));
    if (!old.ok) throw new Error(old.error.code);
    const oldTracking = onOldIdentity.core.db
      .prepare('SELECT tracking_code AS code FROM transactions')
      .get() as { code: string };
    expect(tracking.code).not.toBe(oldTracking.code);
    await onOldIdentity.close();
    await t.close();
  });

  it('freezes them once a tracking code was issued, and changes nothing', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const sale = await t.call('transactions.create', newTransaction('citizen-request', []));
    expect(sale.ok).toBe(true);
    const before = snapshot(t.core);
    expect(await t.call('sync.correctOffice', { officeCode: '1243', terminalNumber: 7 })).toMatchObject({
      ok: false,
      error: { code: 'office_identity_frozen', details: { reason: 'tracking_code_issued' } },
    });
    expect(snapshot(t.core)).toBe(before);
    expect(t.core.office()).toMatchObject({ code: '1234', terminalNumber: 2 });
    await t.close();
  });

  it('freezes them once a business day was opened, or the terminal enrolled', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const overview = await t.call('day.overview', {});
    if (!overview.ok) throw new Error(overview.error.code);
    expect(
      await t.call('day.open', { businessDate: overview.value.businessDate, openingFloat: '0' }),
    ).toMatchObject({ ok: true });
    expect(await t.call('sync.correctOffice', { officeCode: '1243', terminalNumber: 2 })).toMatchObject({
      ok: false,
      error: { code: 'office_identity_frozen', details: { reason: 'business_day_opened' } },
    });
    await t.close();

    const u = startCore(tempDir());
    await setUpOffice(u);
    u.core.db
      .prepare(
        `INSERT INTO sync_identity (id, server_url, terminal_id, terminal_number, office_code, office_name,
           municipality, public_key, key_ref, enrolled_at) VALUES (1, 'https://sync.karaj.ir', ?, 2, '1234', 'دفتر', 'کرج', 'k', 'r', 0)`,
      )
      .run('00000000-0000-4000-8000-000000000001');
    expect(await u.call('sync.correctOffice', { officeCode: '1234', terminalNumber: 3 })).toMatchObject({
      ok: false,
      error: { code: 'office_identity_frozen', details: { reason: 'enrolled' } },
    });
    await u.close();
  });

  it('is for managers only', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    expect(
      await t.call('users.create', {
        username: 'operator1',
        fullName: 'کاربر باجه',
        role: 'operator',
        password: 'operator password 1',
      }),
    ).toMatchObject({ ok: true });
    await t.call('session.login', { username: 'operator1', password: 'operator password 1' }, 'op');
    await t.call(
      'session.changePassword',
      { currentPassword: 'operator password 1', newPassword: 'my own password 2' },
      'op',
    );
    expect(await t.call('sync.correctOffice', { officeCode: '1243', terminalNumber: 2 }, 'op')).toMatchObject(
      {
        ok: false,
        error: { code: 'forbidden' },
      },
    );
    expect(t.core.office()).toMatchObject({ code: '1234' });
    await t.close();
  });
});
