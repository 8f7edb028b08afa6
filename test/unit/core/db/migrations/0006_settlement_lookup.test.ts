import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../../../electron/core/db/migrations';
import { openDatabase } from '../../../../../electron/core/db/open';
import { useTempDirs } from '../../../../support/tempdir';

const SETTLEMENT_STATE = "SELECT state FROM outbox WHERE kind = 'day_settlement' AND entity_id = ?";

describe('migration 0006 (settlement lookup)', () => {
  const tempDir = useTempDirs();

  it("keeps the outbox of version 5 and finds a day's settlement without reading the whole outbox", () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 5);
    const add = db.prepare(
      'INSERT INTO outbox (id, kind, entity_id, body, created_at, state) VALUES (?, ?, ?, ?, 1, ?)',
    );
    add.run('t1', 'transaction', 't1', '{}', 'delivered');
    add.run('s1', 'day_settlement', 'day-1', '{}', 'delivered');
    add.run('s2', 'day_settlement', 'day-2', '{}', 'pending');
    migrate(db, MIGRATIONS, () => 1, 6);

    expect(db.prepare(SETTLEMENT_STATE).get('day-1')).toEqual({ state: 'delivered' });
    expect(db.prepare(SETTLEMENT_STATE).get('day-2')).toEqual({ state: 'pending' });
    expect(db.prepare(SETTLEMENT_STATE).get('t1')).toBeUndefined();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${SETTLEMENT_STATE}`).all('day-1') as { detail: string }[])
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toContain('outbox_day_settlement');
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 3 });
    db.close();
  });
});
