import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

const COLUMNS = `id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
  catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
  citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date`;

describe('migration 0017 (the clock offset kept with a sale)', () => {
  const tempDir = useTempDirs();

  it('keeps every sale and status entry as it was, with no offset (dated by the one known when read)', () => {
    const db = databaseAtVersion(tempDir(), 16);
    db.prepare(
      `INSERT INTO transactions (${COLUMNS})
       VALUES ('t1', 'h', 'code-1', 1, 'waste-fee', 'عوارض پسماند', 'Waste-management fee', 'v1', 1, 1,
         '0499370899', 'مریم', 'کاظمی', NULL, '[]', 0, 5000, 5000, 'saved', 1, 1000, '2025-03-20')`,
    ).run();
    db.prepare(
      "INSERT INTO status_history (transaction_id, status, source, at) VALUES ('t1', 'saved', 'counter', 1000)",
    ).run();
    const before = db.prepare('SELECT * FROM transactions').all();
    migrateTo(db, 17);
    expect(db.prepare('SELECT * FROM transactions').all()).toEqual(
      (before as Record<string, unknown>[]).map((row) => ({ ...row, clock_offset_ms: null })),
    );
    expect(db.prepare('SELECT at, clock_offset_ms FROM status_history').all()).toEqual([
      { at: 1000, clock_offset_ms: null },
    ]);
    db.close();
  });
});
