import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../../../electron/core/backup/backup';
import { putBackupInPlace, restoreBackup, restorePreview } from '../../../../electron/core/backup/restore';
import { openCore } from '../../../../electron/core/core';
import { enqueueAuditTrail, entryJson, type AuditRow } from '../../../../electron/core/sync/audit-outbox';
import { insertIdentity } from '../../../../electron/core/sync/state';
import {
  BLIND_RESTORE_MIN_MARGIN,
  lastIssuedSequence,
} from '../../../../electron/core/transactions/sequence';
import { AUDIT_FIELD_MAX } from '../../../../shared/audit/limits';
import { auditEntrySchema } from '../../../../shared/sync/audit-batch';
import { setUpOffice, snapshot, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { addOperator, OPERATOR, sell } from '../day/support';
import { bytes, MANAGER, officeWithSales, overwriteBytes, rootPageOffset, transactionIds } from './support';

async function backupNow(t: TestCore): Promise<string> {
  return (await createBackup(t.core, { reason: 'manual', actor: null })).file;
}

function markDelivered(t: TestCore): void {
  t.core.db.prepare("UPDATE outbox SET state = 'delivered', delivered_at = 1").run();
}

describe('restore', () => {
  const tempDir = useTempDirs();

  it('refuses a file that is not a Pishkhan database, is damaged or is newer than the app, and touches nothing', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 3);
    const good = await backupNow(t);
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const elsewhere = tempDir();

    const text = join(elsewhere, 'notes.sqlite');
    writeFileSync(text, 'this is a shopping list, not a database');
    const foreign = join(elsewhere, 'other-app.sqlite');
    const other = new Database(foreign);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)');
    other.close();
    const damaged = join(elsewhere, 'damaged.sqlite');
    copyFileSync(good, damaged);
    overwriteBytes(damaged, rootPageOffset(damaged, 'transactions'), 4096);
    const newer = join(elsewhere, 'newer.sqlite');
    copyFileSync(good, newer);
    const future = new Database(newer);
    future
      .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 1)")
      .run();
    future.close();

    const before = snapshot(t.core);
    const liveBytes = bytes(t.core.databaseFile).length;
    const cases = [
      [text, 'backup_not_pishkhan'],
      [foreign, 'backup_not_pishkhan'],
      [damaged, 'backup_corrupt'],
      [newer, 'backup_newer_than_app'],
      [join(elsewhere, 'missing.sqlite'), 'backup_not_found'],
      ['../escape.sqlite', 'backup_not_found'],
    ] as const;
    for (const [file, code] of cases) {
      expect(await t.call('backups.preview', { file }), file).toMatchObject({ ok: false, error: { code } });
      expect(
        await t.call('backups.restore', { file, password: MANAGER.password, acceptUnsyncedLoss: true }),
        file,
      ).toMatchObject({ ok: false, error: { code } });
    }
    expect(snapshot(t.core)).toBe(before);
    expect(bytes(t.core.databaseFile).length).toBe(liveBytes);
    expect(readdirSync(dataDir).filter((n) => n.includes('.replaced-') || n.endsWith('.restoring'))).toEqual(
      [],
    );
    // The session is intact: nothing was restored.
    expect((await t.call('session.current', {})).ok).toBe(true);
  });

  it('warns how many transactions are newer and unsynced, refuses by default, restores when confirmed with the password', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 2);
    const backup = await backupNow(t);
    const backupIds = transactionIds(backup);
    const synced = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    markDelivered(t);
    const unsynced = await sell(t, 'waste-fee', 'card', { sessionKey: 'operator-window' });
    const highest = (t.core.db.prepare('SELECT max(sequence) AS s FROM transactions').get() as { s: number })
      .s;

    const preview = await t.call('backups.preview', { file: backup });
    expect(preview).toMatchObject({
      ok: true,
      value: {
        backup: { transactions: 2 },
        newerTransactions: 2,
        unsyncedNewerTransactions: 1,
        unsyncedItemsLost: 1,
      },
    });

    const before = snapshot(t.core);
    expect(
      await t.call('backups.restore', {
        file: backup,
        password: MANAGER.password,
        acceptUnsyncedLoss: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'restore_would_lose_unsynced', details: { transactions: 1 } },
    });
    expect(snapshot(t.core)).toBe(before);
    expect(
      await t.call('backups.restore', {
        file: backup,
        password: 'not the password',
        acceptUnsyncedLoss: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    // The wrong password is counted against the account (like any failed sign); nothing is restored.
    expect(transactionIds(t.core.databaseFile)).toHaveLength(4);
    expect(readdirSync(dataDir).filter((n) => n.includes('.replaced-'))).toEqual([]);

    const restored = await t.call('backups.restore', {
      file: backup,
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
    });
    expect(restored).toMatchObject({
      ok: true,
      value: {
        newerTransactions: 2,
        unsyncedNewerTransactions: 1,
        keptAside: expect.stringMatching(/^pishkhan\.sqlite\.replaced-\d{8}T\d{6}Z$/),
      },
    });
    if (!restored.ok) return;
    expect(transactionIds(t.core.databaseFile)).toEqual(backupIds);
    // The replaced database is kept, whole, with both later transactions in it.
    const aside = join(dataDir, restored.value.keptAside ?? '');
    expect(transactionIds(aside)).toEqual([...backupIds, synced.id, unsynced.id]);

    // Everyone logs in again to the restored database.
    expect(await t.call('session.current', {})).toMatchObject({ ok: true, value: null });
    expect(await t.call('transactions.list', { offset: 0, limit: 10, filter: '' })).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
    expect(
      (await t.call('session.login', { username: MANAGER.username, password: MANAGER.password })).ok,
    ).toBe(true);
    const audit = t.core.db
      .prepare("SELECT actor_username, details FROM audit_log WHERE action = 'database_restored'")
      .all() as { actor_username: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_username).toBe(MANAGER.username);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({
      reason: 'manager',
      acceptedUnsyncedLoss: true,
      newerTransactions: 2,
      unsyncedNewerTransactions: 1,
      keptAside: restored.value.keptAside,
    });
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });

    // Restored once more before any sale (nothing newer to lose): the floor the first restore left
    // still holds, though this file's own transactions go no higher than the backup's.
    const again = await t.call('backups.restore', {
      file: backup,
      password: MANAGER.password,
      acceptUnsyncedLoss: false,
    });
    expect(again).toMatchObject({ ok: true, value: { newerTransactions: 0, unsyncedItemsLost: 0 } });

    // A tracking code handed out before the restores is never issued again.
    const login = await t.call(
      'session.login',
      { username: 'operator1', password: 'operator pass 1404' },
      'operator-window',
    );
    expect(login.ok).toBe(true);
    const next = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const sequence = (
      t.core.db.prepare('SELECT sequence FROM transactions WHERE id = ?').get(next.id) as {
        sequence: number;
      }
    ).sequence;
    expect(sequence).toBe(highest + 1);
  });

  it('restored into a database that does not carry on from the backup (a new PC), steps over the codes sold since', async () => {
    const t = await officeWithSales(tempDir(), 3);
    const backup = await backupNow(t);
    // Sold on the old PC after the backup: their codes are on citizens' receipts.
    for (let i = 0; i < 2; i += 1) await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    await t.close();

    // A new PC: a fresh data folder, nothing set up, restored from the backup (as the CLI does).
    const fresh = startCore(tempDir());
    try {
      await restoreBackup(fresh.core, {
        file: backup,
        actor: { userId: null, username: null },
        acceptUnsyncedLoss: false,
        reason: 'cli',
      });
      expect(lastIssuedSequence(fresh.core.db)).toBe(3 + BLIND_RESTORE_MIN_MARGIN);
      const entry = fresh.core.db
        .prepare("SELECT details FROM audit_log WHERE action = 'database_restored'")
        .get() as { details: string };
      expect(JSON.parse(entry.details)).toMatchObject({
        highestSequenceBefore: 0,
        backupHighestSequence: 3,
        sequenceMargin: BLIND_RESTORE_MIN_MARGIN,
      });
    } finally {
      await fresh.close();
    }
  });

  it('restored into another database of the same counter (set up anew on a new PC), steps over the codes sold since', async () => {
    // A backup taken before the first sale, a minute after the counter was set up; the old PC
    // sold afterwards.
    const t = await officeWithSales(tempDir(), 0);
    t.advance(60_000);
    expect(
      (await t.call('session.login', { username: 'operator1', password: 'operator pass 1404' }, 'w2')).ok,
    ).toBe(true);
    const backup = await backupNow(t);
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    await t.close();
    // The same office and counter set up again elsewhere, no sale yet: its own trail, not the
    // backup's (the fixture's clock makes the two set-ups' entries alike; the login is not).
    const other = await officeWithSales(tempDir(), 0);
    other.advance(120_000); // restored after the backup was taken, by this PC's clock
    try {
      // Its accounts are not the backup's continuation: they come back as in the backup.
      expect(await restorePreview(other.core, backup)).toMatchObject({ accountsCarriedForward: false });
      await restoreBackup(other.core, {
        file: backup,
        actor: { userId: null, username: null },
        acceptUnsyncedLoss: true,
        reason: 'manager',
      });
      expect(lastIssuedSequence(other.core.db)).toBe(BLIND_RESTORE_MIN_MARGIN);
    } finally {
      await other.close();
    }
  });

  it('restores without asking when everything newer has reached the municipality', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = await backupNow(t);
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    markDelivered(t);
    const restored = await t.call('backups.restore', {
      file: backup.split('/').at(-1) ?? '',
      password: MANAGER.password,
      acceptUnsyncedLoss: false,
    });
    expect(restored).toMatchObject({ ok: true, value: { newerTransactions: 1, unsyncedItemsLost: 0 } });
    expect(transactionIds(t.core.databaseFile)).toHaveLength(1);
    expect(existsSync(join(dataDir, 'pishkhan.sqlite'))).toBe(true);
  });

  it('restores a backup marked read-only, and the database it puts in place can be written', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = await backupNow(t);
    chmodSync(backup, 0o444);
    const restored = await t.call('backups.restore', {
      file: basename(backup),
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
    });
    expect(restored).toMatchObject({ ok: true });
    expect(statSync(backup).mode & 0o777).toBe(0o444);
    // The copy took the backup's mode: a database only root could write (the CLI's test restores
    // as another user, for whom the copy could not be prepared at all).
    expect(statSync(t.core.databaseFile).mode & 0o200).toBe(0o200);
  });

  it('names in the restored trail the audit entries it set aside unsent, and the head of the trail it replaced', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = await backupNow(t);
    // After the backup, and never sent: the manager deactivates the operator.
    const operator = (
      t.core.db.prepare("SELECT id FROM users WHERE username = 'operator1'").get() as { id: number }
    ).id;
    expect(await t.call('users.setActive', { userId: operator, active: false })).toMatchObject({ ok: true });
    const copy = new Database(backup, { readonly: true });
    const backupHead = (copy.prepare('SELECT max(seq) AS s FROM audit_log').get() as { s: number }).s;
    copy.close();
    const head = t.core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    const preview = await t.call('backups.preview', { file: backup });
    expect(preview).toMatchObject({
      ok: true,
      value: { unsyncedItemsLost: 0, unsentAuditEntriesSetAside: head.seq - backupHead },
    });
    expect(head.seq - backupHead).toBeGreaterThan(0);
    // Not a reason to ask: nothing the municipality is owed is lost, and the trail says what went.
    const restored = await t.call('backups.restore', {
      file: backup,
      password: MANAGER.password,
      acceptUnsyncedLoss: false,
    });
    if (!restored.ok) throw new Error(restored.error.code);
    // The trail as it was replaced, read from the database kept aside.
    const aside = new Database(join(dataDir, restored.value.keptAside ?? ''), { readonly: true });
    const replaced = aside.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    aside.close();
    expect(replaced.seq).toBeGreaterThanOrEqual(head.seq);
    const entry = t.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'database_restored'")
      .get() as { details: string };
    expect(JSON.parse(entry.details)).toMatchObject({
      unsentAuditEntriesSetAside: replaced.seq - backupHead,
      replacedAuditHead: replaced,
    });
  });

  it('names a backup chosen at a very long path by its file name, cut in the middle to what the municipality takes', async () => {
    const t = await officeWithSales(tempDir(), 1);
    const backup = await backupNow(t);
    // SQLite opens paths of up to 512 bytes on Linux.
    const folder = join(tempDir(), 'پوشه'.repeat(25));
    mkdirSync(folder, { recursive: true });
    const name = `${'b'.repeat(180)}-${basename(backup)}`;
    const chosen = join(folder, name);
    expect(chosen.length).toBeGreaterThan(350);
    copyFileSync(backup, chosen);
    const restored = await t.call('backups.restore', {
      file: chosen,
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
    });
    if (!restored.ok) throw new Error(JSON.stringify(restored.error));
    const entry = t.core.db
      .prepare("SELECT * FROM audit_log WHERE action = 'database_restored'")
      .get() as AuditRow;
    expect(entry.entity_id).toHaveLength(AUDIT_FIELD_MAX.entityId);
    expect(entry.entity_id).toMatch(/^b+…b*-pishkhan-backup-.*\.sqlite$/);
    expect(name.endsWith(entry.entity_id?.split('…')[1] ?? '')).toBe(true);
    expect(auditEntrySchema.safeParse(JSON.parse(entryJson(entry))).success).toBe(true);
  });

  it('puts the previous database back when the restored one cannot be opened', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 2);
    const backup = await backupNow(t);
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const idsBefore = transactionIds(t.core.databaseFile);
    // A sound file whose record says its migrations from 0008 on never ran: 0008's index is there
    // already, so re-running it fails on open.
    const broken = join(tempDir(), 'half-migrated.sqlite');
    copyFileSync(backup, broken);
    const db = new Database(broken);
    db.prepare('DELETE FROM schema_migrations WHERE version >= 8').run();
    db.close();
    const restored = await t.call('backups.restore', {
      file: broken,
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
    });
    expect(restored).toMatchObject({ ok: false, error: { code: 'restore_failed' } });
    expect(transactionIds(t.core.databaseFile)).toEqual(idsBefore);
    expect(
      t.core.db.prepare('SELECT action, actor_username FROM audit_log ORDER BY seq DESC LIMIT 1').get(),
    ).toEqual({ action: 'restore_failed', actor_username: MANAGER.username });
    expect(readdirSync(dataDir).filter((n) => n.includes('.replaced-') || n.endsWith('.restoring'))).toEqual(
      [],
    );
    // The core works on the previous database.
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    expect(transactionIds(t.core.databaseFile)).toHaveLength(idsBefore.length + 1);
  });

  it('leaves the live database where it is when the backup cannot be copied', () => {
    const dataDir = tempDir();
    const live = join(dataDir, 'pishkhan.sqlite');
    writeFileSync(live, 'the live database');
    expect(() => putBackupInPlace(live, join(dataDir, 'gone.sqlite'), 'replaced', 1)).toThrow();
    expect(readdirSync(dataDir)).toEqual(['pishkhan.sqlite']);
    expect(bytes(live).toString()).toBe('the live database');
  });

  it('finishes a restore cut off between its renames, and drops a copy cut off before them', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 2);
    const backup = await backupNow(t);
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    t.core.close();
    const live = join(dataDir, 'pishkhan.sqlite');
    const liveIds = transactionIds(live);

    // Cut off after the live file went aside, before the copy took its name.
    copyFileSync(backup, `${live}.restoring`);
    renameSync(live, `${live}.replaced-20251128T060000Z`);
    const resumed = openCore({ dataDir, appVersion: 'test' });
    expect(transactionIds(live)).toEqual(transactionIds(backup));
    resumed.close();
    expect(transactionIds(`${live}.replaced-20251128T060000Z`)).toEqual(liveIds);

    // Cut off while copying: the live file never moved, the partial copy goes.
    writeFileSync(`${live}.restoring`, 'half a copy');
    const intact = openCore({ dataDir, appVersion: 'test' });
    expect(transactionIds(live)).toEqual(transactionIds(backup));
    intact.close();
    expect(existsSync(`${live}.restoring`)).toBe(false);
  });

  it('answers that it restored when what follows the swap fails (a full disk): the backup is live with its floor and its entry', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = await backupNow(t);
    for (let i = 0; i < 3; i += 1) await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    markDelivered(t);
    const highest = lastIssuedSequence(t.core.db);
    const health = join(dataDir, 'health.json');
    // Once the restored file is open, the disk takes nothing more: no row, no health record.
    const reopen = t.core.reopen.bind(t.core);
    (t.core as { reopen: typeof reopen }).reopen = (swap) => {
      reopen(swap);
      t.core.db.exec(
        "CREATE TEMP TRIGGER disk_full BEFORE INSERT ON main.audit_log BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
      );
      rmSync(health, { force: true });
      mkdirSync(health);
    };
    const restored = await t.call('backups.restore', {
      file: backup,
      password: MANAGER.password,
      acceptUnsyncedLoss: false,
    });
    (t.core as { reopen: typeof reopen }).reopen = reopen;
    rmSync(health, { recursive: true });
    t.core.db.exec('DROP TRIGGER temp.disk_full');
    expect(restored).toMatchObject({ ok: true, value: { newerTransactions: 3 } });
    expect(transactionIds(t.core.databaseFile)).toEqual(transactionIds(backup));
    expect(lastIssuedSequence(t.core.db)).toBe(highest);
    expect(
      t.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'database_restored'").get(),
    ).toEqual({ n: 1 });
  });

  it('refuses when a sale comes in while the restore waits, after its losses were counted, and keeps the sale', async () => {
    const dataDir = tempDir();
    const t = startCore(dataDir, { checkpointThread: true });
    await setUpOffice(t);
    await addOperator(t);
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const backup = await backupNow(t);
    markDelivered(t);
    // A sale from the operator's window while the restore waits for the checkpoint thread to stop.
    const stop = t.core.stopCheckpoints.bind(t.core);
    let racing: Promise<{ id: string }> | null = null;
    (t.core as { stopCheckpoints: typeof stop }).stopCheckpoints = () => {
      const stopping = stop();
      racing = sell(t, 'waste-fee', 'card', { sessionKey: 'operator-window' });
      return stopping;
    };
    for (const acceptUnsyncedLoss of [false, true]) {
      const restored = await t.call('backups.restore', {
        file: backup,
        password: MANAGER.password,
        acceptUnsyncedLoss,
      });
      const sale = await (racing as Promise<{ id: string }> | null);
      expect(restored).toMatchObject({
        ok: false,
        error: { code: 'restore_would_lose_unsynced', details: { arrivedMeanwhile: 1 } },
      });
      expect(transactionIds(t.core.databaseFile)).toContain(sale?.id);
    }
    expect(readdirSync(dataDir).filter((n) => n.includes('.replaced-'))).toEqual([]);
    (t.core as { stopCheckpoints: typeof stop }).stopCheckpoints = stop;
    // The counter goes on, its checkpoints with it.
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    await t.close();
  });

  it('refuses to lose more unsent work than the manager accepted in the preview (a sale saved since)', async () => {
    const t = await officeWithSales(tempDir(), 1);
    const backup = await backupNow(t);
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const preview = await t.call('backups.preview', { file: backup });
    if (!preview.ok) throw new Error(preview.error.code);
    expect(preview.value.unsyncedItemsLost).toBe(1);
    // While the manager reads the warning, the operator saves another sale.
    const later = await sell(t, 'waste-fee', 'card', { sessionKey: 'operator-window' });
    const restored = await t.call('backups.restore', {
      file: backup,
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
      acceptedOutboxMark: preview.value.outboxMark,
    });
    expect(restored).toMatchObject({
      ok: false,
      error: { code: 'restore_would_lose_unsynced', details: { items: 2, arrivedMeanwhile: 1 } },
    });
    expect(transactionIds(t.core.databaseFile)).toContain(later.id);
    // Accepted as now counted, it restores.
    const again = await t.call('backups.preview', { file: backup });
    if (!again.ok) throw new Error(again.error.code);
    expect(
      await t.call('backups.restore', {
        file: backup,
        password: MANAGER.password,
        acceptUnsyncedLoss: true,
        acceptedOutboxMark: again.value.outboxMark,
      }),
    ).toMatchObject({ ok: true, value: { unsyncedItemsLost: 2 } });
  });

  it('refuses a sale saved after the preview even when the sync delivered an item meanwhile', async () => {
    const t = await officeWithSales(tempDir(), 1);
    const backup = await backupNow(t);
    const first = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const preview = await t.call('backups.preview', { file: backup });
    if (!preview.ok) throw new Error(preview.error.code);
    expect(preview.value.unsyncedItemsLost).toBe(2);
    // While the warning is read the background sync delivers one of them and the operator saves
    // another sale: the count is the same, the items are not.
    t.core.db
      .prepare(
        "UPDATE outbox SET state = 'delivered', delivered_at = 1 WHERE kind = 'transaction' AND entity_id = ?",
      )
      .run(first.id);
    const later = await sell(t, 'waste-fee', 'card', { sessionKey: 'operator-window' });
    expect(
      await t.call('backups.restore', {
        file: backup,
        password: MANAGER.password,
        acceptUnsyncedLoss: true,
        acceptedOutboxMark: preview.value.outboxMark,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'restore_would_lose_unsynced', details: { items: 2, arrivedMeanwhile: 1 } },
    });
    expect(transactionIds(t.core.databaseFile)).toContain(later.id);
  });

  it('restores as accepted when an offline sync queued a stretch of the trail after the preview', async () => {
    const t = await officeWithSales(tempDir(), 1);
    insertIdentity(t.core.db, {
      serverUrl: 'http://127.0.0.1:9',
      terminalId: 'terminal-2',
      terminalNumber: 2,
      officeCode: '1234',
      officeName: 'دفتر پیشخوان ۱۲',
      municipality: 'کرج',
      publicKey: 'key',
      keyRef: 'file:key',
      enrolledAt: 1,
    });
    const backup = await backupNow(t);
    const sale = await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
    const preview = await t.call('backups.preview', { file: backup });
    if (!preview.ok) throw new Error(preview.error.code);
    expect(preview.value.unsyncedItemsLost).toBe(1);
    // A sync attempt with the network down queues the trail's new entries, and sends nothing.
    expect(enqueueAuditTrail(t.core)).toBeGreaterThan(0);
    const restored = await t.call('backups.restore', {
      file: backup,
      password: MANAGER.password,
      acceptUnsyncedLoss: true,
      acceptedOutboxMark: preview.value.outboxMark,
    });
    expect(restored).toMatchObject({ ok: true, value: { unsyncedItemsLost: 1 } });
    expect(transactionIds(t.core.databaseFile)).not.toContain(sale.id);
    // The trail the backup holds is queued again from itself.
    expect(enqueueAuditTrail(t.core)).toBeGreaterThan(0);
  });

  it('keeps who was dismissed and whose password was replaced after the backup, and the accounts added since', async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 1);
    const backup = await backupNow(t);
    markDelivered(t);
    const operator = (
      t.core.db.prepare("SELECT id FROM users WHERE username = 'operator1'").get() as { id: number }
    ).id;
    expect(await t.call('users.setActive', { userId: operator, active: false })).toMatchObject({ ok: true });
    const added = await t.call('users.create', {
      username: 'operator2',
      fullName: 'مریم حسینی',
      role: 'operator',
      password: 'second operator 1404',
    });
    expect(added.ok).toBe(true);
    // A leaked password, replaced.
    const changed = 'a brand new secret 1405';
    expect(
      await t.call('session.changePassword', { currentPassword: MANAGER.password, newPassword: changed }),
    ).toMatchObject({ ok: true });
    expect(await t.call('backups.preview', { file: backup })).toMatchObject({
      ok: true,
      value: { accountsCarriedForward: true },
    });
    const restored = await t.call('backups.restore', {
      file: backup,
      password: changed,
      acceptUnsyncedLoss: false,
    });
    expect(restored.ok).toBe(true);
    expect(
      await t.call('session.login', { username: OPERATOR.username, password: OPERATOR.password }, 'w2'),
    ).toMatchObject({ ok: false });
    expect(
      await t.call('session.login', { username: MANAGER.username, password: MANAGER.password }, 'w3'),
    ).toMatchObject({ ok: false });
    expect((await t.call('session.login', { username: MANAGER.username, password: changed }, 'w4')).ok).toBe(
      true,
    );
    // Added after the backup: there, its number and name kept, but it cannot sign in until a manager says so.
    expect(t.core.db.prepare("SELECT active FROM users WHERE username = 'operator2'").get()).toEqual({
      active: 0,
    });
    const entry = t.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'database_restored'")
      .get() as { details: string };
    expect(JSON.parse(entry.details)).toMatchObject({
      accountsCarriedForward: {
        updated: 2,
        addedInactive: 1,
        usernames: { updated: [MANAGER.username, OPERATOR.username], addedInactive: ['operator2'] },
      },
    });
    expect(await t.call('audit.verify', {}, 'w4')).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('keeps a manager who can sign in when the one in the backup was dismissed for one added since', async () => {
    const t = await officeWithSales(tempDir(), 1);
    const backup = await backupNow(t);
    markDelivered(t);
    const first = await t.call('users.create', {
      username: 'manager2',
      fullName: 'علی رضایی',
      role: 'manager',
      password: 'temporary pass 1404',
    });
    if (!first.ok) throw new Error(first.error.code);
    expect(
      (await t.call('session.login', { username: 'manager2', password: 'temporary pass 1404' }, 'm2')).ok,
    ).toBe(true);
    const successor = 'successor pass 1405';
    expect(
      await t.call(
        'session.changePassword',
        { currentPassword: 'temporary pass 1404', newPassword: successor },
        'm2',
      ),
    ).toMatchObject({ ok: true });
    const handedOver = t.core.db.prepare('SELECT id FROM users WHERE username = ?').get(MANAGER.username) as {
      id: number;
    };
    expect(await t.call('users.setActive', { userId: handedOver.id, active: false }, 'm2')).toMatchObject({
      ok: true,
    });

    // Signed by the manager added since: that manager signs in afterwards.
    expect(
      (
        await t.call(
          'backups.restore',
          { file: backup, password: successor, acceptUnsyncedLoss: false },
          'm2',
        )
      ).ok,
    ).toBe(true);
    const active = () =>
      t.core.db.prepare('SELECT username, active FROM users WHERE role = ? ORDER BY id').all('manager');
    expect(active()).toEqual([
      { username: MANAGER.username, active: 0 },
      { username: 'manager2', active: 1 },
    ]);
    // Restored again from the command line (no one signs): the office still keeps a manager.
    await restoreBackup(t.core, {
      file: backup,
      actor: { userId: null, username: null },
      acceptUnsyncedLoss: false,
      reason: 'cli',
    });
    expect(active()).toEqual([
      { username: MANAGER.username, active: 0 },
      { username: 'manager2', active: 1 },
    ]);
    expect((await t.call('session.login', { username: 'manager2', password: successor }, 'm3')).ok).toBe(
      true,
    );
  });

  it("refuses another terminal's backup", async () => {
    const t = await officeWithSales(tempDir(), 0);
    const other = await officeWithSales(tempDir(), 0);
    other.core.db.prepare('UPDATE office SET terminal_number = 7').run();
    other.core.refreshOffice();
    const theirs = await backupNow(other);
    expect(await t.call('backups.preview', { file: theirs })).toMatchObject({
      ok: false,
      error: { code: 'backup_other_terminal', details: { terminal: 7 } },
    });
  });
});
