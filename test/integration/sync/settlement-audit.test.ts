import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { auditHash } from '../../../electron/core/audit/audit';
import type { FetchLike } from '../../../electron/core/sync';
import { MANAGER, managerApproval } from '../../support/core';
import { TIME_ORDERED_ID } from '../../support/ids';
import {
  closeDayAsExpected,
  count,
  describeOnEachBackend,
  openTerminal,
  managerCaller,
  type TestTerminalApp,
} from './fixture';
import { expectConverged } from './verify';

interface AuditRow {
  seq: number;
  at: number;
  actor_user_id: number | null;
  actor_username: string | null;
  terminal: string;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

interface OfficeAudit {
  terminals: {
    terminalId: string;
    terminal: number;
    entries: number;
    headSeq: number | null;
    headHash: string | null;
    breaks: number;
    settlementsMismatched: number;
    settlementsPending: number;
  }[];
  breaks: {
    terminal: number;
    reason: string;
    atSeq: number;
    itemId: string;
    expectedPrevHash: string | null;
    receivedPrevHash: string | null;
  }[];
}

/**
 * As someone holding the file would: drop the append-only trigger, edit entry `seq`, and re-hash
 * everything after it so the local chain checks out on its own.
 */
function rewriteTrailFrom(t: TestTerminalApp, seq: number): void {
  t.core.db.exec('DROP TRIGGER audit_log_no_update');
  const rows = t.core.db
    .prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq')
    .all(seq) as AuditRow[];
  let prev = (t.core.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq - 1) as { hash: string })
    .hash;
  const update = t.core.db.prepare('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of rows) {
    const details = r.seq === seq ? '{"rewritten":true}' : r.details;
    const { hash: _old, ...rest } = { ...r, details, prev_hash: prev };
    const hash = auditHash(rest);
    update.run(details, prev, hash, r.seq);
    prev = hash;
  }
}

/** The audit head a closed day's settlement names, as the manager signed it. */
function signedHead(t: TestTerminalApp, dayId: string): { seq: number; hash: string } {
  const row = t.core.db.prepare('SELECT settlement FROM business_days WHERE id = ?').get(dayId) as {
    settlement: string;
  };
  const { auditHead } = JSON.parse(row.settlement) as { auditHead: { seq: number; hash: string } | null };
  if (!auditHead) throw new Error('the day closed with no audit head');
  return auditHead;
}

/** Opens today's business day, sells, voids one sale, and closes the day short by 50,000 Rials. */
async function dayWithSales(t: TestTerminalApp, sales: number): Promise<{ dayId: string; voidedId: string }> {
  const call = async <T>(
    name: Parameters<TestTerminalApp['dispatcher']['call']>[1],
    input: unknown,
  ): Promise<T> => {
    const result = await t.dispatcher.call('w', name, input as never);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}`);
    return result.value as T;
  };
  const overview = await call<{ businessDate: string }>('day.overview', {});
  const day = await call<{ id: string }>('day.open', {
    businessDate: overview.businessDate,
    openingFloat: '2,000,000',
  });
  const saved = [];
  for (let i = 0; i < sales; i++) saved.push(await t.save());
  const voided = saved[0];
  if (!voided) throw new Error('no sale');
  await call('transactions.void', {
    id: voided.id,
    ...managerApproval('مبلغ اشتباه اعلام شد'),
  });
  await call('day.recordMovement', {
    dayId: day.id,
    direction: 'out',
    amount: '500000',
    reason: 'bank_deposit',
    note: 'واریز به بانک',
  });
  const detail = await call<{
    fingerprint: string;
    reconciliation: { expectedCash: number; expectedCard: number };
  }>('day.detail', { dayId: day.id });
  await call('day.close', {
    dayId: day.id,
    fingerprint: detail.fingerprint,
    countedCash: String(detail.reconciliation.expectedCash - 50_000),
    cardSlipTotal: String(detail.reconciliation.expectedCard),
    cashNote: 'یک اسکناس ۵۰ هزار ریالی کم است',
    cardNote: '',
    password: MANAGER.password,
  });
  // As the manager's screen does: the backup that follows the close has ended (and is in the trail).
  await call('backups.afterClose', { dayId: day.id });
  return { dayId: day.id, voidedId: voided.id };
}

function kindsPushed(log: string[][]): FetchLike {
  return async (url, init) => {
    if (init.method === 'POST' && url.endsWith('/v1/push'))
      log.push((JSON.parse(String(init.body)) as { items: { kind: string }[] }).items.map((i) => i.kind));
    return fetch(url, init);
  };
}

/** An outbox row written straight into the terminal's database, as no core call would write it. */
function insertOutboxRow(t: TestTerminalApp, kind: string, body: string): string {
  const id = randomUUID();
  t.core.db
    .prepare('INSERT INTO outbox (id, kind, entity_id, body, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, kind, 'x', body, Date.now());
  return id;
}

describeOnEachBackend('day settlements and the audit trail reach the server', (server, tempDir) => {
  async function officeAudit(): Promise<OfficeAudit> {
    const answer = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/audit`);
    expect(answer.status).toBe(200);
    return answer.json as OfficeAudit;
  }

  it('a batch mixing transactions, a void, a day settlement and audit entries drains fully, and the server holds the settlement and the trail', async () => {
    const pushes: string[][] = [];
    const t = await openTerminal(tempDir(), { terminalNumber: 21, fetch: kindsPushed(pushes) });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const { dayId, voidedId } = await dayWithSales(t, 4);

    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, delivered: 6, needsAttention: 0 });
    expect(pushes).toHaveLength(1);
    expect(new Set(pushes[0])).toEqual(new Set(['transaction', 'void', 'day_settlement', 'audit_batch']));
    expect(t.engine.status()).toMatchObject({ queueDepth: 0, needsAttentionCount: 0 });
    await expectConverged(t.core, server(), 21);
    // Every id the core made (the void's, the settlement's, the audit stretch's) is time-ordered
    // (shared/ids); the sales' come from the test, as the form's would.
    const madeHere = t.core.db
      .prepare("SELECT id, kind FROM outbox WHERE kind != 'transaction' ORDER BY seq")
      .all() as { id: string; kind: string }[];
    expect(new Set(madeHere.map((r) => r.kind))).toEqual(new Set(['void', 'day_settlement', 'audit_batch']));
    expect(madeHere.filter((r) => !TIME_ORDERED_ID.test(r.id))).toEqual([]);
    const voided = (await server().transactions()).find((tx) => tx.id === voidedId);
    expect(voided?.status).toBe('voided');

    const local = t.core.db
      .prepare(
        `SELECT business_date AS businessDate, expected_cash AS expectedCash, counted_cash AS countedCash,
               cash_difference AS cashDifference, expected_card AS expectedCard, card_slip_total AS cardSlipTotal,
               card_difference AS cardDifference, opened_at AS openedAt, closed_at AS closedAt FROM business_days WHERE id = ?`,
      )
      .get(dayId) as Record<string, unknown>;
    const listed = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/settlements`);
    expect(listed.status).toBe(200);
    const { items } = listed.json as { items: Record<string, unknown>[] };
    const mine = items.filter((s) => s.terminal === 21);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      ...local,
      dayId,
      closedBy: MANAGER.username,
      transactions: 3,
      cashDifference: -50_000,
      body: expect.objectContaining({ notes: { cash: 'یک اسکناس ۵۰ هزار ریالی کم است', card: null } }),
    });

    const head = t.core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    expect(report.auditEntries).toBe(head.seq);
    const trail = (await officeAudit()).terminals.find((x) => x.terminal === 21);
    expect(trail).toMatchObject({
      entries: head.seq,
      headSeq: head.seq,
      headHash: head.hash,
      breaks: 0,
      settlementsMismatched: 0,
      settlementsPending: 0,
    });
    // The head the manager signed at the close is the entry the server now holds at that number.
    expect(mine[0]?.['auditHead']).toMatchObject({ ...signedHead(t, dayId), check: 'matched' });

    // Nothing new: nothing sent again; a later entry continues the chain the server holds.
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, pushed: 0, auditEntries: 0 });
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1, auditEntries: 1 });
    const after = (await officeAudit()).terminals.find((x) => x.terminal === 21);
    expect(after).toMatchObject({ entries: head.seq + 1, breaks: 0 });
    await t.close();
  });

  it('flags a trail rewritten in the SQLite file after the server took it: the stretch is set aside with the reason, the break is listed, and sales still drain', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 22 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    for (let i = 0; i < 3; i++) await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 3, needsAttention: 0 });
    const held = (await officeAudit()).terminals.find((x) => x.terminal === 22);
    expect(held?.breaks).toBe(0);

    // Edit an entry the server already has, re-hashing the local chain after it.
    rewriteTrailFrom(t, 2);
    const lastHeld = held?.headSeq ?? 0;
    const storedHead = held?.headHash;

    const sale = await t.save();
    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, delivered: 1, auditEntries: 0, needsAttention: 1 });
    expect(t.engine.status().needsAttention).toEqual([
      expect.objectContaining({ kind: 'audit_batch', reason: 'rejected: audit_chain_broken' }),
    ]);
    const audit = await officeAudit();
    const breaks = audit.breaks.filter((b) => b.terminal === 22);
    expect(breaks).toEqual([
      expect.objectContaining({
        reason: 'audit_chain_broken',
        atSeq: lastHeld + 1,
        expectedPrevHash: storedHead,
        receivedPrevHash: expect.not.stringMatching(storedHead ?? ''),
      }),
    ]);
    expect(audit.terminals.find((x) => x.terminal === 22)).toMatchObject({
      entries: lastHeld,
      headSeq: lastHeld,
      breaks: 1,
    });
    const listed = await server().admin('GET', `/v1/admin/audit/breaks?office=${server().officeCode}`);
    expect((listed.json as { items: unknown[] }).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ terminal: 22, reason: 'audit_chain_broken' })]),
    );

    // The queue goes on: the sale reached the server; nothing after the break is queued again.
    expect((await server().transactions()).some((tx) => tx.id === sale.id)).toBe(true);
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1, needsAttention: 0 });
    expect(
      count(t.core, "SELECT count(*) AS n FROM outbox WHERE kind = 'audit_batch' AND state = 'pending'"),
    ).toBe(0);
    await t.close();
  });

  it('flags a day whose trail was rewritten in the SQLite file after the close and before any push: the chain holds together, the head the manager signed does not', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 28 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const { dayId } = await dayWithSales(t, 2);
    const signed = signedHead(t, dayId);
    // Edit an early entry and re-hash everything after it, the signed head included.
    rewriteTrailFrom(t, 2);
    expect(t.core.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(signed.seq)).not.toEqual({
      hash: signed.hash,
    });

    // The server sees a chain that continues itself, so no break; the settlement is kept and marked.
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    const listed = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/settlements`);
    const mine = (listed.json as { items: { terminal: number; auditHead: unknown }[] }).items.filter(
      (s) => s.terminal === 28,
    );
    expect(mine).toEqual([
      expect.objectContaining({
        auditHead: { ...signed, check: 'mismatched', checkedAt: expect.any(Number) },
      }),
    ]);
    expect((await officeAudit()).terminals.find((x) => x.terminal === 28)).toMatchObject({
      breaks: 0,
      settlementsMismatched: 1,
      settlementsPending: 0,
    });
    await t.close();
  });

  it('after a restore from a backup the trail forks: the break is listed, municipal staff accept it, and the restored trail then flows on', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 26 });
    const call = async <T>(name: Parameters<TestTerminalApp['dispatcher']['call']>[1], input: unknown) => {
      const result = await t.dispatcher.call('w', name, input as never);
      if (!result.ok) throw new Error(`${name}: ${result.error.code}`);
      return result.value as T;
    };
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1, needsAttention: 0 });
    const backup = await call<{ file: string }>('backups.create', {});
    await t.save();
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 2, needsAttention: 0 });
    const held = (await officeAudit()).terminals.find((x) => x.terminal === 26);
    const heldBefore = held?.headSeq ?? 0;

    await call('backups.restore', {
      file: backup.file,
      password: MANAGER.password,
      acceptUnsyncedLoss: false,
    });
    await call('session.login', { username: MANAGER.username, password: MANAGER.password });
    const restoredAt = (
      t.core.db.prepare("SELECT seq FROM audit_log WHERE action = 'database_restored'").get() as {
        seq: number;
      }
    ).seq;
    const sale = await t.save();
    const report = await t.engine.syncNow();
    // The sale goes through; the trail's stretch is set aside: it rewrites entries the server holds.
    expect(report).toMatchObject({ ok: true, delivered: 1, needsAttention: 1 });
    expect((await server().transactions()).some((tx) => tx.id === sale.id)).toBe(true);
    const [setAside] = t.engine.status().needsAttention;
    expect(setAside).toMatchObject({ kind: 'audit_batch', reason: 'rejected: audit_entry_rewritten' });
    const breaks = (await officeAudit()).breaks.filter(
      (b) => b.terminal === 26,
    ) as (OfficeAudit['breaks'][number] & {
      id: number;
    })[];
    expect(breaks).toHaveLength(1);
    const found = breaks[0];
    if (!found || !setAside) throw new Error('no break');
    // The fork is the restore's own entry: everything before it is what the server holds.
    expect(found).toMatchObject({ reason: 'audit_entry_rewritten', atSeq: restoredAt });

    // Municipal staff accept it with a note; the entries held after the fork are kept aside.
    const accepted = await server().admin('POST', `/v1/admin/audit/breaks/${found.id}/accept`, {
      note: 'بازگردانی از پشتیبان در دفتر؛ تأیید شد',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toEqual({
      id: found.id,
      accepted: true,
      headSeq: found.atSeq - 1,
      superseded: heldBefore - (found.atSeq - 1),
    });
    const again = await server().admin('POST', `/v1/admin/audit/breaks/${found.id}/accept`, {
      note: 'دوباره',
    });
    expect(again).toMatchObject({ status: 409, json: { error: 'break_already_accepted' } });
    expect(await server().admin('POST', '/v1/admin/audit/breaks/999999/accept', { note: 'x' })).toMatchObject(
      {
        status: 404,
      },
    );
    expect(await server().admin('POST', `/v1/admin/audit/breaks/${found.id}/accept`, {})).toMatchObject({
      status: 400,
    });

    // The manager sends the stretch again from the Sync screen: the whole restored trail arrives.
    expect(t.engine.requeue(setAside.id)).toBe(true);
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    const local = t.core.db.prepare('SELECT count(*) AS n, max(seq) AS seq FROM audit_log').get() as {
      n: number;
      seq: number;
    };
    const localHead = t.core.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(local.seq) as {
      hash: string;
    };
    const after = await officeAudit();
    expect(after.terminals.find((x) => x.terminal === 26)).toMatchObject({
      entries: local.n,
      headSeq: local.seq,
      headHash: localHead.hash,
    });
    expect(after.breaks.find((b) => b.terminal === 26)).toMatchObject({
      acceptedNote: 'بازگردانی از پشتیبان در دفتر؛ تأیید شد',
      supersededEntries: heldBefore - (found.atSeq - 1),
    });
    await t.close();
  });

  it('refuses to accept a break that is not a fork of the held trail (a rewritten file), and changes nothing', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 27 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 0 });
    // Rewrite the local trail from entry 2 on and re-hash it: the stretch sent next links to a
    // head the server never held.
    rewriteTrailFrom(t, 2);
    await t.save();
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, needsAttention: 1 });
    const before = await officeAudit();
    const found = before.breaks.find((b) => b.terminal === 27) as { id: number; reason: string } | undefined;
    expect(found?.reason).toBe('audit_chain_broken');
    const refused = await server().admin('POST', `/v1/admin/audit/breaks/${found?.id}/accept`, {
      note: 'نه',
    });
    expect(refused).toMatchObject({ status: 409, json: { error: 'break_not_a_fork' } });
    expect(await officeAudit()).toEqual(before);
    await t.close();
  });

  it('takes the settlement of a day closed after the PC’s clock was put back, which by that clock closed before it opened', async () => {
    // The PC's clock, set to noon today in Tehran (no midnight within reach), then put back 2 hours.
    const tehranToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(new Date());
    const noon = Date.parse(`${tehranToday}T12:00:00+03:30`) - Date.now();
    let shift = noon;
    // Watched as the app's core is: the clock put back is noticed, the municipality's clock stays.
    const t = await openTerminal(tempDir(), {
      terminalNumber: 29,
      now: () => Date.now() + shift,
      core: { watchClock: true },
    });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    const call = managerCaller(t);
    const day = await call('day.open', { businessDate: tehranToday, openingFloat: '0' });
    await t.save();
    shift = noon - 2 * 3_600_000;
    await closeDayAsExpected(call, day.id);
    const settlement = JSON.parse(
      (
        t.core.db.prepare('SELECT settlement FROM business_days WHERE id = ?').get(day.id) as {
          settlement: string;
        }
      ).settlement,
    ) as { openedAt: number; closedAt: number };
    expect(settlement.closedAt).toBeLessThan(settlement.openedAt);

    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, needsAttention: 0 });
    const listed = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/settlements`);
    const mine = (listed.json as { items: { terminal: number; dayId: string }[] }).items.filter(
      (s) => s.terminal === 29,
    );
    expect(mine).toEqual([
      expect.objectContaining({
        dayId: day.id,
        openedAt: settlement.openedAt,
        closedAt: settlement.closedAt,
      }),
    ]);
    await t.close();
  });

  it('refuses a settlement whose figures do not hold together, and an item of a kind it does not know, without blocking the rest', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 23 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    await dayWithSales(t, 2);
    // The settlement as written at close, with the expected cash bent by 1,000 Rials.
    const stored = t.core.db.prepare("SELECT id, body FROM outbox WHERE kind = 'day_settlement'").get() as {
      id: string;
      body: string;
    };
    const body = JSON.parse(stored.body) as { reconciliation: { expectedCash: number } };
    body.reconciliation.expectedCash += 1_000;
    t.core.db.prepare('UPDATE outbox SET body = ? WHERE id = ?').run(JSON.stringify(body), stored.id);
    const mystery = insertOutboxRow(t, 'receipt_reprint', '{}');
    for (let i = 0; i < 2; i++) await t.save();

    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, delivered: 5, needsAttention: 2 });
    const attention = t.engine.status().needsAttention;
    expect(attention).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: stored.id,
          kind: 'day_settlement',
          reason: 'rejected: settlement_expected_cash_mismatch',
        }),
        expect.objectContaining({
          id: mystery,
          kind: 'receipt_reprint',
          reason: 'rejected: unknown_kind',
        }),
      ]),
    );
    expect(t.engine.status().queueDepth).toBe(0);
    const listed = await server().admin('GET', `/v1/admin/offices/${server().officeCode}/settlements`);
    expect((listed.json as { items: { terminal: number }[] }).items.filter((s) => s.terminal === 23)).toEqual(
      [],
    );
    await t.close();
  });

  it('sets aside an outbox item the server cannot even parse, and delivers the rest of its batch', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 24 });
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    for (let i = 0; i < 3; i++) await t.save();
    const broken = insertOutboxRow(t, 'transaction', '{"cut":');
    for (let i = 0; i < 3; i++) await t.save();
    const report = await t.engine.syncNow();
    expect(report).toMatchObject({ ok: true, delivered: 6, needsAttention: 1 });
    expect(t.engine.status().needsAttention).toEqual([
      expect.objectContaining({ id: broken, reason: 'rejected: refused' }),
    ]);
    await t.close();
  });
});
