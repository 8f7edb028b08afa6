import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

describe('migration 0016 (receipt print cancelled)', () => {
  const tempDir = useTempDirs();

  it('keeps every copy recorded before it counted: none is marked cancelled', () => {
    const db = databaseAtVersion(tempDir(), 15);
    db.prepare(
      `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
         catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
         citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
       VALUES ('tx-1', 'h', 'code-1', 1, 'citizen-request', 'درخواست', 'Request', 'v1', 1, 1, '0499370899', 'مریم',
         'کاظمی', NULL, '[]', 0, 0, 0, 'saved', 1, 100, '2025-11-28')`,
    ).run();
    const insert = db.prepare(
      'INSERT INTO receipt_prints (transaction_id, copy_number, layout, printed_by, at) VALUES (?, ?, ?, 1, ?)',
    );
    insert.run('tx-1', 1, '80mm', 1_000);
    insert.run('tx-1', 2, 'a5', 2_000);
    const before = db.prepare('SELECT * FROM receipt_prints ORDER BY id').all();
    migrateTo(db, 16);

    const after = db.prepare('SELECT * FROM receipt_prints ORDER BY id').all() as Record<string, unknown>[];
    expect(after.map(({ cancelled_at: _cancelled, ...row }) => row)).toEqual(before);
    expect(after.map((row) => row.cancelled_at)).toEqual([null, null]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
