import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../../../electron/core/db/migrations';
import { openDatabase } from '../../../../../electron/core/db/open';
import { useTempDirs } from '../../../../support/tempdir';

describe('migration 0003 (sync)', () => {
  const tempDir = useTempDirs();

  it('starts with one sync state row at cursor 0, no identity, STRICT tables', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 3);
    expect(db.prepare('SELECT pull_cursor, clock_offset_ms FROM sync_state').all()).toEqual([
      { pull_cursor: 0, clock_offset_ms: 0 },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM sync_identity').get()).toEqual({ n: 0 });
    const tables = db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('sync_identity','sync_state','sync_attempts','notices')",
      )
      .all() as { sql: string }[];
    expect(tables).toHaveLength(4);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
    db.close();
  });

  it('keeps one identity row, and never deletes it', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    migrate(db, MIGRATIONS, () => 1, 3);
    const insert = db.prepare(
      `INSERT INTO sync_identity (id, server_url, terminal_id, terminal_number, office_code, office_name, municipality,
        public_key, key_ref, enrolled_at) VALUES (?, 'http://x', 't', 1, '1234', 'o', 'm', 'k', 'r', 1)`,
    );
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/CHECK/);
    expect(() => db.prepare('DELETE FROM sync_identity').run()).toThrow(/never deleted/);
    expect(() => db.prepare('INSERT INTO sync_state (id) VALUES (2)').run()).toThrow(/CHECK/);
    db.close();
  });
});
