import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/db/open';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

function sale(db: Db, sequence: number): string {
  const id = `t${sequence}`;
  db.prepare(
    `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
       catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
       citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
     VALUES (?, 'h', ?, ?, 'waste-fee', 'عوارض پسماند', 'Waste-management fee', 'v1', 1, 1, '0499370899', 'مریم',
       'کاظمی', '09121234567', '[]', 0, 5000, 5000, 'saved', 1, 100, '2025-03-20')`,
  ).run(id, `code-${sequence}`, sequence);
  return id;
}

const VOID_AT_COUNTER =
  "INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at) VALUES (?, 'void', 'اشتباه', 1, 1, ?)";

describe('migration 0009 (void source)', () => {
  const tempDir = useTempDirs();

  it('keeps every void with its id, records the one a bare status from the feed lacked unless a close already left it out, and holds one with no user known here', () => {
    const db = databaseAtVersion(tempDir(), 8);
    for (let i = 1; i <= 7; i++) sale(db, i);
    db.prepare(VOID_AT_COUNTER).run('t1', 200);
    db.prepare(VOID_AT_COUNTER).run('t3', 300);
    // The earlier version set t5 voided from the feed (after a restore) with no void recorded; t6
    // had a cancellation requested by the feed and has moved on since (nothing to record).
    const history = db.prepare(
      "INSERT INTO status_history (transaction_id, status, source, reason, at) VALUES (?, ?, 'municipality', ?, ?)",
    );
    history.run('t5', 'received', null, 250);
    history.run('t5', 'voided', 'شهروند منصرف شد', 260);
    db.prepare("UPDATE transactions SET status = 'voided' WHERE id = 't5'").run();
    history.run('t6', 'cancellation_requested', 'درخواست لغو', 270);
    history.run('t6', 'approved', null, 280);
    db.prepare("UPDATE transactions SET status = 'approved' WHERE id = 't6'").run();
    // t7 was set voided before its day closed, so that close already left it out; t5 after it.
    history.run('t7', 'voided', 'اشتباه در ثبت', 240);
    db.prepare("UPDATE transactions SET status = 'voided' WHERE id = 't7'").run();
    db.prepare(
      `INSERT INTO business_days (id, terminal_number, business_date, state, opening_float, opened_by, opened_at,
         closed_by, closed_at, counted_cash, card_slip_total, expected_cash, expected_card, cash_difference,
         card_difference, voids_through, settlement)
       VALUES ('d1', 1, '2025-03-20', 'closed', 0, 1, 1, 1, 245, 0, 0, 0, 0, 0, 0, 2, '{}')`,
    ).run();
    const trail = db.prepare(
      `INSERT INTO audit_log (at, terminal, action, entity, entity_id, details, prev_hash, hash)
       VALUES (?, '1234-1', ?, ?, ?, '{}', 'p', 'h')`,
    );
    trail.run(240, 'status_changed_by_municipality', 'transaction', 't7');
    trail.run(245, 'day_closed', 'business_day', 'd1');
    // The PC's clock went back: t5's status came after the close in the trail, though timed earlier.
    trail.run(100, 'status_changed_by_municipality', 'transaction', 't5');
    const before = db.prepare('SELECT * FROM voids ORDER BY id').all() as { id: number }[];
    migrateTo(db, 9);

    const kept = db
      .prepare(
        "SELECT id, transaction_id, kind, reason, requested_by, approved_by, at FROM voids WHERE source = 'counter' ORDER BY id",
      )
      .all();
    expect(kept).toEqual(before);
    expect(
      db
        .prepare(
          "SELECT transaction_id, kind, reason, requested_by, approved_by, at, recorded_approver FROM voids WHERE source = 'municipality'",
        )
        .all(),
    ).toEqual([
      {
        transaction_id: 't5',
        kind: 'void',
        reason: 'شهروند منصرف شد',
        requested_by: null,
        approved_by: null,
        at: 260,
        recorded_approver: null,
      },
    ]);
    // The next void follows the last one's id (closes compare void ids).
    const last = (db.prepare('SELECT max(id) AS id FROM voids').get() as { id: number }).id;
    expect(last).toBe((before.at(-1)?.id ?? 0) + 1);
    db.prepare(
      `INSERT INTO voids (transaction_id, kind, reason, at, source, recorded_approver)
       VALUES ('t2', 'void', 'اشتباه', 400, 'municipality', 'manager-gone')`,
    ).run();
    expect(db.prepare("SELECT id FROM voids WHERE transaction_id = 't2'").get()).toEqual({ id: last + 1 });

    // A void made at the counter still names both of its users; one per transaction; never changed
    // nor deleted.
    expect(() =>
      db
        .prepare("INSERT INTO voids (transaction_id, kind, reason, at) VALUES ('t4', 'void', 'x', 500)")
        .run(),
    ).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare(VOID_AT_COUNTER).run('t1', 600)).toThrow(/UNIQUE constraint failed/);
    expect(() => db.prepare("UPDATE voids SET reason = 'دیگر' WHERE transaction_id = 't1'").run()).toThrow(
      /voids are never changed/,
    );
    expect(() => db.prepare("DELETE FROM voids WHERE transaction_id = 't1'").run()).toThrow(
      /voids are never deleted/,
    );
    expect(() =>
      db
        .prepare(
          "INSERT INTO voids (transaction_id, kind, reason, requested_by, approved_by, at) VALUES ('t4', 'void', 'x', 99, 1, 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
