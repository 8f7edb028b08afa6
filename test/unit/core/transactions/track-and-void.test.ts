import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../../electron/core/accounts/passwords';
import { insertUser } from '../../../../electron/core/accounts/mutations';
import { formatTrackingCode } from '../../../../shared/tracking-code';
import { toPersianDigits } from '../../../../shared/text/normalize';
import { MANAGER, setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

describe('tracking, receipts and voids', () => {
  const tempDir = useTempDirs();

  async function withOneTransaction(): Promise<{ t: TestCore; id: string; trackingCode: string }> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const r = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!r.ok) throw new Error(r.error.code);
    return { t, id: r.value.id, trackingCode: r.value.trackingCode };
  }

  it('finds a transaction by tracking code (as read aloud, in Persian digits), national ID or mobile', async () => {
    const { t, id, trackingCode } = await withOneTransaction();
    for (const query of [
      trackingCode,
      toPersianDigits(formatTrackingCode(trackingCode)),
      '۰۴۹۹۳۷۰۸۹۹',
      '0912 123 4567',
      // Pasted from an SMS or a right-to-left text: bidi marks, a ZWNJ or a Unicode dash between groups.
      `\u200f${toPersianDigits(formatTrackingCode(trackingCode))}\u200e`,
      formatTrackingCode(trackingCode).replace(/-/g, '\u200c'),
      formatTrackingCode(trackingCode).replace(/-/g, '\u2013'),
    ]) {
      const r = await t.call('transactions.search', { query });
      expect(r, query).toMatchObject({ ok: true, value: [{ id, trackingCode }] });
    }
    t.core.close();
  });

  it('finds a mobile written with its country code, though it is as long as a tracking code', async () => {
    const { t, id, trackingCode } = await withOneTransaction();
    for (const query of ['00989121234567', '0098 912 123 4567', '+98 912 123 4567', '۰۰۹۸۹۱۲۱۲۳۴۵۶۷']) {
      const r = await t.call('transactions.search', { query });
      expect(r, query).toMatchObject({ ok: true, value: [{ id, trackingCode }] });
    }
    // This one also passes a tracking code's check digit: no transaction has that code, so it is
    // the mobile that is looked up.
    const other = await t.call(
      'transactions.create',
      newTransaction('citizen-request', [], {
        citizen: { nationalId: '0499370899', firstName: 'مریم', lastName: 'کاظمی', mobile: '09121234507' },
      }),
    );
    if (!other.ok) throw new Error(other.error.code);
    expect(await t.call('transactions.search', { query: '00989121234507' })).toMatchObject({
      ok: true,
      value: [{ id: other.value.id }],
    });
    t.core.close();
  });

  it('refuses a tracking code with one wrong digit instead of finding nothing', async () => {
    const { t, trackingCode } = await withOneTransaction();
    const wrong =
      trackingCode.slice(0, 5) + String((Number(trackingCode[5]) + 1) % 10) + trackingCode.slice(6);
    expect(await t.call('transactions.search', { query: wrong })).toMatchObject({
      ok: false,
      error: { code: 'tracking_code_invalid' },
    });
    t.core.close();
  });

  it('marks every print after the first as a duplicate', async () => {
    const { t, id } = await withOneTransaction();
    expect(await t.call('receipts.print', { id, copyNumber: 1, layout: '80mm', target: 'pdf' })).toEqual({
      ok: true,
      value: { savedTo: null },
    });
    expect(await t.call('receipts.print', { id, copyNumber: 2, layout: 'a5', target: 'pdf' })).toEqual({
      ok: true,
      value: { savedTo: null },
    });
    const actions = t.core.db
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'receipt_%' ORDER BY seq")
      .all();
    expect(actions).toEqual([{ action: 'receipt_printed' }, { action: 'receipt_reprinted' }]);
    t.core.close();
  });

  it('voids with a manager password, keeps everything, and queues the void for the municipality', async () => {
    const { t, id } = await withOneTransaction();
    insertUser(
      t.core.db,
      {
        username: 'operator1',
        fullName: 'اپراتور',
        role: 'operator',
        passwordHash: await hashPassword('operator pass'),
      },
      1,
    );
    await t.call('session.login', { username: 'operator1', password: 'operator pass' }, 'op-window');

    const before = snapshot(t.core);
    const byOperator = await t.call(
      'transactions.void',
      { id, reason: 'اشتباه در خدمت', approverUsername: 'operator1', approverPassword: 'operator pass' },
      'op-window',
    );
    expect(byOperator).toMatchObject({ ok: false, error: { code: 'approver_not_manager' } });
    const wrongPassword = await t.call(
      'transactions.void',
      { id, reason: 'اشتباه در خدمت', approverUsername: 'manager', approverPassword: 'nope-nope' },
      'op-window',
    );
    expect(wrongPassword).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    const tooShort = await t.call(
      'transactions.void',
      { id, reason: 'بد', approverUsername: 'manager', approverPassword: MANAGER.password },
      'op-window',
    );
    expect(tooShort).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Five ZWNJs and a bidi mark look like text to a length count; they are no reason.
    const invisible = await t.call(
      'transactions.void',
      {
        id,
        reason: '\u200c\u200c \u200c\u200c\u200f\u200c',
        approverUsername: 'manager',
        approverPassword: MANAGER.password,
      },
      'op-window',
    );
    expect(invisible).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Only the failed password attempt was recorded (it counts towards the manager's lockout).
    expect(snapshot(t.core)).not.toBe(before);
    expect(t.core.db.prepare('SELECT count(*) AS n FROM voids').get()).toEqual({ n: 0 });

    const done = await t.call(
      'transactions.void',
      {
        id,
        reason: ' \u200fاشتباه  در\u200c\u200c خدمت ',
        approverUsername: 'manager',
        approverPassword: MANAGER.password,
      },
      'op-window',
    );
    expect(done).toEqual({ ok: true, value: { kind: 'void', status: 'voided' } });
    const detail = await t.call('transactions.get', { id }, 'op-window');
    expect(detail).toMatchObject({
      ok: true,
      value: {
        status: 'voided',
        voiding: {
          kind: 'void',
          reason: 'اشتباه در خدمت',
          requestedBy: 'اپراتور',
          approvedBy: MANAGER.fullName,
        },
        statusHistory: [{ status: 'saved' }, { status: 'voided', reason: 'اشتباه در خدمت' }],
      },
    });
    expect(t.core.db.prepare('SELECT kind FROM outbox ORDER BY seq').all()).toEqual([
      { kind: 'transaction' },
      { kind: 'void' },
    ]);
    expect(
      await t.call(
        'transactions.void',
        { id, reason: 'دوباره باطل کن', approverUsername: 'manager', approverPassword: MANAGER.password },
        'op-window',
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'already_voided' },
    });
    t.core.close();
  });

  it('turns a void into a cancellation request once the municipality has acted', async () => {
    const { t, id } = await withOneTransaction();
    t.core.db.prepare("UPDATE transactions SET status = 'approved' WHERE id = ?").run(id);
    const r = await t.call('transactions.void', {
      id,
      reason: 'متقاضی منصرف شد',
      approverUsername: 'manager',
      approverPassword: MANAGER.password,
    });
    expect(r).toEqual({
      ok: true,
      value: { kind: 'cancellation_request', status: 'cancellation_requested' },
    });
    expect(t.core.db.prepare('SELECT kind FROM outbox ORDER BY seq').all()).toEqual([
      { kind: 'transaction' },
      { kind: 'cancellation_request' },
    ]);
    t.core.close();
  });

  it('refuses to void or cancel a request the municipality rejected, as the server would, changing nothing', async () => {
    const { t, id } = await withOneTransaction();
    t.core.db.prepare("UPDATE transactions SET status = 'rejected' WHERE id = ?").run(id);
    const before = snapshot(t.core);
    expect(
      await t.call('transactions.void', {
        id,
        reason: 'متقاضی منصرف شد',
        approverUsername: 'manager',
        approverPassword: MANAGER.password,
      }),
    ).toMatchObject({ ok: false, error: { code: 'transaction_final', details: { status: 'rejected' } } });
    expect(snapshot(t.core)).toBe(before);
    t.core.close();
  });

  it('does not ask again after the municipality declined a cancellation and moved the status back', async () => {
    const { t, id } = await withOneTransaction();
    const request = {
      id,
      reason: 'متقاضی منصرف شد',
      approverUsername: 'manager',
      approverPassword: MANAGER.password,
    };
    t.core.db.prepare("UPDATE transactions SET status = 'approved' WHERE id = ?").run(id);
    expect(await t.call('transactions.void', request)).toMatchObject({ ok: true });
    // The pull brings the municipality's answer: the request was declined, the service stands.
    t.core.db.prepare("UPDATE transactions SET status = 'approved' WHERE id = ?").run(id);
    const before = snapshot(t.core);
    expect(await t.call('transactions.void', request)).toMatchObject({
      ok: false,
      error: { code: 'already_voided', details: { earlierKind: 'cancellation_request' } },
    });
    expect(snapshot(t.core)).toBe(before);
    t.core.close();
  });
});
