import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditHash } from '../../../../electron/core/audit/audit';
import { DATABASE_FILE } from '../../../../electron/core/core';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { MANAGER, setUpOffice, startCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { sell } from '../day/support';

interface Row {
  seq: number;
  at: number;
  actor_user_id: number | null;
  actor_username: string | null;
  terminal: string;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

describe('the audit trail, tampered with directly in the SQLite file', () => {
  const tempDir = useTempDirs();

  /** A terminal with sales, a closed day (an anchor of the trail's head) and entries after it. */
  async function trail(): Promise<{ dir: string; entries: number; anchorSeq: number }> {
    const dir = tempDir();
    const t = startCore(dir);
    await setUpOffice(t);
    for (let i = 0; i < 3; i++) await sell(t, 'waste-fee', i % 2 ? 'card' : 'cash');
    const overview = await t.call('day.overview', {});
    if (!overview.ok) throw new Error(overview.error.code);
    const day = await t.call('day.open', { businessDate: overview.value.businessDate, openingFloat: '0' });
    if (!day.ok) throw new Error(day.error.code);
    const detail = await t.call('day.detail', { dayId: day.value.id });
    if (!detail.ok) throw new Error(detail.error.code);
    const r = detail.value.reconciliation;
    const closed = await t.call('day.close', {
      dayId: day.value.id,
      fingerprint: detail.value.fingerprint,
      countedCash: String(r.expectedCash),
      cardSlipTotal: String(r.expectedCard),
      cashNote: '',
      cardNote: '',
      password: MANAGER.password,
    });
    if (!closed.ok) throw new Error(closed.error.code);
    // The backup that follows the close is in the trail before the sales after it.
    await t.call('backups.afterClose', { dayId: day.value.id });
    for (let i = 0; i < 2; i++) await sell(t, 'waste-fee', 'card');
    const { n } = t.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    const anchor = JSON.parse(
      (t.core.db.prepare('SELECT settlement FROM business_days').get() as { settlement: string }).settlement,
    ) as { auditHead: { seq: number } };
    await t.close();
    return { dir, entries: n, anchorSeq: anchor.auditHead.seq };
  }

  /** As an attacker holding the file would: drop the append-only triggers, then edit. */
  function tamper(dir: string, edit: (db: Db) => void): void {
    const db = openDatabase(join(dir, DATABASE_FILE));
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    edit(db);
    db.close();
  }

  function row(db: Db, seq: number): Row {
    return db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Row;
  }

  /** The check the core runs as it starts, through the manager's call. */
  async function startupCheck(dir: string) {
    const t = startCore(dir);
    const login = await t.call('session.login', { username: MANAGER.username, password: MANAGER.password });
    if (!login.ok) throw new Error(login.error.code);
    const status = await t.call('audit.status', {});
    const onDemand = await t.call('audit.verify', {});
    await t.close();
    if (!status.ok || !onDemand.ok) throw new Error('audit calls failed');
    expect(onDemand.value.ok).toBe(status.value.startup.ok);
    return status.value.startup;
  }

  it('passes an untouched trail, on start and on demand', async () => {
    const { dir, entries } = await trail();
    const check = await startupCheck(dir);
    // The login made on the way in is one more entry.
    expect(check).toMatchObject({ ok: true, entries: entries + 1, brokenAtSeq: null, reason: null });
  });

  it('detects an edited row', async () => {
    const { dir } = await trail();
    tamper(dir, (db) => {
      db.prepare("UPDATE audit_log SET details = json_set(details, '$.total', 1) WHERE seq = 5").run();
    });
    expect(await startupCheck(dir)).toMatchObject({ ok: false, brokenAtSeq: 5, reason: 'hash_mismatch' });
  });

  it('detects an edited row whose own hash was recomputed', async () => {
    const { dir } = await trail();
    tamper(dir, (db) => {
      const r = row(db, 6);
      const { hash: _old, ...rest } = { ...r, actor_username: 'someone-else' };
      db.prepare('UPDATE audit_log SET actor_username = ?, hash = ? WHERE seq = 6').run(
        'someone-else',
        auditHash(rest),
      );
    });
    expect(await startupCheck(dir)).toMatchObject({ ok: false, brokenAtSeq: 7, reason: 'chain_broken' });
  });

  it('detects a deleted row, and a deletion hidden by renumbering', async () => {
    const { dir } = await trail();
    tamper(dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 4').run());
    expect(await startupCheck(dir)).toMatchObject({ ok: false, brokenAtSeq: 5, reason: 'sequence_gap' });

    const second = await trail();
    tamper(second.dir, (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
      db.prepare('UPDATE audit_log SET seq = -(seq - 1) WHERE seq > 4').run();
      db.prepare('UPDATE audit_log SET seq = -seq WHERE seq < 0').run();
    });
    expect(await startupCheck(second.dir)).toMatchObject({ ok: false, brokenAtSeq: 4 });
  });

  it('detects two rows swapped', async () => {
    const { dir } = await trail();
    tamper(dir, (db) => {
      db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 5').run();
      db.prepare('UPDATE audit_log SET seq = 5 WHERE seq = 6').run();
      db.prepare('UPDATE audit_log SET seq = 6 WHERE seq = -1').run();
    });
    expect(await startupCheck(dir)).toMatchObject({ ok: false, brokenAtSeq: 5, reason: 'chain_broken' });
  });

  it("detects a trail cut short, by the closed day's record of its head", async () => {
    const { dir, anchorSeq } = await trail();
    tamper(dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(anchorSeq - 1));
    expect(await startupCheck(dir)).toMatchObject({ ok: false, brokenAtSeq: anchorSeq, reason: 'truncated' });
  });

  it('detects a chain rewritten from an edit onwards, by the closed day’s anchor', async () => {
    const { dir, anchorSeq } = await trail();
    tamper(dir, (db) => {
      const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= 3 ORDER BY seq').all() as Row[];
      let prev = row(db, 2).hash;
      const update = db.prepare('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?');
      for (const r of rows) {
        const details = r.seq === 3 ? '{"rewritten":true}' : r.details;
        const { hash: _old, ...rest } = { ...r, details, prev_hash: prev };
        const hash = auditHash(rest);
        update.run(details, prev, hash, r.seq);
        prev = hash;
      }
    });
    expect(await startupCheck(dir)).toMatchObject({
      ok: false,
      brokenAtSeq: anchorSeq,
      reason: 'anchor_mismatch',
    });
  });
});
