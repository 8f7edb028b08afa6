import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../support/tempdir';
import { databaseAtVersion, migrateTo } from './at-version';

describe('migration 0014 (password set at)', () => {
  const tempDir = useTempDirs();

  it("dates each password by its account's last change and leaves the rest as it was", () => {
    const db = databaseAtVersion(tempDir(), 13);
    const insert = db.prepare(
      `INSERT INTO users (username, full_name, role, password_hash, must_change_password, created_at, updated_at)
       VALUES (?, ?, ?, 'scrypt$x', ?, ?, ?)`,
    );
    insert.run('manager', 'مدیر دفتر', 'manager', 0, 100, 5_000);
    insert.run('clerk', 'کارمند', 'operator', 1, 200, 7_000);
    const before = db.prepare('SELECT * FROM users ORDER BY id').all();
    migrateTo(db, 14);

    const after = db.prepare('SELECT * FROM users ORDER BY id').all() as Record<string, unknown>[];
    expect(after.map(({ password_set_at: _setAt, ...row }) => row)).toEqual(before);
    expect(after.map((row) => row.password_set_at)).toEqual(after.map((row) => row.updated_at));
    expect(after.slice(-2).map((row) => row.password_set_at)).toEqual([5_000, 7_000]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
