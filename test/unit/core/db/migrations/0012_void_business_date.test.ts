import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/db/open';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

function sale(db: Db, sequence: number, businessDate: string): string {
  const id = `t${sequence}`;
  db.prepare(
    `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
       catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
       citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
     VALUES (?, 'h', ?, ?, 'waste-fee', 'عوارض پسماند', 'Waste-management fee', 'v1', 1, 1, '0499370899', 'مریم',
       'کاظمی', '09121234567', '[]', 0, 5000, 5000, 'voided', 1, 100, ?)`,
  ).run(id, `code-${sequence}`, sequence, businessDate);
  return id;
}

function closedDay(db: Db, id: string, businessDate: string): void {
  db.prepare(
    `INSERT INTO business_days (id, terminal_number, business_date, state, opening_float, opened_by, opened_at,
       closed_by, closed_at, counted_cash, card_slip_total, expected_cash, expected_card, cash_difference,
       card_difference, voids_through, settlement)
     VALUES (?, 1, ?, 'closed', 0, 1, 1, 1, 2, 0, 0, 0, 0, 0, 0, (SELECT coalesce(max(id), 0) FROM voids), '{}')`,
  ).run(id, businessDate);
}

const VOID =
  "INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at) VALUES (?, 'void', 'اشتباه', 1, 1, ?)";

// 2025-03-20 20:29:59 and 20:30:00 UTC: 23:59:59 on the 20th and midnight of the 21st in Tehran.
const TEHRAN_20TH_LAST_SECOND = Date.UTC(2025, 2, 20, 20, 29, 59);
const TEHRAN_21ST_MIDNIGHT = Date.UTC(2025, 2, 20, 20, 30, 0);

describe('migration 0012 (void business date)', () => {
  const tempDir = useTempDirs();

  it('dates every void as the counter did when it was made: its Tehran date, or the day after the last one closed before it', () => {
    const db = databaseAtVersion(tempDir(), 11);
    for (let i = 1; i <= 4; i++) sale(db, i, '2025-03-20');
    db.prepare(VOID).run('t1', TEHRAN_20TH_LAST_SECOND);
    db.prepare(VOID).run('t2', TEHRAN_21ST_MIDNIGHT);
    // The 21st closed early, then the clock still said the 21st (or went back to the 20th).
    closedDay(db, 'd21', '2025-03-21');
    db.prepare(VOID).run('t3', TEHRAN_21ST_MIDNIGHT);
    db.prepare(VOID).run('t4', TEHRAN_20TH_LAST_SECOND);
    const before = db.prepare('SELECT * FROM voids ORDER BY id').all();
    migrateTo(db, 12);

    const after = db.prepare('SELECT * FROM voids ORDER BY id').all() as { business_date: string }[];
    expect(after.map(({ business_date: _date, ...v }) => v)).toEqual(before);
    expect(after.map((v) => v.business_date)).toEqual([
      '2025-03-20',
      '2025-03-21',
      '2025-03-22',
      '2025-03-22',
    ]);
    // Voids are still never changed nor deleted, and a date is a date.
    expect(() => db.prepare("UPDATE voids SET business_date = '2025-03-23' WHERE id = 1").run()).toThrow(
      'voids are never changed',
    );
    expect(() => db.prepare('DELETE FROM voids WHERE id = 1').run()).toThrow('voids are never deleted');
    sale(db, 5, '2025-03-22');
    expect(() =>
      db
        .prepare(
          "INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at, business_date) VALUES ('t5', 'void', 'x', 1, 1, 1, '1404/01/01')",
        )
        .run(),
    ).toThrow(/CHECK/);
    // One the feed brings back (sync/pull.ts) has no date.
    db.prepare(
      "INSERT INTO voids (transaction_id, kind, reason, at, source, recorded_approver) VALUES ('t5', 'void', 'x', 1, 'municipality', 'm')",
    ).run();
    expect(db.prepare("SELECT business_date FROM voids WHERE transaction_id = 't5'").get()).toEqual({
      business_date: null,
    });
    db.close();
  });
});
