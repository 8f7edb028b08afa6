import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../../../electron/core/db/migrations';
import { openDatabase, type Db } from '../../../../../electron/core/db/open';
import { recomputedReportTotals, storedReportTotals } from '../../../../support/report-totals';
import { useTempDirs } from '../../../../support/tempdir';

let sequence = 0;

function user(db: Db, id: number): void {
  db.prepare(
    `INSERT INTO users (id, username, full_name, role, password_hash, created_at, updated_at)
     VALUES (?, ?, 'کاربر', 'operator', 'x', 1, 1)`,
  ).run(id, `user${id}`);
}

/** A transaction as 0002 stores it, with its payments; amounts in Rials. */
function sale(
  db: Db,
  t: { id: string; date: string; service: string; name: string; operator: number; status?: string },
  payments: { method: 'cash' | 'card'; amount: number; change?: number }[],
): void {
  sequence++;
  const total = payments.reduce((s, p) => s + p.amount, 0);
  db.prepare(
    `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
       catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
       citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
     VALUES (?, 'h', ?, ?, ?, ?, ?, 'v1', 1, 1, '0499370899', 'علی', 'رضایی', NULL, '[]', ?, ?, ?, ?, ?, 1, ?)`,
  ).run(
    t.id,
    `code-${sequence}`,
    sequence,
    t.service,
    t.name,
    `${t.name} (en)`,
    total - 150_000,
    150_000,
    total,
    t.status ?? 'saved',
    t.operator,
    t.date,
  );
  for (const p of payments)
    db.prepare(
      `INSERT INTO payments (transaction_id, method, amount, tendered, change_given, reference, created_at)
       VALUES (?, ?, ?, NULL, ?, NULL, 1)`,
    ).run(t.id, p.method, p.amount, p.change ?? 0);
}

describe('migration 0005 (report totals)', () => {
  const tempDir = useTempDirs();

  it('sums the transactions of version 4 per day, service and operator, voids apart', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 4);
    user(db, 1);
    user(db, 2);
    const day1 = { date: '2025-03-20', service: 'waste-fee', name: 'پسماند', operator: 1 };
    sale(db, { ...day1, id: 'a' }, [{ method: 'cash', amount: 1_150_000, change: 50_000 }]);
    sale(db, { ...day1, id: 'b', operator: 2 }, [
      { method: 'cash', amount: 500_000 },
      { method: 'card', amount: 650_000 },
    ]);
    sale(db, { ...day1, id: 'c', status: 'voided' }, [{ method: 'card', amount: 2_150_000 }]);
    sale(db, { ...day1, id: 'd', date: '2025-03-21', name: 'عوارض پسماند' }, [
      { method: 'card', amount: 300_000 },
    ]);
    migrate(db, MIGRATIONS, () => 1, 5);

    expect(storedReportTotals(db)).toEqual(recomputedReportTotals(db));
    expect(
      db
        .prepare(
          "SELECT count, total, voided_count, voided_total FROM report_day_groups WHERE business_date = '2025-03-20' AND operator_user_id = 1",
        )
        .get(),
    ).toEqual({ count: 1, total: 1_150_000, voided_count: 1, voided_total: 2_150_000 });
    expect(
      db
        .prepare(
          "SELECT method, payments, amount, change_given FROM report_day_methods WHERE business_date = '2025-03-20'",
        )
        .all(),
    ).toEqual([
      { method: 'card', payments: 1, amount: 650_000, change_given: 0 },
      { method: 'cash', payments: 2, amount: 1_650_000, change_given: 50_000 },
    ]);
    db.close();
  });

  it('keeps the totals equal to a recomputation as sales, voids and status changes land afterwards', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 5);
    user(db, 1);
    const base = { date: '2025-03-22', service: 'vehicle-dues', name: 'خودرو', operator: 1 };
    sale(db, { ...base, id: 'e' }, [{ method: 'cash', amount: 900_000, change: 100_000 }]);
    sale(db, { ...base, id: 'f' }, [
      { method: 'cash', amount: 400_000 },
      { method: 'card', amount: 400_000 },
    ]);
    sale(db, { ...base, id: 'g', name: 'عوارض خودرو', status: 'voided' }, [
      { method: 'card', amount: 700_000 },
    ]);
    expect(storedReportTotals(db)).toEqual(recomputedReportTotals(db));

    db.prepare("UPDATE transactions SET status = 'voided' WHERE id = 'f'").run();
    expect(storedReportTotals(db)).toEqual(recomputedReportTotals(db));
    // A status that stays on one side of 'voided' moves no money.
    db.prepare("UPDATE transactions SET status = 'approved' WHERE id = 'e'").run();
    expect(storedReportTotals(db)).toEqual(recomputedReportTotals(db));
    // Should the municipality ever take a void back, the money returns to the totals.
    db.prepare("UPDATE transactions SET status = 'approved' WHERE id = 'g'").run();
    expect(storedReportTotals(db)).toEqual(recomputedReportTotals(db));
    expect(db.prepare('SELECT count(*) AS n FROM report_day_groups').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT service_name_fa, count, voided_count FROM report_day_groups').get()).toEqual({
      service_name_fa: 'عوارض خودرو',
      count: 2,
      voided_count: 1,
    });
    db.close();
  });

  it('rolls the totals back with the write that failed', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 5);
    user(db, 1);
    const failing = db.transaction(() => {
      sale(db, { id: 'h', date: '2025-03-23', service: 'waste-fee', name: 'پسماند', operator: 1 }, [
        { method: 'cash', amount: 1_000_000 },
      ]);
      throw new Error('the save failed after its rows');
    });
    expect(() => failing()).toThrow(/save failed/);
    expect(storedReportTotals(db)).toEqual({ groups: [], methods: [] });
    db.close();
  });
});
