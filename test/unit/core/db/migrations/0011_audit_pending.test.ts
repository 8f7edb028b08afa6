import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../../../electron/core/db/migrations';
import { openDatabase } from '../../../../../electron/core/db/open';
import { PENDING_STRETCHES } from '../../../../../electron/core/sync/audit-outbox';
import { useTempDirs } from '../../../../support/tempdir';

describe('migration 0011 (pending audit stretches)', () => {
  const tempDir = useTempDirs();

  it("keeps the outbox of version 10 and finds the trail's pending stretches without reading the sales queued before them", () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 10);
    const add = db.prepare(
      'INSERT INTO outbox (id, kind, entity_id, body, created_at, state) VALUES (?, ?, ?, ?, 1, ?)',
    );
    add.run('a1', 'audit_batch', '1-5', '{}', 'delivered');
    for (let i = 1; i <= 50; i++) add.run(`t${i}`, 'transaction', `t${i}`, '{}', 'pending');
    add.run('a2', 'audit_batch', '6-9', '{}', 'needs_attention');
    add.run('a3', 'audit_batch', '10-12', '{}', 'pending');
    add.run('v1', 'void', 't1', '{}', 'pending');
    add.run('a4', 'audit_batch', '13-20', '{}', 'pending');
    migrate(db, MIGRATIONS, () => 1, 11);

    const pending = () => (db.prepare(PENDING_STRETCHES).all(10) as { id: string }[]).map((r) => r.id);
    expect(pending()).toEqual(['a3', 'a4']);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${PENDING_STRETCHES}`).all(10) as { detail: string }[])
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toContain('outbox_audit_pending');
    // Delivered, a stretch leaves the index; one set aside and sent again comes back into it.
    db.prepare("UPDATE outbox SET state = 'delivered' WHERE id = 'a3'").run();
    expect(pending()).toEqual(['a4']);
    db.prepare("UPDATE outbox SET state = 'pending' WHERE id = 'a2'").run();
    expect(pending()).toEqual(['a2', 'a4']);
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 55 });
    db.close();
  });
});
