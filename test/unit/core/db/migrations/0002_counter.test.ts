import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../../../electron/core/db/migrations';
import { openDatabase } from '../../../../../electron/core/db/open';
import { useTempDirs } from '../../../../support/tempdir';

describe('migration 0002 (counter)', () => {
  const tempDir = useTempDirs();

  it('keeps the office, users and audit rows of a version-1 database and adds the counter tables', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 1);
    db.prepare(
      "INSERT INTO office (id, name, code, city, district, terminal_number, created_at) VALUES (1, 'دفتر', '1234', 'کرج', 3, 1, 1)",
    ).run();
    db.prepare(
      "INSERT INTO users (username, full_name, role, password_hash, created_at, updated_at) VALUES ('manager', 'مدیر', 'manager', 'h', 1, 1)",
    ).run();
    db.prepare(
      "INSERT INTO audit_log (at, terminal, action, details, prev_hash, hash) VALUES (1, 't', 'login', '{}', 'p', 'h')",
    ).run();

    migrate(db, MIGRATIONS, () => 2, 2);

    expect(db.prepare('SELECT code FROM office').get()).toEqual({ code: '1234' });
    expect(db.prepare('SELECT username FROM users').all()).toEqual([{ username: 'manager' }]);
    expect(db.prepare('SELECT action FROM audit_log').all()).toEqual([{ action: 'login' }]);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
      sql: string;
    }[];
    for (const name of [
      'catalogs',
      'citizens',
      'transactions',
      'fee_lines',
      'payments',
      'status_history',
      'voids',
      'receipt_prints',
      'outbox',
    ]) {
      const table = tables.find((t) => t.name === name);
      expect(table?.sql, name).toMatch(/\)\s*STRICT$/);
    }
    db.close();
  });

  it('refuses a total that is not the sum of its shares, and a negative office line', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 2);
    db.prepare(
      "INSERT INTO users (id, username, full_name, role, password_hash, created_at, updated_at) VALUES (1, 'manager', 'مدیر', 'manager', 'h', 1, 1)",
    ).run();
    const insert =
      db.prepare(`INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
      catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name, citizen_mobile, fields,
      municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
      VALUES (?, 'h', ?, ?, 's', 'خ', 'S', 'v', 1, 1, '0499370899', 'ع', 'ر', NULL, '[]', ?, ?, ?, 'saved', 1, 1, '2025-01-01')`);
    expect(() => insert.run('a', '1', 1, 100, 50, 151)).toThrow(/CHECK/);
    insert.run('b', '2', 2, 100, 50, 150);
    const line = db.prepare(
      "INSERT INTO fee_lines (transaction_id, line_no, line_key, label_fa, label_en, kind, amount) VALUES ('b', ?, 'k', 'ب', 'L', ?, ?)",
    );
    expect(() => line.run(1, 'office', -1)).toThrow(/CHECK/);
    line.run(2, 'municipal', -1000);
    db.close();
  });
});
