import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/db/open';
import { SUMMARY_COLUMNS } from '../../../../../electron/core/transactions/queries';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

const COLUMNS = `id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
  catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
  citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date`;

function sale(db: Db, sequence: number, nationalId: string, createdAt: number): void {
  db.prepare(
    `INSERT INTO transactions (${COLUMNS})
     VALUES (?, 'h', ?, ?, 'waste-fee', 'عوارض پسماند', 'Waste-management fee', 'v1', 1, 1, ?, 'مریم', 'کاظمی',
       '09121234567', '[]', 0, 5000, 5000, 'saved', 1, ?, '2025-03-20')`,
  ).run(`t${sequence}`, `code-${sequence}`, sequence, nationalId, createdAt);
}

function legalSale(db: Db, sequence: number, legalEntityId: string, firstName: string): void {
  db.prepare(
    `INSERT INTO transactions (${COLUMNS}, citizen_kind)
     VALUES (?, 'h', ?, ?, 'business-dues', 'عوارض کسب و پیشه', 'Business-trade dues', 'v1', 1, 1, ?, ?,
       'شرکت آب', NULL, '[]', 0, 5000, 5000, 'saved', 1, ?, '2025-03-20', 'legal')`,
  ).run(`t${sequence}`, `code-${sequence}`, sequence, legalEntityId, firstName, sequence * 100);
}

/** The Tracking box's query for an ID (queries.ts). */
const BY_ID = `SELECT ${SUMMARY_COLUMNS} FROM transactions WHERE citizen_national_id = ? ORDER BY created_at DESC LIMIT ?`;

describe('migration 0013 (payer kind)', () => {
  const tempDir = useTempDirs();

  it('keeps every transaction and citizen saved before as a citizen, unchanged', () => {
    const db = databaseAtVersion(tempDir(), 12);
    sale(db, 1, '0499370899', 100);
    sale(db, 2, '0084575948', 200);
    db.prepare(
      "INSERT INTO citizens (national_id, first_name, last_name, mobile, last_seen_at) VALUES ('0499370899', 'مریم', 'کاظمی', NULL, 100)",
    ).run();
    const transactions = db.prepare('SELECT * FROM transactions ORDER BY sequence').all();
    const citizens = db.prepare('SELECT * FROM citizens').all();
    migrateTo(db, 13);

    const after = db.prepare('SELECT * FROM transactions ORDER BY sequence').all() as Record<
      string,
      unknown
    >[];
    expect(after.map(({ citizen_kind: _kind, ...row }) => row)).toEqual(transactions);
    expect(after.map((row) => row.citizen_kind)).toEqual(['natural', 'natural']);
    const afterCitizens = db.prepare('SELECT * FROM citizens').all() as Record<string, unknown>[];
    expect(afterCitizens.map(({ kind: _kind, ...row }) => row)).toEqual(citizens);
    expect(afterCitizens.map((row) => row.kind)).toEqual(['natural']);
    // A saved payer is never changed, its kind included.
    expect(() => db.prepare("UPDATE transactions SET citizen_kind = 'legal' WHERE id = 't1'").run()).toThrow(
      'a saved transaction only changes its status',
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('takes a legal person with an 11-digit ID and no first name, and nothing else as one', () => {
    const db = databaseAtVersion(tempDir(), 12);
    sale(db, 1, '0499370899', 100);
    migrateTo(db, 13);
    legalSale(db, 2, '10380284790', '');
    expect(() => legalSale(db, 3, '0499370899', '')).toThrow(/CHECK/);
    expect(() => legalSale(db, 4, '10380284790', 'مریم')).toThrow(/CHECK/);
    expect(() =>
      db.prepare("UPDATE transactions SET status = 'received' WHERE id = 't2'").run(),
    ).not.toThrow();
    expect(() =>
      db
        .prepare(
          `INSERT INTO transactions (${COLUMNS}, citizen_kind) SELECT 't9', request_hash, 'code-9', 9, service_code,
             service_name_fa, service_name_en, catalog_version, tariff_version, sample_tariff, citizen_national_id,
             citizen_first_name, citizen_last_name, citizen_mobile, fields, municipal_total, office_total, total,
             status, operator_user_id, created_at, business_date, 'company' FROM transactions WHERE id = 't1'`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(
      "INSERT INTO citizens (national_id, first_name, last_name, mobile, last_seen_at, kind) VALUES ('10380284790', '', 'شرکت آب', NULL, 100, 'legal')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO citizens (national_id, first_name, last_name, mobile, last_seen_at, kind) VALUES ('0084575948', '', 'شرکت آب', NULL, 100, 'legal')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('answers the search by ID, citizen or company, from one covering index that replaces the old one', () => {
    const db = databaseAtVersion(tempDir(), 12);
    sale(db, 1, '0499370899', 100);
    migrateTo(db, 13);
    legalSale(db, 2, '10380284790', '');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${BY_ID}`).all('10380284790', 50) as { detail: string }[])
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toContain('USING COVERING INDEX transactions_payer_lookup');
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'transactions_citizen_lookup'").get(),
    ).toBeUndefined();
    expect(db.prepare(BY_ID).all('10380284790', 50)).toMatchObject([
      { id: 't2', citizen_kind: 'legal', citizen_first_name: '', citizen_last_name: 'شرکت آب' },
    ]);
    expect(db.prepare(BY_ID).all('0499370899', 50)).toMatchObject([{ id: 't1', citizen_kind: 'natural' }]);
    db.close();
  });
});
