import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/db/open';
import { filterQuery } from '../../../../../electron/core/transactions/list';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

/** A transaction as 0002 stores it: the names are what the index is built from. */
function sale(db: Db, sequence: number, firstName: string, lastName: string, serviceEn: string): void {
  db.prepare(
    `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
       catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
       citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
     VALUES (?, 'h', ?, ?, 'waste-fee', 'عوارض پسماند', ?, 'v1', 1, 1, '0499370899', ?, ?, NULL, '[]', 0, 0, 0,
       'saved', 1, 1, '2025-03-20')`,
  ).run(`t${sequence}`, `code-${sequence}`, sequence, serviceEn, firstName, lastName);
}

function matches(db: Db, filter: string): number[] {
  const query = filterQuery(filter);
  if (!query) throw new Error('no query');
  return (db.prepare(query.sql).all(query.params) as { sequence: number }[]).map((r) => r.sequence);
}

describe('migration 0007 (transaction text)', () => {
  const tempDir = useTempDirs();

  it('indexes the transactions of version 6, and every transaction saved after it', () => {
    const db = databaseAtVersion(tempDir(), 6);
    sale(db, 1, 'مریم', 'کاظمی', 'Waste-management fee');
    sale(db, 2, 'علی', 'رضایی', 'Waste-management fee');
    migrateTo(db, 7);
    sale(db, 3, 'محمدرضا', 'کاظمی', 'Annual vehicle dues');

    // Newest first, from before and after the migration.
    expect(matches(db, 'کاظمی')).toEqual([3, 1]);
    expect(matches(db, 'رضا')).toEqual([3, 2]);
    expect(matches(db, 'waste')).toEqual([2, 1]);
    expect(matches(db, 'VEHICLE')).toEqual([3]);
    expect(matches(db, 'مریم رضایی')).toEqual([]);
    // The index holds one entry per transaction: the migration's fill and the trigger's.
    expect(
      db.prepare(`SELECT count(*) AS n FROM transactions_text WHERE transactions_text MATCH '"پسم"'`).get(),
    ).toEqual({ n: 3 });
    db.close();
  });
});
