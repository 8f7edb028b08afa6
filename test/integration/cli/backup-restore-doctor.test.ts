import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHealth } from '../../../electron/core/backup/health';
import { DATABASE_FILE, openCore } from '../../../electron/core/core';
import { MANAGER } from '../../support/core';
import { useTempDirs } from '../../support/tempdir';
import { SAMPLE_FIELDS } from '../../support/transactions';
import { transactionIds } from '../../unit/core/backup/support';
import { quote } from '../sync/fixture-pricing';

const repoRoot = resolve(import.meta.dirname, '../../..');
// Built from the same entry as scripts/build-cli.mjs, into a folder of this test's own so that it
// never rewrites dist/cli/pishkhan.cjs while another test file runs it.
const buildDir = join(repoRoot, '.cache', 'test-build', `cli-backup-${process.pid}`);
const bundle = join(buildDir, 'pishkhan.cjs');

interface Run {
  readonly code: number | null;
  readonly json: Record<string, unknown>;
  readonly stderr: string;
}

/** Who a run is: this process's user, or another (uid and gid) that root runs it as. */
type RunAs = { readonly uid: number; readonly gid: number } | null;

function runCli(args: readonly string[], stdin = '', as: RunAs = null): Promise<Run> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(as ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: Record<string, unknown> = {};
      try {
        json = stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
      } catch {
        json = { unparsable: stdout };
      }
      done({ code, json, stderr });
    });
    child.stdin.end(stdin);
  });
}

function sale(): string {
  const total = quote(Date.now(), 'waste-fee');
  return JSON.stringify({
    serviceCode: 'waste-fee',
    citizen: { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی' },
    fields: SAMPLE_FIELDS['waste-fee'],
    payments: [{ method: 'cash', amount: total, tendered: total }],
  });
}

beforeAll(async () => {
  mkdirSync(buildDir, { recursive: true });
  await build({
    absWorkingDir: repoRoot,
    entryPoints: ['electron/cli/main.ts'],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    define: { PISHKHAN_VERSION: JSON.stringify('0.0.0-test') },
    external: ['better-sqlite3', 'electron'],
  });
});

afterAll(() => {
  rmSync(buildDir, { recursive: true, force: true });
});

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (!statSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

describe('pishkhan backup, restore and doctor', () => {
  const tempDir = useTempDirs();

  async function office(): Promise<{ dir: string; d: string[]; save: () => Promise<string> }> {
    const dir = tempDir();
    const d = ['--data-dir', dir];
    const setup = await runCli([
      'setup',
      ...d,
      '--office-name',
      'دفتر نمونه',
      '--manager',
      MANAGER.username,
      '--password',
      MANAGER.password,
    ]);
    expect(setup.code).toBe(0);
    const save = async () => {
      const saved = await runCli(
        ['tx', 'create', ...d, '--user', MANAGER.username, '--password', MANAGER.password],
        sale(),
      );
      expect(saved.code).toBe(0);
      return saved.json['id'] as string;
    };
    return { dir, d, save };
  }

  it('backs up, refuses to lose unsynced work without --force, restores and keeps the replaced file', async () => {
    const { dir, d, save } = await office();
    const first = await save();
    const backup = await runCli(['backup', ...d]);
    expect(backup).toMatchObject({
      code: 0,
      json: {
        ok: true,
        transactions: 1,
        name: expect.stringMatching(/^pishkhan-backup-\d{4}-t\d{2}-\d{4}-\d{2}-\d{2}-\d{8}T\d{6}Z\.sqlite$/),
      },
    });
    const file = backup.json['file'] as string;
    expect(file).toBe(join(dir, 'backups', backup.json['name'] as string));

    const usb = join(tempDir(), 'usb');
    const elsewhere = await runCli(['backup', ...d, '--to', usb]);
    expect(elsewhere).toMatchObject({ code: 0, json: { ok: true } });
    expect(readdirSync(usb)).toEqual([elsewhere.json['name']]);

    const second = await save();
    const refused = await runCli(['restore', ...d, '--from', file]);
    expect(refused).toMatchObject({
      code: 1,
      json: { ok: false, error: { code: 'restore_would_lose_unsynced', details: { transactions: 1 } } },
    });
    expect(refused.stderr).toMatch(/--force/);
    expect(transactionIds(join(dir, DATABASE_FILE))).toEqual([first, second]);

    const restored = await runCli(['restore', ...d, '--from', file, '--force']);
    expect(restored).toMatchObject({
      code: 0,
      json: {
        ok: true,
        newerTransactions: 1,
        unsyncedNewerTransactions: 1,
        keptAside: expect.stringContaining('.replaced-'),
        // The database carries on from the backup: its accounts stay as they are now.
        accountsCarriedForward: true,
      },
    });
    expect(transactionIds(join(dir, DATABASE_FILE))).toEqual([first]);
    expect(transactionIds(restored.json['keptAside'] as string)).toEqual([first, second]);

    const doctor = await runCli(['doctor', ...d]);
    expect(doctor).toMatchObject({
      code: 0,
      json: {
        ok: true,
        integrityCheck: ['ok'],
        audit: { ok: true, brokenAtSeq: null },
        summary: { database: { schemaVersion: doctor.json['appSchemaVersion'] }, outbox: { pending: 1 } },
        backups: { count: 1 },
      },
    });
  });

  it('restores a backup that is read-only (the file marked read-only, in a read-only folder), and the database it puts in place can be written', async () => {
    const { dir, d, save } = await office();
    const first = await save();
    const made = (await runCli(['backup', ...d])).json['file'] as string;
    await save();
    // On a stick whose folder and file are read-only.
    const stick = tempDir();
    chmodSync(stick, 0o755);
    const usb = join(stick, 'usb');
    mkdirSync(usb);
    const file = join(usb, basename(made));
    copyFileSync(made, file);
    chmodSync(file, 0o444);
    chmodSync(usb, 0o555);
    // Root writes to a file whatever its mode says: as root, the restore runs as an unprivileged
    // user (nobody) who owns the data folder, for whom the read-only backup is read-only.
    const root = process.getuid?.() === 0;
    const as: RunAs = root ? { uid: 65534, gid: 65534 } : null;
    if (as) chownTree(dir, as.uid, as.gid);

    let restored: Run;
    try {
      restored = await runCli(['restore', ...d, '--from', file, '--force'], '', as);
    } finally {
      // Writable again, for the temporary folders to be removed.
      chmodSync(usb, 0o755);
    }
    expect(restored).toMatchObject({ code: 0, json: { ok: true, newerTransactions: 1 } });
    expect(transactionIds(join(dir, DATABASE_FILE))).toEqual([first]);
    // Only read: the backup is as it was.
    expect(statSync(file).mode & 0o777).toBe(0o444);
    // The restored database takes sales again.
    expect(statSync(join(dir, DATABASE_FILE)).mode & 0o200).toBe(0o200);
    const after = await runCli(
      ['tx', 'create', ...d, '--user', MANAGER.username, '--password', MANAGER.password],
      sale(),
      as,
    );
    expect(after).toMatchObject({ code: 0 });
    expect(transactionIds(join(dir, DATABASE_FILE))).toEqual([first, after.json['id']]);
  });

  it('refuses to restore under a running app, even with --force, and restores once it has closed', async () => {
    const { dir, d, save } = await office();
    const first = await save();
    const backup = await runCli(['backup', ...d]);
    expect(backup.code).toBe(0);
    await save();
    // The app: another live process with the folder's database open (here, this test's process).
    const app = openCore({ dataDir: dir, appVersion: 'app' });
    // Other commands still work beside it, and leave its open flag alone.
    expect((await runCli(['status', ...d])).code).toBe(0);
    expect(readHealth(dir)).toMatchObject({ open: true, pid: process.pid });
    const refused = await runCli(['restore', ...d, '--from', backup.json['file'] as string, '--force']);
    expect(refused).toMatchObject({
      code: 1,
      json: { ok: false, error: { code: 'app_running', details: { pid: process.pid } } },
    });
    expect(app.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 2 });
    app.close();
    const restored = await runCli(['restore', ...d, '--from', backup.json['file'] as string, '--force']);
    expect(restored).toMatchObject({ code: 0, json: { ok: true } });
    expect(transactionIds(join(dir, DATABASE_FILE))).toEqual([first]);
  });

  it('refuses a file that is not a Pishkhan database or is newer than the app, with exit 2, changing nothing', async () => {
    const { dir, d, save } = await office();
    const id = await save();
    const backup = (await runCli(['backup', ...d])).json['file'] as string;
    const other = tempDir();
    const text = join(other, 'list.sqlite');
    writeFileSync(text, 'milk, bread');
    const newer = join(other, 'newer.sqlite');
    copyFileSync(backup, newer);
    const db = new Database(newer);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 1)").run();
    db.close();
    for (const [file, code] of [
      [text, 'backup_not_pishkhan'],
      [newer, 'backup_newer_than_app'],
      [join(other, 'missing.sqlite'), 'backup_not_found'],
    ] as const) {
      expect(await runCli(['restore', ...d, '--from', file, '--force'])).toMatchObject({
        code: 2,
        json: { ok: false, error: { code } },
      });
    }
    expect(transactionIds(join(dir, DATABASE_FILE))).toEqual([id]);
    expect(readdirSync(dir).filter((n) => n.includes('.replaced-'))).toEqual([]);
    expect(await runCli(['restore', ...d])).toMatchObject({
      code: 2,
      json: { error: { code: 'invalid_arguments' } },
    });
  });

  it('doctor exits 1 naming the first broken audit entry', async () => {
    const { dir, d } = await office();
    const db = new Database(join(dir, DATABASE_FILE));
    // Someone with the file drops the guard and edits history.
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare('UPDATE audit_log SET details = \'{"role":"operator"}\' WHERE seq = 3').run();
    db.close();
    const doctor = await runCli(['doctor', ...d]);
    expect(doctor).toMatchObject({
      code: 1,
      json: {
        ok: false,
        integrityCheck: ['ok'],
        audit: { ok: false, brokenAtSeq: 3, reason: 'hash_mismatch', brokenEntry: { seq: 3 } },
      },
    });
    expect(doctor.stderr).toMatch(/audit trail broken at entry #3/);
  });

  it('doctor and restore on a damaged database: exit 1 with the latest good backup; --force restores it', async () => {
    const { dir, d, save } = await office();
    const id = await save();
    const backup = (await runCli(['backup', ...d])).json['file'] as string;
    writeFileSync(join(dir, DATABASE_FILE), 'overwritten by accident');
    rmSync(join(dir, `${DATABASE_FILE}-wal`), { force: true });
    rmSync(join(dir, `${DATABASE_FILE}-shm`), { force: true });
    expect(await runCli(['doctor', ...d])).toMatchObject({
      code: 1,
      json: { ok: false, error: { code: 'database_corrupt', details: { latestBackup: backup } } },
    });
    expect(await runCli(['restore', ...d, '--from', backup])).toMatchObject({
      code: 1,
      json: { error: { code: 'database_corrupt' } },
    });
    const forced = await runCli(['restore', ...d, '--from', backup, '--force']);
    expect(forced).toMatchObject({
      code: 0,
      json: {
        ok: true,
        replacedWasCorrupt: true,
        keptAside: expect.stringContaining('.corrupt-'),
        // The damaged database cannot be read: the accounts are the backup's.
        accountsCarriedForward: false,
      },
    });
    expect(transactionIds(join(dir, DATABASE_FILE))).toEqual([id]);
    expect(await runCli(['doctor', ...d])).toMatchObject({ code: 0, json: { ok: true } });
  });
});
