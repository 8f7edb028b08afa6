import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/db/open';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

/** The Tracking box's query for a national ID (queries.ts), with the columns it read at version 8. */
const SUMMARY_COLUMNS = `id, tracking_code, service_code, service_name_fa, service_name_en, citizen_national_id,
  citizen_first_name, citizen_last_name, citizen_mobile, total, status, created_at`;
const BY_NATIONAL_ID = `SELECT ${SUMMARY_COLUMNS} FROM transactions WHERE citizen_national_id = ? ORDER BY created_at DESC LIMIT ?`;

function sale(db: Db, sequence: number, nationalId: string, createdAt: number): void {
  db.prepare(
    `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
       catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
       citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
     VALUES (?, 'h', ?, ?, 'waste-fee', 'عوارض پسماند', 'Waste-management fee', 'v1', 1, 1, ?, 'مریم', 'کاظمی',
       '09121234567', '[]', 0, 5000, 5000, 'saved', 1, ?, '2025-03-20')`,
  ).run(`t${sequence}`, `code-${sequence}`, sequence, nationalId, createdAt);
}

describe('migration 0008 (citizen lookup)', () => {
  const tempDir = useTempDirs();

  it('answers a national ID from the index alone, with the same rows as before, and follows a status change', () => {
    const db = databaseAtVersion(tempDir(), 7);
    sale(db, 1, '0499370899', 100);
    sale(db, 2, '0084575948', 200);
    sale(db, 3, '0499370899', 300);
    const before = db.prepare(BY_NATIONAL_ID).all('0499370899', 50);
    migrateTo(db, 8);
    sale(db, 4, '0499370899', 400);

    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${BY_NATIONAL_ID}`).all('0499370899', 50) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toContain('USING COVERING INDEX transactions_citizen_lookup');
    const after = db.prepare(BY_NATIONAL_ID).all('0499370899', 50) as { id: string; status: string }[];
    expect(after.map((r) => r.id)).toEqual(['t4', 't3', 't1']);
    expect(after.slice(1)).toEqual(before);
    // The old index is gone: the new one starts with its columns.
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'transactions_citizen'").get(),
    ).toBeUndefined();

    db.prepare("UPDATE transactions SET status = 'received' WHERE id = 't3'").run();
    const updated = db.prepare(BY_NATIONAL_ID).all('0499370899', 50) as { id: string; status: string }[];
    expect(updated.map((r) => r.status)).toEqual(['saved', 'received', 'saved']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
