import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPassword } from '../../../electron/core/accounts/passwords';
import { findUserByUsername } from '../../../electron/core/accounts/queries';
import { sessionFor } from '../../../electron/core/accounts/sessions';
import { openCore, type Core } from '../../../electron/core/core';
import { closeDay, dayDetail } from '../../../electron/core/day';
import { createDispatcher, type Dispatcher } from '../../../electron/core/ipc/dispatch';
import type { DayDetail } from '../../../shared/ipc/calls/manager';
import { gregorianToJalali, tehranWallTime } from '../../../shared/jalali';
import { copyDb, type LargeDb } from '../large-db';
import { ms, round, summarize, type Row } from '../stats';

const DAY_MS = 86_400_000;
const PASSWORD = 'bench password';

/** The plain SQL aggregates a year report amounts to, straight over the raw rows (the baseline). */
function plainYearAggregate(core: Core, from: string, to: string): void {
  const sums = `count(*) FILTER (WHERE status != 'voided'), sum(municipal_total) FILTER (WHERE status != 'voided'),
    sum(office_total) FILTER (WHERE status != 'voided'), sum(total) FILTER (WHERE status != 'voided'),
    count(*) FILTER (WHERE status = 'voided'), sum(total) FILTER (WHERE status = 'voided')`;
  const where = 'FROM transactions WHERE business_date BETWEEN ? AND ?';
  core.db.prepare(`SELECT business_date, ${sums} ${where} GROUP BY business_date`).all(from, to);
  core.db.prepare(`SELECT service_code, ${sums} ${where} GROUP BY service_code`).all(from, to);
  core.db.prepare(`SELECT operator_user_id, ${sums} ${where} GROUP BY operator_user_id`).all(from, to);
  core.db
    .prepare(
      `SELECT p.method, count(*), sum(p.amount), sum(p.change_given) FROM transactions t
         JOIN payments p ON p.transaction_id = t.id
        WHERE t.business_date BETWEEN ? AND ? AND t.status != 'voided' GROUP BY p.method`,
    )
    .all(from, to);
}

/** The plain SQL aggregate of one day: what its drawer should hold by method. */
function plainDayAggregate(core: Core, date: string): void {
  core.db
    .prepare(
      `SELECT p.method, count(*), sum(p.amount), sum(p.change_given) FROM transactions t
         JOIN payments p ON p.transaction_id = t.id
        WHERE t.business_date = ? AND t.status != 'voided' GROUP BY p.method`,
    )
    .all(date);
  core.db
    .prepare(
      `SELECT service_code, operator_user_id, count(*), sum(total) FROM transactions
        WHERE business_date = ? GROUP BY service_code, operator_user_id`,
    )
    .all(date);
}

async function call(dispatcher: Dispatcher, name: string, input: unknown): Promise<unknown> {
  const r = await dispatcher.call('bench', name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${JSON.stringify(r.error.details ?? {})}`);
  return r.value;
}

/**
 * Scenario 5: on a year of transactions (~1,000 a day), a one-year report through the real report
 * call, and closing days through the real core — the day's view, then the close itself (reconcile,
 * fingerprint, the manager's signature, settlement, audit) — each against the plain SQL aggregate
 * of the same rows.
 */
export async function reportScenario(db: LargeDb, runs: number, closes: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-reports-'));
  try {
    copyDb(db.dataDir, dir);
    const core = openCore({ dataDir: dir });
    const dispatcher = createDispatcher(core);
    await call(dispatcher, 'session.login', { username: 'manager', password: PASSWORD });

    const today = tehranWallTime(Date.now()).isoDate;
    const yearAgo = tehranWallTime(Date.now() - (db.spanDays - 1) * DAY_MS).isoDate;
    const range = { from: gregorianToJalali(yearAgo), to: gregorianToJalali(today) };
    const reportSamples: number[] = [];
    const plainSamples: number[] = [];
    let transactions = 0;
    for (let i = 0; i < runs; i++) {
      let t0 = process.hrtime.bigint();
      const report = (await call(dispatcher, 'reports.range', range)) as {
        totals: { count: number; voidedCount: number };
      };
      reportSamples.push(ms(t0));
      transactions = report.totals.count + report.totals.voidedCount;
      t0 = process.hrtime.bigint();
      plainYearAggregate(core, yearAgo, today);
      plainSamples.push(ms(t0));
    }

    // Days a month back, closed oldest first, each opened with no float and counted exactly: the
    // day's view, then the core's close (what day.close answers with: the close and the closed
    // day's view); the last day through the IPC call, with whatever its handler adds after the close.
    const manager = findUserByUsername(core.db, 'manager');
    if (!manager) throw new Error('no manager');
    const session = sessionFor(manager, Date.now());
    // The manager's signature: the password typed at the login above is recognized without scrypt
    // (accounts/recent-passwords.ts), as it is for a manager who logged in and closes the day. A
    // scrypt check alone is timed beside each close: what a signature costs when its password was
    // not checked in this session yet.
    const hash = (
      core.db.prepare("SELECT password_hash AS h FROM users WHERE username = 'manager'").get() as {
        h: string;
      }
    ).h;
    const signatureSamples: number[] = [];
    const viewSamples: number[] = [];
    const closeSamples: number[] = [];
    const dayPlainSamples: number[] = [];
    let callMs = 0;
    let backupMs = 0;
    let dayTransactions = 0;
    for (let i = closes; i >= 0; i--) {
      const date = tehranWallTime(Date.now() - (30 + i) * DAY_MS).isoDate;
      const opened = (await call(dispatcher, 'day.open', { businessDate: date, openingFloat: '0' })) as {
        id: string;
      };
      let t0 = process.hrtime.bigint();
      const detail = (await call(dispatcher, 'day.detail', { dayId: opened.id })) as DayDetail;
      viewSamples.push(ms(t0));
      dayTransactions = detail.transactions;
      const input = {
        dayId: opened.id,
        fingerprint: detail.fingerprint,
        countedCash: String(detail.reconciliation.expectedCash),
        cardSlipTotal: String(detail.reconciliation.expectedCard),
        cashNote: '',
        cardNote: '',
        password: PASSWORD,
      };
      if (i > 0) {
        t0 = process.hrtime.bigint();
        if (!(await verifyPassword(PASSWORD, hash))) throw new Error('the bench password does not match');
        signatureSamples.push(ms(t0));
        t0 = process.hrtime.bigint();
        await closeDay(core, session, input);
        dayDetail(core, opened.id);
        closeSamples.push(ms(t0));
      } else {
        t0 = process.hrtime.bigint();
        await call(dispatcher, 'day.close', input);
        callMs = ms(t0);
        // The backup that follows it, which the call no longer waits for; the plain aggregate is
        // timed after it ends, so the two do not share the machine.
        const backup = (await call(dispatcher, 'backups.afterClose', { dayId: opened.id })) as {
          ok: boolean;
          name: string | null;
          errorCode: string | null;
        } | null;
        if (!backup?.ok)
          throw new Error(`the backup after the close failed: ${backup?.errorCode ?? 'none started'}`);
        backupMs = ms(t0);
      }
      t0 = process.hrtime.bigint();
      plainDayAggregate(core, date);
      dayPlainSamples.push(ms(t0));
    }

    core.close();

    const r = summarize(reportSamples);
    const p = summarize(plainSamples);
    const v = summarize(viewSamples);
    const c = summarize(closeSamples);
    const d = summarize(dayPlainSamples);
    const s = summarize(signatureSamples);
    return [
      {
        scenario: 'year-report',
        metric: 'median',
        value: round(r.median, 1),
        unit: 'ms',
        baseline: round(p.median, 1),
        ratio: round(r.median / p.median, 3),
        note: `${transactions.toLocaleString('en-US')} transactions over ${db.spanDays} days; p99 ${round(r.p99, 1)} ms over ${runs} runs; baseline: the same four GROUP BYs over the raw rows`,
      },
      {
        scenario: 'day-view',
        metric: 'median',
        value: round(v.median, 1),
        unit: 'ms',
        baseline: round(d.median, 1),
        ratio: round(v.median / d.median, 3),
        note: `${dayTransactions.toLocaleString('en-US')} transactions in the day`,
      },
      {
        scenario: 'day-close',
        metric: 'median',
        value: round(c.median, 1),
        unit: 'ms',
        baseline: round(d.median, 1),
        ratio: round(c.median / d.median, 3),
        note: `max ${round(c.max, 1)} ms over ${closes} days; the core's close, with the signature of the logged-in manager (recognized, no scrypt), and the closed day's view`,
      },
      {
        scenario: 'day-close-call',
        metric: 'time',
        value: round(callMs, 1),
        unit: 'ms',
        note: 'one day.close IPC call: the close and whatever its handler does before it answers',
      },
      {
        scenario: 'day-close-backup',
        metric: 'time',
        value: round(backupMs, 1),
        unit: 'ms',
        note: "from the same call to the end of the backup that follows it (backups.afterClose: a copy verified with quick_check on a thread of its own); the manager's screen shows the closed day meanwhile",
      },
      {
        scenario: 'day-close-signature',
        metric: 'median',
        value: round(s.median, 1),
        unit: 'ms',
        note: 'one scrypt password check (N=2^15, on the libuv pool): what a signature adds when its password was not checked in this session yet (the login pays it)',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
