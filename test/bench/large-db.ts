import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, openCore, type Core } from '../../electron/core/core';
import { createDispatcher, type Dispatcher } from '../../electron/core/ipc/dispatch';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { indexTransactionText } from '../../electron/core/transactions/text-index';
import { tehranWallTime } from '../../shared/jalali';
import { businessDateAfter, reconcile } from '../../shared/reconciliation';
import { makeTrackingCode } from '../../shared/tracking-code';

/** Valid national IDs (check digit computed), a pool the generated citizens are drawn from. */
export function nationalId(n: number): string {
  const body = String(100_000_000 + (n % 800_000_000))
    .padStart(9, '0')
    .slice(-9);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (10 - i), 0) % 11;
  return body + String(sum < 2 ? sum : 11 - sum);
}

export const CITIZEN_POOL = 50_000;

/**
 * The n-th citizen at a counter, each a different person (a national ID outside the large
 * databases' pool, and a mobile of their own): the indexes by citizen take each save, and each
 * delivery's status, at a place of their own, not beside the last one.
 */
export function walkInCitizen(n: number): { nationalId: string; mobile: string } {
  return { nationalId: nationalId(123_457 + n * 7_919), mobile: `0912${String(n).padStart(7, '0')}` };
}

/** The benchmark office's manager, whom every scenario logs in as. */
export const BENCH_MANAGER = { username: 'manager', fullName: 'مدیر سنجش', password: 'bench password' };

/** Sets up the benchmark's office (terminal 1, BENCH_MANAGER) in a new core, through its calls. */
export async function createBenchOffice(dispatcher: Dispatcher): Promise<void> {
  const setup = await dispatcher.call('bench', 'setup.createOffice', {
    officeName: 'دفتر سنجش',
    officeCode: '1234',
    district: 1,
    terminalNumber: 1,
    manager: BENCH_MANAGER,
  });
  if (!setup.ok) throw new Error(setup.error.code);
}

/**
 * Citizens' names, from 13 × 12 pairs: the list's filter is measured on names that differ, as an
 * office's do. No one is called «مریم», the benchmark's name that no row has.
 */
const FIRST_NAMES = [
  'علی',
  'محمد',
  'حسین',
  'رضا',
  'زهرا',
  'فاطمه',
  'سارا',
  'مهدی',
  'نرگس',
  'امیر',
  'لیلا',
  'حمید',
  'مرتضی',
];
const LAST_NAMES = [
  'رضایی',
  'محمدی',
  'حسینی',
  'احمدی',
  'کریمی',
  'موسوی',
  'جعفری',
  'صادقی',
  'رحیمی',
  'نوری',
  'کاظمی',
  'اکبری',
];

export interface LargeDb {
  readonly dataDir: string;
  readonly count: number;
  /** The business dates the transactions spread over, ending today. */
  readonly spanDays: number;
  trackingCodeOf(sequence: number): string;
}

/**
 * What the generator writes, in the cache folder's name: a database built by an older generator is
 * not reused.
 */
const GENERATOR_VERSION = 2;

/** The last days before now are left unclosed, as the day-close scenario opens and closes some. */
export const UNCLOSED_DAYS = 45;

export interface LargeDbOptions {
  /** Days the transactions spread over, evenly, ending now (default three years). */
  readonly spanDays?: number;
}

/**
 * A terminal's database holding `count` transactions (with fee lines, payments, status rows and
 * delivered outbox entries), built once into the cache folder and reused. Rows are inserted in bulk
 * with plain SQL: what is measured is reading such a database, not writing it.
 */
export async function largeDb(
  cacheDir: string,
  count: number,
  log: (msg: string) => void,
  options: LargeDbOptions = {},
): Promise<LargeDb> {
  const spanDays = options.spanDays ?? 3 * 365;
  const dataDir = join(
    cacheDir,
    `terminal-${count}-over-${spanDays}d-schema-${LATEST_SCHEMA_VERSION}-g${GENERATOR_VERSION}`,
  );
  const trackingCodeOf = (sequence: number) => {
    const code = makeTrackingCode({ officeCode: '1234', terminalNumber: 1, sequence });
    if (!code.ok) throw new Error(code.code);
    return code.value;
  };
  if (existsSync(join(dataDir, DATABASE_FILE))) return { dataDir, count, spanDays, trackingCodeOf };

  // A database of the same size built by an older generator or schema is not used again: its
  // gigabyte or so goes before this one is built.
  const prefix = `terminal-${count}-over-${spanDays}d-`;
  for (const name of existsSync(cacheDir) ? readdirSync(cacheDir) : [])
    if (name.startsWith(prefix) && join(cacheDir, name) !== dataDir)
      rmSync(join(cacheDir, name), { recursive: true, force: true });
  const building = `${dataDir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  log(
    `building a ${count.toLocaleString('en-US')}-transaction database over ${spanDays} days in ${dataDir} (once)…`,
  );
  const core = openCore({ dataDir: building });
  await createBenchOffice(createDispatcher(core));
  const db = core.db;
  db.pragma('synchronous = OFF');
  const tx =
    db.prepare(`INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa,
    service_name_en, catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
    citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
    VALUES (?, 'bench', ?, ?, ?, ?, ?, 'sample-1404.1', 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`);
  const line =
    db.prepare(`INSERT INTO fee_lines (transaction_id, line_no, line_key, label_fa, label_en, kind, amount)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const pay =
    db.prepare(`INSERT INTO payments (transaction_id, method, amount, tendered, change_given, reference, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const status = db.prepare(
    `INSERT INTO status_history (transaction_id, status, source, actor_user_id, at) VALUES (?, 'saved', 'counter', 1, ?)`,
  );
  const outbox = db.prepare(
    `INSERT INTO outbox (id, kind, entity_id, body, created_at, state, delivered_at) VALUES (?, 'transaction', ?, ?, ?, 'delivered', ?)`,
  );
  const services = [
    ['property-renewal-dues', 'عوارض نوسازی', 'Property renewal dues'],
    ['waste-fee', 'عوارض پسماند', 'Waste-management fee'],
    ['business-dues', 'عوارض کسب و پیشه', 'Business-trade dues'],
    ['vehicle-dues', 'عوارض سالیانه خودرو', 'Annual vehicle dues'],
    ['citizen-request', 'درخواست یا شکایت شهروندی', 'Citizen request or complaint'],
  ] as const;
  // `spanDays` back from now, ~ evenly.
  const end = Date.now();
  const span = spanDays * 86_400_000;
  const fields = JSON.stringify([
    { key: 'fileCode', label: { fa: 'کد پرونده', en: 'File code' }, type: 'text', value: 'K-1' },
  ]);
  const BATCH = 50_000;
  for (let from = 1; from <= count; from += BATCH) {
    db.transaction(() => {
      for (let seq = from; seq < Math.min(from + BATCH, count + 1); seq++) {
        const id = randomUUID();
        const citizen = seq % CITIZEN_POOL;
        const at = end - span + Math.floor((seq / count) * span);
        const day = new Date(at + 12_600_000).toISOString().slice(0, 10);
        const service = services[seq % services.length] ?? services[0];
        const municipal = service[0] === 'citizen-request' ? 0 : 1_000_000 + (seq % 97) * 10_000;
        const office = service[0] === 'citizen-request' ? 0 : 150_000;
        const total = municipal + office;
        tx.run(
          id,
          trackingCodeOf(seq),
          seq,
          service[0],
          service[1],
          service[2],
          nationalId(citizen),
          FIRST_NAMES[citizen % FIRST_NAMES.length],
          LAST_NAMES[Math.floor(citizen / FIRST_NAMES.length) % LAST_NAMES.length],
          `0912${String(seq % 10_000_000).padStart(7, '0')}`,
          fields,
          municipal,
          office,
          total,
          seq % 50 === 0 ? 'voided' : 'saved',
          at,
          day,
        );
        if (municipal > 0) line.run(id, 1, 'dues', service[1], service[2], 'municipal', municipal);
        line.run(id, 2, 'office-fee', 'کارمزد دفتر', 'Office fee', 'office', office);
        if (total > 0) {
          if (seq % 3 === 0) pay.run(id, 'card', total, null, 0, String(100_000_000_000 + seq), at);
          else pay.run(id, 'cash', total, total + 50_000, 50_000, null, at);
        }
        status.run(id, at);
        outbox.run(id, id, '{}', at, at);
      }
      // What the saves' batches would have indexed by now (text-index.ts), at once.
      indexTransactionText(db, Math.min(from + BATCH - 1, count), 1);
    })();
    log(`  ${Math.min(from + BATCH - 1, count).toLocaleString('en-US')} rows`);
  }
  closeDays(db, end - UNCLOSED_DAYS * 86_400_000, log);
  db.pragma('synchronous = FULL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  core.close();
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
  return { dataDir, count, spanDays, trackingCodeOf };
}

/**
 * The voids and closed days of an office that closes every day: each voided transaction has its
 * void; every day before `closedBefore` is closed (its `voids_through`, a settlement); one void in
 * ten comes the day after its sale's day closed, a late void taken by that next day's close, and
 * those of the last closed day are still pending. What the range report and the day's books read.
 */
function closeDays(db: Core['db'], closedBefore: number, log: (msg: string) => void): void {
  const days = db
    .prepare(
      `SELECT business_date AS date, min(created_at) AS first, max(created_at) AS last FROM transactions
        GROUP BY business_date ORDER BY business_date`,
    )
    .all() as { date: string; first: number; last: number }[];
  const voided = new Map<string, { id: string; at: number }[]>();
  for (const v of db
    .prepare(
      "SELECT id, business_date AS date, created_at AS at FROM transactions WHERE status = 'voided' ORDER BY created_at",
    )
    .all() as { id: string; date: string; at: number }[]) {
    const list = voided.get(v.date);
    if (list) list.push(v);
    else voided.set(v.date, [v]);
  }
  const insertVoid = db.prepare(
    `INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at, business_date)
     VALUES (?, 'void', 'ابطال سنجش', 1, 1, ?, ?)`,
  );
  const insertDay = db.prepare(
    `INSERT INTO business_days (id, terminal_number, business_date, state, opening_float, opened_by, opened_at,
       closed_by, closed_at, counted_cash, card_slip_total, expected_cash, expected_card, cash_difference,
       card_difference, voids_through, settlement)
     VALUES (?, 1, ?, 'closed', 0, 1, ?, 1, ?, 0, 0, 0, 0, 0, 0, (SELECT coalesce(max(id), 0) FROM voids), ?)`,
  );
  const insertLate = db.prepare('INSERT INTO late_voids (transaction_id, day_id) VALUES (?, ?)');
  // A settlement the day's view can read; its figures are not what any scenario measures.
  const settlement = JSON.stringify({
    reconciliation: reconcile({ openingFloat: 0, transactions: [], movements: [], lateVoids: [] }),
  });
  let closed = 0;
  let late: { id: string; at: number }[] = [];
  let lastClosed: string | null = null;
  db.transaction(() => {
    for (const day of days) {
      const open = day.first >= closedBefore;
      // The earlier day's late voids, made this morning, before this day's own.
      for (const v of late) insertVoid.run(v.id, day.first, day.date);
      const own = voided.get(day.date) ?? [];
      const later: { id: string; at: number }[] = [];
      for (const [i, v] of own.entries()) {
        if (!open && i % 10 === 9) later.push(v);
        else insertVoid.run(v.id, v.at + 60_000, day.date);
      }
      if (open) {
        late = [];
        continue;
      }
      const id = randomUUID();
      insertDay.run(id, day.date, day.first, day.last + 1_000, settlement);
      for (const v of late) insertLate.run(v.id, id);
      late = later;
      lastClosed = day.date;
      closed++;
    }
    // The last closed day's late voids: made since, taken by no close yet.
    const pendingDate = businessDateAfter(tehranWallTime(closedBefore).isoDate, lastClosed);
    for (const v of late) insertVoid.run(v.id, closedBefore, pendingDate);
  })();
  log(`  ${closed.toLocaleString('en-US')} days closed, ${voided.size.toLocaleString('en-US')} with voids`);
}

/** A throwaway copy, for scenarios that write. */
export function copyDb(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  copyFileSync(join(source, DATABASE_FILE), join(target, DATABASE_FILE));
}
