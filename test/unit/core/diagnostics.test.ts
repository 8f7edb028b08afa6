import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../electron/core/accounts/passwords';
import { doctor, logDirOf, redactLine, saveDiagnostics } from '../../../electron/core/diagnostics';
import { migrate } from '../../../electron/core/db/migrate';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../../electron/core/db/migrations';
import { openDatabase } from '../../../electron/core/db/open';
import { allFiles } from '../../support/files';
import { useTempDirs } from '../../support/tempdir';

const NATIONAL_ID = '0499370899';
const MOBILE = '09121234567';
const CITIZEN_NAME = 'شهرزاد';

describe('save diagnostics', () => {
  const tempDir = useTempDirs();

  async function officeWithACitizen() {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const db = openDatabase(join(dataDir, 'pishkhan.sqlite'));
    migrate(db, MIGRATIONS, () => 1_764_300_000_000);
    const passwordHash = await hashPassword('correct horse 1404');
    db.prepare(
      `INSERT INTO users (username, full_name, role, password_hash, created_at, updated_at)
       VALUES ('manager', 'زهرا احمدی', 'manager', ?, 1, 1)`,
    ).run(passwordHash);
    db.prepare(
      'INSERT INTO citizens (national_id, first_name, last_name, mobile, last_seen_at) VALUES (?, ?, ?, ?, 1)',
    ).run(NATIONAL_ID, CITIZEN_NAME, 'کاظمی', MOBILE);
    const userDataDir = join(dir, 'user-data');
    const logDir = logDirOf(userDataDir);
    mkdirSync(logDir, { recursive: true });
    // A careless log line quoting a citizen and a secret: the bundle must mask it anyway.
    writeFileSync(
      join(logDir, 'main.log'),
      [
        '[2025-11-28 06:44:00.123] [info] main: started 0.1.0',
        `[2025-11-28 06:45:10.001] [warn] counter: lookup ${NATIONAL_ID} (${MOBILE}) failed, password=${passwordHash}`,
        `[2025-11-28 06:45:11.002] [error] sync: {"token":"abc.def","key":"${Buffer.alloc(32, 7).toString('base64')}"}`,
        `[2025-11-28 06:45:12.003] [info] accounts: ${'۰۴۹۹۳۷۰۸۹۹'} and mail ali.rezaei@example.ir`,
      ].join('\n'),
    );
    writeFileSync(join(logDir, 'main.1.log'), `[2025-11-27 10:00:00.000] [info] old ${NATIONAL_ID}\n`);
    return { dir, dataDir, db, logDir, passwordHash };
  }

  it('writes versions, the doctor summary, the logs and a readme, checking the database on a thread of its own', async () => {
    const { dir, dataDir, db, logDir } = await officeWithACitizen();
    const item = db.prepare(
      "INSERT INTO outbox (id, kind, entity_id, body, created_at, state) VALUES (?, 'transaction', ?, '{}', 1, ?)",
    );
    for (const [id, state] of [
      ['a', 'pending'],
      ['b', 'delivered'],
      ['c', 'delivered'],
      ['d', 'needs_attention'],
    ])
      item.run(id, id, state);
    const order: string[] = [];
    const saving = saveDiagnostics({
      db,
      dataDir,
      logDir,
      outDir: join(dir, 'out'),
      versions: { app: '0.1.0', electron: '45.5.0', chrome: '142.0.0.0', node: process.versions.node },
      now: new Date('2025-11-28T06:50:00Z'),
    }).then((saved) => {
      order.push('diagnostics');
      return saved;
    });
    // On the core's own thread the checks would be done before the event loop could turn once.
    setImmediate(() => order.push('a turn of the event loop'));
    const bundle = await saving;
    expect(order).toEqual(['a turn of the event loop', 'diagnostics']);
    expect(bundle.folder).toBe(join(dir, 'out', 'pishkhan-diagnostics-20251128-065000'));
    expect([...bundle.files].sort()).toEqual(
      [
        'README.txt',
        'doctor.json',
        join('logs', 'main.1.log'),
        join('logs', 'main.log'),
        'versions.json',
      ].sort(),
    );
    const versions = JSON.parse(readFileSync(join(bundle.folder, 'versions.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(versions).toMatchObject({
      app: '0.1.0',
      electron: '45.5.0',
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
    expect(versions.sqlite).toMatch(/^3\.\d+\.\d+$/);
    const summary = JSON.parse(readFileSync(join(bundle.folder, 'doctor.json'), 'utf8')) as ReturnType<
      typeof doctor
    >;
    expect(summary.database.quickCheck).toEqual(['ok']);
    expect(summary.database.foreignKeyProblems).toBe(0);
    expect(summary.database.journalMode).toBe('wal');
    expect(summary.database.rowCounts).toMatchObject({ citizens: 1, users: 1 });
    // The outbox by state, counted by the scan on its thread.
    expect(summary.outbox).toEqual({ pending: 1, delivered: 2, needs_attention: 1, oldestPendingAt: 1 });
    expect(summary.database).not.toHaveProperty('outboxStates');
    expect(summary.sync.enrolled).toBe(false);
    expect(readFileSync(join(bundle.folder, 'logs', 'main.log'), 'utf8')).toContain('main: started 0.1.0');
    db.close();
  });

  it('never leaks a national ID, a mobile, a citizen’s name, a password hash or a key', async () => {
    const { dir, dataDir, db, logDir, passwordHash } = await officeWithACitizen();
    const bundle = await saveDiagnostics({
      db,
      dataDir,
      logDir,
      outDir: join(dir, 'out'),
      versions: { app: '0.1.0', node: process.versions.node },
      now: new Date('2025-11-28T06:50:00Z'),
    });
    const forbidden = [
      NATIONAL_ID,
      '۰۴۹۹۳۷۰۸۹۹',
      MOBILE,
      CITIZEN_NAME,
      'کاظمی',
      passwordHash,
      passwordHash.split('$')[5] ?? 'unreachable',
      passwordHash.split('$')[4] ?? 'unreachable',
      Buffer.alloc(32, 7).toString('base64'),
      'abc.def',
      'ali.rezaei@example.ir',
      'correct horse',
    ];
    const files = allFiles(bundle.folder);
    expect(files.length).toBe(5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const secret of forbidden) expect(text, `${file} contains ${secret}`).not.toContain(secret);
    }
    db.close();
  });
});

describe('log redaction', () => {
  it('keeps timestamps, levels and short numbers', () => {
    const line = '[2025-11-28 06:45:10.001] [info] sync: pushed 25 items in 340 ms (batch 3)';
    expect(redactLine(line)).toBe(line);
  });

  it('masks digit runs even when spaced or dashed, in Persian digits too', () => {
    expect(redactLine('card 6037-9911-2345-6789 ok')).toBe('card ‹redacted› ok');
    expect(redactLine('mobile ۰۹۱۲ ۱۲۳ ۴۵۶۷')).toBe('mobile ‹redacted›');
  });

  it('masks the value after a password, token or key label', () => {
    expect(redactLine('login password: hunter2 failed')).toBe('login password: ‹redacted› failed');
    expect(redactLine('Authorization=Bearer-xyz')).toBe('Authorization=‹redacted›');
  });
});
