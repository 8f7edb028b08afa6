import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../../../electron/core/db/migrations';
import { openDatabase } from '../../../../../electron/core/db/open';
import { useTempDirs } from '../../../../support/tempdir';

describe('migration 0001 (initial)', () => {
  const tempDir = useTempDirs();

  it('creates STRICT tables that refuse wrongly typed values', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 1);
    const strict = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('office','users','settings','audit_log')",
      )
      .all() as { name: string; sql: string }[];
    expect(strict).toHaveLength(4);
    for (const t of strict) expect(t.sql).toMatch(/\)\s*STRICT$/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO users (username, full_name, role, password_hash, created_at, updated_at) VALUES ('a','b','operator','h','not a number',1)",
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('keeps one office row, district 1 to 12, and unique usernames', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 1);
    const office = db.prepare(
      'INSERT INTO office (id, name, code, city, district, terminal_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    office.run(1, 'دفتر', '1234', 'کرج', 12, 1, 1);
    expect(() => office.run(2, 'دفتر', '1234', 'کرج', 1, 1, 1)).toThrow(/CHECK/);
    expect(() => office.run(1, 'دفتر', '1234', 'کرج', 1, 1, 1)).toThrow(/UNIQUE|PRIMARY/);
    db.prepare('DELETE FROM office').run();
    expect(() => office.run(1, 'دفتر', '1234', 'کرج', 13, 1, 1)).toThrow(/CHECK/);
    const user = db.prepare(
      "INSERT INTO users (username, full_name, role, password_hash, created_at, updated_at) VALUES (?, 'x', 'operator', 'h', 1, 1)",
    );
    user.run('ali');
    expect(() => user.run('ali')).toThrow(/UNIQUE/);
    db.close();
  });

  it('makes the audit trail append-only', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 1);
    db.prepare(
      "INSERT INTO audit_log (at, terminal, action, details, prev_hash, hash) VALUES (1, 't', 'login', '{}', 'p', 'h')",
    ).run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT action FROM audit_log').all()).toEqual([{ action: 'login' }]);
    db.close();
  });
});
