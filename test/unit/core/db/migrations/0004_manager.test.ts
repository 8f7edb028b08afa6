import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../../../electron/core/db/migrations';
import { openDatabase, type Db } from '../../../../../electron/core/db/open';
import { useTempDirs } from '../../../../support/tempdir';

function userAt3(db: Db): void {
  db.prepare(
    `INSERT INTO users (id, username, full_name, role, password_hash, created_at, updated_at)
     VALUES (1, 'manager', 'مدیر', 'manager', 'x', 1, 1)`,
  ).run();
}

function openDay(db: Db, id = 'd1', date = '2025-03-20'): void {
  db.prepare(
    `INSERT INTO business_days (id, terminal_number, business_date, state, opening_float, opened_by, opened_at)
     VALUES (?, 1, ?, 'open', 500000, 1, 1)`,
  ).run(id, date);
}

describe('migration 0004 (manager)', () => {
  const tempDir = useTempDirs();

  it('keeps the users of version 3 and adds STRICT business-day tables', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 3);
    userAt3(db);
    migrate(db, MIGRATIONS, () => 1, 4);
    expect(db.prepare('SELECT username, active FROM users').all()).toEqual([
      { username: 'manager', active: 1 },
    ]);
    const tables = db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('business_days','cash_movements','late_voids')",
      )
      .all() as { sql: string }[];
    expect(tables).toHaveLength(3);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
    db.close();
  });

  it('allows one day per terminal and date, and a closed day never changes or disappears', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 4);
    userAt3(db);
    openDay(db);
    expect(() => openDay(db, 'd2')).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare("UPDATE business_days SET state = 'closed', closed_at = 2 WHERE id = 'd1'").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `UPDATE business_days SET state = 'closed', closed_at = 2, closed_by = 1, counted_cash = 10, card_slip_total = 0,
             expected_cash = 0, expected_card = 0, voids_through = 0, cash_difference = 10, card_difference = 0, settlement = '{}'
           WHERE id = 'd1'`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(
      `UPDATE business_days SET state = 'closed', closed_at = 2, closed_by = 1, counted_cash = 10, card_slip_total = 0,
         expected_cash = 0, expected_card = 0, voids_through = 0, cash_difference = 10, card_difference = 0, cash_note = 'shortfall', settlement = '{}'
       WHERE id = 'd1'`,
    ).run();
    expect(() => db.prepare("UPDATE business_days SET cash_note = 'x' WHERE id = 'd1'").run()).toThrow(
      /never changes/,
    );
    expect(() => db.prepare('DELETE FROM business_days').run()).toThrow(/never deleted/);
    db.close();
  });

  it('moves cash only in an open day, and never rewrites a movement or deletes a user', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 4);
    userAt3(db);
    openDay(db);
    const move = db.prepare(
      "INSERT INTO cash_movements (day_id, direction, amount, reason, note, user_id, at) VALUES (?, 'out', ?, 'bank_deposit', 'bank', 1, 1)",
    );
    move.run('d1', 1000);
    expect(() => move.run('d1', 0)).toThrow(/CHECK/);
    expect(() => move.run('missing', 10)).toThrow(/open business day/);
    expect(() => db.prepare('UPDATE cash_movements SET amount = 1').run()).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM cash_movements').run()).toThrow(/never deleted/);
    expect(() => db.prepare('DELETE FROM users').run()).toThrow(/never deleted/);
    db.close();
  });
});
