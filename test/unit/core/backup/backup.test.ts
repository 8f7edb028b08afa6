import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../../../electron/core/backup/backup';
import { dailyBackupIfDue } from '../../../../electron/core/backup/daily';
import { backupsIdle, exclusive } from '../../../../electron/core/backup/exclusive';
import { backupFileName, listBackupFiles } from '../../../../electron/core/backup/files';
import { readHealth } from '../../../../electron/core/backup/health';
import { latestGoodBackup } from '../../../../electron/core/backup/recovery';
import { inspectDatabaseFileOffThread } from '../../../../electron/core/backup/inspect';
import { LATEST_SCHEMA_VERSION } from '../../../../electron/core/db/migrations';
import { gregorianToJalali, tehranWallTime } from '../../../../shared/jalali';
import { setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { addOperator, OPERATOR, sell } from '../day/support';
import { MANAGER, officeWithSales, transactionIds } from './support';

const DAY = 24 * 60 * 60 * 1000;

function auditActions(t: TestCore): { action: string; details: Record<string, unknown> }[] {
  return (
    t.core.db.prepare('SELECT action, details FROM audit_log ORDER BY seq').all() as {
      action: string;
      details: string;
    }[]
  ).map((r) => ({ action: r.action, details: JSON.parse(r.details) as Record<string, unknown> }));
}

/** A day at the counter: the operator signs in again, sells a waste fee, the daily backup runs; its name. */
async function dayWithSaleAndBackup(t: TestCore): Promise<string> {
  const login = await t.call(
    'session.login',
    { username: OPERATOR.username, password: OPERATOR.password },
    'operator-window',
  );
  expect(login.ok).toBe(true);
  await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
  return (await createBackup(t.core, { reason: 'daily', actor: null })).name;
}

async function closeToday(t: TestCore) {
  const overview = await t.call('day.overview', {});
  if (!overview.ok) throw new Error(overview.error.code);
  const opened = await t.call('day.open', { businessDate: overview.value.businessDate, openingFloat: '0' });
  if (!opened.ok) throw new Error(opened.error.code);
  const detail = await t.call('day.detail', { dayId: opened.value.id });
  if (!detail.ok) throw new Error(detail.error.code);
  return t.call('day.close', {
    dayId: opened.value.id,
    fingerprint: detail.value.fingerprint,
    countedCash: String(detail.value.reconciliation.expectedCash),
    cardSlipTotal: String(detail.value.reconciliation.expectedCard),
    cashNote: '',
    cardNote: '',
    password: MANAGER.password,
  });
}

describe('backups', () => {
  const tempDir = useTempDirs();

  it('writes a verified, self-contained copy named with its terminal, the Jalali and ISO date, and audits it', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 3);
    const made = await t.call('backups.create', {});
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const j = gregorianToJalali(tehranWallTime(t.core.now()).isoDate);
    const jalali = `${j.year}-${String(j.month).padStart(2, '0')}-${String(j.day).padStart(2, '0')}`;
    const iso = new Date(t.core.now()).toISOString().replace(/[-:]/g, '').slice(0, 15);
    // And whose it is: two counters may keep their backups in one network folder.
    const office = t.core.office();
    const whose = `${office?.code ?? ''}-t${String(office?.terminalNumber ?? 0).padStart(2, '0')}`;
    expect(made.value.name).toBe(`pishkhan-backup-${whose}-${jalali}-${iso}Z.sqlite`);
    expect(made.value.file).toBe(join(dataDir, 'backups', made.value.name));
    // One file, no WAL beside it, no .partial left: a backup can be copied to a USB stick as is.
    expect(readdirSync(join(dataDir, 'backups'))).toEqual([made.value.name]);

    const copy = new Database(made.value.file, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(
      LATEST_SCHEMA_VERSION,
    );
    copy.close();
    expect(transactionIds(made.value.file)).toEqual(transactionIds(t.core.databaseFile));
    expect(transactionIds(made.value.file)).toHaveLength(3);

    expect(auditActions(t).at(-1)).toMatchObject({
      action: 'backup_created',
      details: { reason: 'manual', check: 'integrity_check', transactions: 3, rotated: [] },
    });
    expect(readHealth(dataDir)).toMatchObject({
      backupFolder: join(dataDir, 'backups'),
      lastBackup: { file: made.value.file, at: t.core.now() },
      lastCheckAt: t.core.now(),
    });
    const listed = await t.call('backups.list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: { keep: 14, folder: join(dataDir, 'backups'), backups: [{ name: made.value.name }] },
    });
  });

  it('keeps the newest N and never deletes a file it did not name', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const folder = join(tempDir(), 'elsewhere');
    expect(await t.call('backups.updateSettings', { folder, keep: 3 })).toMatchObject({
      ok: true,
      value: { folder, keep: 3, backups: [] },
    });
    writeFileSync(join(folder, 'notes.txt'), 'not a backup');
    writeFileSync(join(folder, 'pishkhan.sqlite.replaced-20251128T060000Z'), 'kept aside');
    const names: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      t.advance(60_000);
      const made = await t.call('backups.create', {});
      if (!made.ok) throw new Error(made.error.code);
      names.push(made.value.name);
    }
    expect(listBackupFiles(folder, null, undefined).map((b) => b.name)).toEqual(names.slice(2).reverse());
    expect(existsSync(join(folder, 'notes.txt'))).toBe(true);
    expect(existsSync(join(folder, 'pishkhan.sqlite.replaced-20251128T060000Z'))).toBe(true);
    expect(
      auditActions(t)
        .filter((a) => a.action === 'backup_created')
        .at(-1)?.details['rotated'],
    ).toEqual([names[1]]);
    expect(auditActions(t).find((a) => a.action === 'settings_changed')?.details).toMatchObject({
      backupFolder: [null, folder],
      backupKeep: [14, 3],
    });
    // A PC clock set back names the next backup older than the rest: it is kept all the same, and
    // the oldest of the others goes.
    t.advance(-30 * 24 * 3_600_000);
    const behind = await t.call('backups.create', {});
    if (!behind.ok) throw new Error(behind.error.code);
    // Taken last, it holds the most (ordered by content, not by the clock that named it).
    expect(listBackupFiles(folder, null, undefined).map((b) => b.name)).toEqual([
      behind.value.name,
      names[4],
      names[3],
    ]);
  });

  it('orders backups by what they hold: one named while the clock was a year ahead is neither kept over later ones nor offered at start', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    expect(await t.call('backups.updateSettings', { folder: null, keep: 3 })).toMatchObject({ ok: true });
    // The PC's clock a year ahead for a day (a wrong BIOS date), then put right.
    t.advance(365 * DAY);
    const future = await createBackup(t.core, { reason: 'daily', actor: null });
    t.advance(-365 * DAY);
    const later: string[] = [];
    for (let day = 1; day <= 4; day += 1) {
      t.advance(DAY);
      later.push(await dayWithSaleAndBackup(t));
    }
    // Rotation kept the three taken last, and the one named a year ahead went first.
    expect(existsSync(future.file)).toBe(false);
    const listed = listBackupFiles(join(dataDir, 'backups'), null, undefined);
    expect(listed.map((b) => b.name)).toEqual(later.slice(1).reverse());
    // After a damaged start, the backup offered holds every sale.
    const offered = latestGoodBackup(dataDir);
    expect(offered?.name).toBe(later[3]);
    expect(transactionIds(offered?.file ?? '')).toEqual(transactionIds(t.core.databaseFile));
  });

  it("keeps and offers a replaced PC's backups over the old database's in the same folder, though they hold lower numbers", async () => {
    const folder = join(tempDir(), 'shared');
    // The old PC's database, far along, backed up into the office's folder.
    const old = await officeWithSales(tempDir(), 6);
    expect(await old.call('backups.updateSettings', { folder, keep: 3 })).toMatchObject({ ok: true });
    const oldBackups: string[] = [];
    for (let day = 1; day <= 3; day += 1) {
      old.advance(DAY);
      oldBackups.push((await createBackup(old.core, { reason: 'daily', actor: null })).file);
    }
    await old.close();
    // A month later the counter is set up anew on a new PC (same office and terminal, same folder).
    const dataDir = tempDir();
    // Its database first opened then (its trail begins then, another history).
    let clock = old.core.now() + 30 * DAY;
    const t = startCore(dataDir, { now: () => clock });
    await setUpOffice(t);
    await addOperator(t);
    expect(await t.call('backups.updateSettings', { folder, keep: 3 })).toMatchObject({ ok: true });
    const ours: string[] = [];
    for (let day = 1; day <= 3; day += 1) {
      clock += DAY;
      ours.push(await dayWithSaleAndBackup(t));
    }
    // Its backups stay, the old PC's went (two histories: by the names' times).
    expect(listBackupFiles(folder, null, undefined).map((b) => b.name)).toEqual([...ours].reverse());
    for (const file of oldBackups) expect(existsSync(file)).toBe(false);
    // After a damaged start, the backup offered is the new database's latest.
    const offered = latestGoodBackup(dataDir);
    expect(offered?.name).toBe(ours[2]);
    expect(transactionIds(offered?.file ?? '')).toEqual(transactionIds(t.core.databaseFile));
  });

  it('keeps a backup that cannot be read now and is named after the oldest kept, listed by its name', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    expect(await t.call('backups.updateSettings', { folder: null, keep: 2 })).toMatchObject({ ok: true });
    const folder = join(dataDir, 'backups');
    const names: string[] = [];
    for (let day = 1; day <= 2; day += 1) {
      t.advance(DAY);
      names.push((await createBackup(t.core, { reason: 'daily', actor: null })).name);
    }
    // Half a day after the second, a backup another counter's antivirus holds open: unreadable now.
    const lockedAt = t.core.now() + DAY / 2;
    const locked = backupFileName(folder, lockedAt, { officeCode: '1234', terminalNumber: 2 });
    writeFileSync(join(folder, locked), Buffer.alloc(8192, 0xa5));
    t.advance(DAY);
    const third = (await createBackup(t.core, { reason: 'daily', actor: null })).name;
    // Two readable ones kept; the unreadable one neither counted nor removed, and listed by its name.
    expect(listBackupFiles(folder, null, undefined).map((b) => b.name)).toEqual([third, locked, names[1]]);
    expect(existsSync(join(folder, names[0] ?? ''))).toBe(false);
  });

  it("takes a backup named before names said whose as this terminal's only when it holds this terminal", async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const folder = join(tempDir(), 'shared');
    expect(await t.call('backups.updateSettings', { folder, keep: 2 })).toMatchObject({ ok: true });
    // Terminal 7 of the same office wrote backups here before names said whose: newer than ours.
    const other = await officeWithSales(tempDir(), 3);
    other.core.db.prepare('UPDATE office SET terminal_number = 7').run();
    other.core.refreshOffice();
    const source = (await createBackup(other.core, { reason: 'manual', actor: null })).file;
    const theirs = ['1404-09-11-20251201T200000Z', '1404-09-12-20251202T200000Z'].map((d) =>
      join(folder, `pishkhan-backup-${d}.sqlite`),
    );
    for (const file of theirs) writeFileSync(file, readFileSync(source));
    // One of ours named the old way, older than both.
    const mineOld = join(folder, 'pishkhan-backup-1404-09-10-20251130T200000Z.sqlite');
    writeFileSync(
      mineOld,
      readFileSync((await createBackup(t.core, { reason: 'manual', actor: null })).file),
    );
    const ours: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      t.advance(60_000);
      const made = await t.call('backups.create', {});
      if (!made.ok) throw new Error(made.error.code);
      ours.push(made.value.name);
    }
    for (const file of theirs) expect(existsSync(file)).toBe(true);
    // Ours, the old-named one among them, rotated down to two.
    expect(existsSync(mineOld)).toBe(false);
    expect(await t.call('backups.list', {})).toMatchObject({
      ok: true,
      value: { backups: [{ name: ours[1] }, { name: ours[0] }] },
    });
  });

  it('shares a folder with another counter: lists, rotates, counts as today’s and starts from only its own backups', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const folder = join(tempDir(), 'shared');
    expect(await t.call('backups.updateSettings', { folder, keep: 2 })).toMatchObject({ ok: true });
    // Terminal 7 of the same office keeps its backups here too: today's, and newer than any of ours.
    const j = gregorianToJalali(tehranWallTime(t.core.now()).isoDate);
    const jalali = `${j.year}-${String(j.month).padStart(2, '0')}-${String(j.day).padStart(2, '0')}`;
    const stamp = (at: number) => new Date(at).toISOString().replace(/[-:]/g, '').slice(0, 15);
    const theirs = [1, 2, 3].map(
      (h) => `pishkhan-backup-1234-t07-${jalali}-${stamp(t.core.now() + h * 3_600_000)}Z.sqlite`,
    );
    for (const name of theirs) writeFileSync(join(folder, name), 'terminal 7');

    const daily = await dailyBackupIfDue(t.core);
    expect(daily).not.toBeNull();
    const ours = [daily?.name ?? ''];
    for (let i = 0; i < 2; i += 1) {
      t.advance(60_000);
      const made = await t.call('backups.create', {});
      if (!made.ok) throw new Error(made.error.code);
      ours.push(made.value.name);
    }
    // Ours rotated down to two; terminal 7's untouched.
    expect(await t.call('backups.list', {})).toMatchObject({
      ok: true,
      value: { backups: [{ name: ours[2] }, { name: ours[1] }] },
    });
    for (const name of theirs) expect(existsSync(join(folder, name))).toBe(true);
    expect(existsSync(join(folder, ours[0] ?? ''))).toBe(false);

    // Started from a backup (a damaged database): terminal 7's newest sound one is not taken.
    const foreign = join(folder, theirs[2] ?? '');
    rmSync(foreign);
    writeFileSync(foreign, readFileSync(join(folder, ours[2] ?? '')));
    expect(latestGoodBackup(dataDir)?.name).toBe(ours[2]);
  });

  it('refuses a folder that is not a full path or cannot be written, and changes nothing', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 0);
    const before = snapshot(t.core);
    expect(await t.call('backups.updateSettings', { folder: 'backups', keep: 14 })).toMatchObject({
      ok: false,
      error: { code: 'backup_folder_invalid' },
    });
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    expect(await t.call('backups.updateSettings', { folder: join(file, 'sub'), keep: 14 })).toMatchObject({
      ok: false,
      error: { code: 'backup_folder_invalid' },
    });
    expect(await t.call('backups.updateSettings', { folder: null, keep: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(snapshot(t.core)).toBe(before);
  });

  it('backs up after every day close; a failed backup leaves the close standing and says so', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 2);
    const closed = await closeToday(t);
    expect(closed).toMatchObject({ ok: true, value: { day: { state: 'closed' } } });
    if (!closed.ok) return;
    const dayId = closed.value.day.id;
    const backup = await t.call('backups.afterClose', { dayId });
    expect(backup).toMatchObject({ ok: true, value: { ok: true, errorCode: null } });
    if (!backup.ok || !backup.value) return;
    expect(listBackupFiles(join(dataDir, 'backups'), null, undefined).map((b) => b.name)).toEqual([
      backup.value.name,
    ]);
    expect(auditActions(t).at(-1)).toMatchObject({
      action: 'backup_created',
      details: { reason: 'day_close', check: 'quick_check' },
    });
    // Asked again (the day's screen opened again), the same answer; a day no close started one for: null.
    expect(await t.call('backups.afterClose', { dayId })).toEqual(backup);
    expect(await t.call('backups.afterClose', { dayId: '3b241101-e2bb-4255-8caf-4136c566a962' })).toEqual({
      ok: true,
      value: null,
    });

    // The next day the backup folder has become a file (a USB stick unplugged and a file in its place).
    t.advance(DAY);
    expect((await t.call('session.unlock', { password: MANAGER.password })).ok).toBe(true);
    const blocked = join(tempDir(), 'blocked');
    const set = await t.call('backups.updateSettings', { folder: blocked, keep: 14 });
    expect(set.ok).toBe(true);
    rmSync(blocked, { recursive: true });
    writeFileSync(blocked, 'a file where the folder was');
    const second = await closeToday(t);
    expect(second).toMatchObject({ ok: true, value: { day: { state: 'closed' } } });
    if (!second.ok) return;
    expect(await t.call('backups.afterClose', { dayId: second.value.day.id })).toEqual({
      ok: true,
      value: { ok: false, name: null, errorCode: 'backup_folder_invalid' },
    });
    expect(auditActions(t).at(-1)).toMatchObject({
      action: 'backup_failed',
      details: { reason: 'day_close', code: 'backup_folder_invalid' },
    });
    expect(auditActions(t).filter((a) => a.action === 'day_closed')).toHaveLength(2);
  });

  it('answers the day close before its backup is taken, and takes it once the backup before it ends', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 2);
    // Another backup is running (the daily one, "back up now"): held here until released.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = exclusive(t.core, () => gate);
    const closed = await closeToday(t);
    expect(closed).toMatchObject({ ok: true, value: { day: { state: 'closed' } } });
    if (!closed.ok) return;
    const outcome = t.call('backups.afterClose', { dayId: closed.value.day.id });
    let answered = false;
    void outcome.then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    expect(listBackupFiles(join(dataDir, 'backups'), null, undefined)).toEqual([]);
    expect(auditActions(t).at(-1)).toMatchObject({ action: 'day_closed' });
    let idle = false;
    const waiting = backupsIdle(t.core).then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(idle).toBe(false);

    release();
    await running;
    const backup = await outcome;
    expect(backup).toMatchObject({ ok: true, value: { ok: true } });
    if (!backup.ok || !backup.value) return;
    await waiting;
    expect(idle).toBe(true);
    expect(listBackupFiles(join(dataDir, 'backups'), null, undefined).map((b) => b.name)).toEqual([
      backup.value.name,
    ]);
    expect(auditActions(t).at(-1)).toMatchObject({
      action: 'backup_created',
      details: { reason: 'day_close' },
    });
  });

  it("removes its own copies cut off mid-write an hour ago, and nobody else's", async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const folder = join(dataDir, 'backups');
    mkdirSync(folder, { recursive: true });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 60 * 60 * 1000);
    const files = {
      // This terminal's (office 1234, terminal 2), the app stopped mid-copy two hours ago.
      cutOff: ['pishkhan-backup-1234-t02-1404-09-06-20251127T060000Z.sqlite.partial', 2],
      // Named before names said whose: taken as this terminal's.
      cutOffOldName: ['pishkhan-backup-1404-09-05-20251126T060000Z.sqlite.partial', 30],
      // And the journal SQLite left beside it.
      cutOffJournal: ['pishkhan-backup-1234-t02-1404-09-06-20251127T060000Z.sqlite.partial-journal', 2],
      // Being written right now (the command-line tool beside the app).
      writing: ['pishkhan-backup-1234-t02-1404-09-07-20251128T050000Z.sqlite.partial', 0],
      // Another counter's in a shared folder, and files that are not backups.
      otherTerminal: ['pishkhan-backup-1234-t03-1404-09-06-20251127T060000Z.sqlite.partial', 2],
      notABackup: ['notes.partial', 2],
      aBackup: ['pishkhan-backup-1234-t02-1404-09-04-20251125T060000Z.sqlite', 72],
    } as const;
    for (const [name, age] of Object.values(files)) {
      const file = join(folder, name);
      writeFileSync(file, 'x');
      utimesSync(file, hoursAgo(age), hoursAgo(age));
    }
    const made = await t.call('backups.create', {});
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(readdirSync(folder).sort()).toEqual(
      [
        made.value.name,
        files.writing[0],
        files.otherTerminal[0],
        files.notABackup[0],
        files.aBackup[0],
      ].sort(),
    );
    // The trail, which the cut-off copies never reached, says which were removed.
    expect(
      auditActions(t)
        .filter((a) => a.action === 'backup_cut_off_removed')
        .map((a) => [
          a.details['folder'],
          a.details['removed'],
          (a.details['files'] as string[]).slice().sort(),
        ]),
    ).toEqual([[folder, 3, [files.cutOff[0], files.cutOffJournal[0], files.cutOffOldName[0]].sort()]]);
    // Nothing stale the next time: nothing more in the trail.
    expect((await t.call('backups.create', {})).ok).toBe(true);
    expect(auditActions(t).filter((a) => a.action === 'backup_cut_off_removed')).toHaveLength(1);
  });

  it('takes the daily backup once per Tehran day', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const first = await dailyBackupIfDue(t.core);
    expect(first?.name).toMatch(/^pishkhan-backup-/);
    expect(await dailyBackupIfDue(t.core)).toBeNull();
    t.advance(DAY);
    expect((await dailyBackupIfDue(t.core))?.name).not.toBe(first?.name);
    expect(listBackupFiles(join(dataDir, 'backups'), null, undefined)).toHaveLength(2);
    expect(
      auditActions(t)
        .filter((a) => a.action === 'backup_created')
        .map((a) => [a.details['reason'], a.details['check']]),
    ).toEqual([
      ['daily', 'quick_check'],
      ['daily', 'quick_check'],
    ]);
  });

  it('keeps saving while a backup runs and the backup is consistent', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 5);
    const backup = createBackup(t.core, { reason: 'manual', actor: null });
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const made = await backup;
    const ids = transactionIds(made.file);
    expect(ids.length === 5 || ids.length === 6).toBe(true);
    expect(transactionIds(t.core.databaseFile)).toHaveLength(6);
  });

  it("checks a copy on a thread of its own: the counter's calls are answered while the check runs", async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 5);
    const made = await createBackup(t.core, { reason: 'daily', actor: null });
    const code = (
      t.core.db.prepare('SELECT tracking_code AS c FROM transactions LIMIT 1').get() as { c: string }
    ).c;
    const answered: string[] = [];
    // On the core's own thread the whole check would be done before the lookup could even start.
    const check = inspectDatabaseFileOffThread(made.file, { full: true }).then((inspection) => {
      answered.push('check');
      return inspection;
    });
    const lookup = t.call('transactions.search', { query: code }).then((found) => {
      answered.push('lookup');
      return found;
    });
    const [inspection, found] = await Promise.all([check, lookup]);
    expect(answered).toEqual(['lookup', 'check']);
    expect(found).toMatchObject({ ok: true, value: [{ trackingCode: code }] });
    expect(inspection).toMatchObject({ ok: true, transactions: 5, schemaVersion: LATEST_SCHEMA_VERSION });
  });

  it('refuses every backup call to an operator in the core, not only on screen', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 0);
    const before = snapshot(t.core);
    const calls = [
      ['backups.list', {}],
      ['backups.create', {}],
      ['backups.updateSettings', { folder: null, keep: 5 }],
      ['backups.preview', { file: 'x.sqlite' }],
      ['backups.restore', { file: 'x.sqlite', password: OPERATOR.password, acceptUnsyncedLoss: true }],
      ['backups.afterClose', { dayId: '3b241101-e2bb-4255-8caf-4136c566a962' }],
    ] as const;
    for (const [name, input] of calls) {
      expect(await t.dispatcher.call('operator-window', name, input), name).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(existsSync(join(dataDir, 'backups'))).toBe(false);
    expect(snapshot(t.core)).toBe(before);
  });
});
