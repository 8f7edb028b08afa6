import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../../electron/core/core';
import { migrate, schemaVersion } from '../../../../electron/core/db/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../../electron/core/db/migrations';
import { openDatabase } from '../../../../electron/core/db/open';
import { AppError } from '../../../../shared/result';
import { useTempDirs } from '../../../support/tempdir';

describe('the store and its migrations', () => {
  const tempDir = useTempDirs();

  it('numbers migrations 1, 2, 3… with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('opens in WAL mode with synchronous=FULL and foreign keys on', () => {
    const core = openCore({ dataDir: tempDir() });
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(core.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(core.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(core.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    core.close();
  });

  it('records each migration once and reopens without reapplying', () => {
    const dir = tempDir();
    openCore({ dataDir: dir }).close();
    const core = openCore({ dataDir: dir });
    const rows = core.db.prepare('SELECT version, name FROM schema_migrations').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    core.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const dir = tempDir();
    openCore({ dataDir: dir }).close();
    const file = join(dir, 'pishkhan.sqlite');
    const db = openDatabase(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      LATEST_SCHEMA_VERSION + 1,
      'from-the-future',
      1,
    );
    db.close();

    let thrown: unknown;
    try {
      openCore({ dataDir: dir });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('database_newer_than_app');
    expect((thrown as AppError).details).toEqual({
      databaseVersion: LATEST_SCHEMA_VERSION + 1,
      appVersion: LATEST_SCHEMA_VERSION,
    });

    const after = openDatabase(file);
    expect(schemaVersion(after)).toBe(LATEST_SCHEMA_VERSION + 1);
    after.close();
  });

  it('rolls a failing migration back whole', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'));
    const broken = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        up(d: typeof db) {
          d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    expect(() => migrate(db, broken, () => 1)).toThrow();
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({
      n: 0,
    });
    db.close();
  });
});
