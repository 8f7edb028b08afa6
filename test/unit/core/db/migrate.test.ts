import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateHealth } from '../../../../electron/core/backup/health';
import { openCore, type StartStep } from '../../../../electron/core/core';
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

  it('says before each slow step of a start what it is: the check after an unclean shutdown, each migration', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'pishkhan.sqlite'));
    migrate(db, MIGRATIONS, () => 1, LATEST_SCHEMA_VERSION - 2);
    db.close();
    const steps: StartStep[] = [];
    const versions: number[] = [];
    const core = openCore({
      dataDir: dir,
      onStartStep(step) {
        steps.push(step);
        // Told before the step runs: the database is still at the version before it.
        const probe = openDatabase(join(dir, 'pishkhan.sqlite'), { readonly: true });
        versions.push(schemaVersion(probe));
        probe.close();
      },
    });
    expect(steps).toEqual([
      { kind: 'check' }, // this file was never checked
      { kind: 'migration', index: 1, total: 2 },
      { kind: 'migration', index: 2, total: 2 },
    ]);
    expect(versions).toEqual([
      LATEST_SCHEMA_VERSION - 2,
      LATEST_SCHEMA_VERSION - 2,
      LATEST_SCHEMA_VERSION - 1,
    ]);
    core.close();

    // A clean reopen of a current, checked database has no slow step to tell of.
    const quiet: StartStep[] = [];
    openCore({ dataDir: dir, onStartStep: (step) => quiet.push(step) }).close();
    expect(quiet).toEqual([]);

    // After a shutdown that did not close the file, the check comes back, alone.
    updateHealth(dir, { open: true });
    const afterCut: StartStep[] = [];
    openCore({ dataDir: dir, onStartStep: (step) => afterCut.push(step) }).close();
    expect(afterCut).toEqual([{ kind: 'check' }]);
  });

  it('migrates a fresh file with steps counted over the migrations it runs', () => {
    const steps: { index: number; total: number }[] = [];
    const db = openDatabase(join(tempDir(), 'fresh.sqlite'));
    const migrateAll = () =>
      migrate(
        db,
        MIGRATIONS,
        () => 1,
        undefined,
        (step) => steps.push(step),
      );
    migrateAll();
    expect(steps).toEqual(MIGRATIONS.map((_, i) => ({ index: i + 1, total: MIGRATIONS.length })));
    // Nothing left to run: no step.
    migrateAll();
    expect(steps).toHaveLength(MIGRATIONS.length);
    db.close();
  });
});
