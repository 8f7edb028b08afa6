import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/db/open';
import { matchingSequences } from '../../../../../electron/core/transactions/list';
import {
  indexTransactionText,
  textIndexedThrough,
} from '../../../../../electron/core/transactions/text-index';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

function sale(db: Db, sequence: number, firstName: string, lastName: string): void {
  db.prepare(
    `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
       catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
       citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
     VALUES (?, 'h', ?, ?, 'waste-fee', 'عوارض پسماند', 'Waste-management fee', 'v1', 1, 1, '0499370899', ?, ?, NULL,
       '[]', 0, 0, 0, 'saved', 1, 1, '2025-03-20')`,
  ).run(`t${sequence}`, `code-${sequence}`, sequence, firstName, lastName);
}

const indexed = (db: Db, piece: string) =>
  (
    db
      .prepare('SELECT count(*) AS n FROM transactions_text WHERE transactions_text MATCH ?')
      .get(`"${piece}"`) as { n: number }
  ).n;

describe('migration 0010 (text index batches)', () => {
  const tempDir = useTempDirs();

  it('marks everything the trigger indexed, stops indexing on insert, and the filter still finds every transaction', () => {
    const db = databaseAtVersion(tempDir(), 9);
    sale(db, 1, 'مریم', 'کاظمی');
    sale(db, 2, 'علی', 'رضایی');
    migrateTo(db, 10);
    expect(textIndexedThrough(db)).toBe(2);
    sale(db, 3, 'محمدرضا', 'کاظمی');
    // The trigger is gone: the third is not in the index, and the filter reads it from the table.
    expect(indexed(db, 'پسم')).toBe(2);
    expect(matchingSequences(db, 'کاظمی')).toEqual([3, 1]);
    expect(matchingSequences(db, 'رضا')).toEqual([3, 2]);
    expect(matchingSequences(db, 'مح')).toEqual([3]);
    indexTransactionText(db, 3, 1);
    expect(textIndexedThrough(db)).toBe(3);
    expect(indexed(db, 'پسم')).toBe(3);
    expect(matchingSequences(db, 'کاظمی')).toEqual([3, 1]);
    db.close();
  });

  it('starts the mark at zero on a database with no transactions', () => {
    const db = databaseAtVersion(tempDir(), 9);
    migrateTo(db, 10);
    expect(textIndexedThrough(db)).toBe(0);
    // Fewer waiting than a batch: nothing is indexed.
    sale(db, 1, 'مریم', 'کاظمی');
    indexTransactionText(db, 1);
    expect(textIndexedThrough(db)).toBe(0);
    expect(indexed(db, 'کاظ')).toBe(0);
    expect(matchingSequences(db, 'کاظمی')).toEqual([1]);
    db.close();
  });
});
