import { describe, expect, it } from 'vitest';
import { createAuditLog, verifyAuditLog, type AuditEntry } from '../../../../electron/core/audit/audit';
import { entryJson, type AuditRow } from '../../../../electron/core/sync/audit-outbox';
import { AUDIT_FIELD_MAX } from '../../../../shared/audit/limits';
import { auditEntrySchema } from '../../../../shared/sync/audit-batch';
import { setUpOffice, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';

function lastEntry(t: TestCore): AuditRow {
  return t.core.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditRow;
}

/** The entry as the sync pushes it, checked with the municipal server's own schema. */
function serverTakes(row: AuditRow) {
  return auditEntrySchema.safeParse(JSON.parse(entryJson(row)));
}

describe('audit entries the municipality takes', () => {
  const tempDir = useTempDirs();

  async function office(): Promise<TestCore> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    return t;
  }

  it('cuts over-long text in every field before hashing it: the entry is stored cut, the server takes it, the chain verifies', async () => {
    const t = await office();
    const path = `C:\\Users\\${'مدیر'.repeat(60)}\\${'پشتیبان-'.repeat(120)}.sqlite`;
    const entry: AuditEntry = {
      action: `restore_${'x'.repeat(150)}`,
      actorUsername: '😀'.repeat(150),
      entity: 'e'.repeat(101),
      entityId: path,
      details: { note: 'ن'.repeat(AUDIT_FIELD_MAX.details) },
    };
    t.core.db.transaction(() => t.core.audit.append(entry))();
    const row = lastEntry(t);
    expect(serverTakes(row).success).toBe(true);
    expect(row.entity_id).toHaveLength(AUDIT_FIELD_MAX.entityId);
    expect(row.entity_id).toBe(`${path.slice(0, AUDIT_FIELD_MAX.entityId - 1)}…`);
    expect(row.action).toBe(`restore_${'x'.repeat(AUDIT_FIELD_MAX.action - 9)}…`);
    expect(row.entity).toBe(`${'e'.repeat(AUDIT_FIELD_MAX.entity - 1)}…`);
    // Emoji are two code units each: the cut never leaves half of one.
    expect(row.actor_username).toBe(`${'😀'.repeat(99)}…`);
    const details = JSON.parse(row.details) as { detailsCut: { length: number; start: string } };
    expect(details.detailsCut.length).toBe(JSON.stringify(entry.details).length);
    expect(details.detailsCut.start.startsWith('{"note":"ننن')).toBe(true);
    expect(verifyAuditLog(t.core.db)).toEqual({ ok: true, entries: row.seq });
    await t.close();
  });

  it('stores U+0000 and lone surrogates as U+FFFD: the database holds the entry exactly as hashed', async () => {
    const t = await office();
    t.core.db.transaction(() =>
      t.core.audit.append({
        action: 'probe',
        actorUsername: 'a\0b',
        entityId: 'x\uD800y\uDC00',
        details: {},
      }),
    )();
    const row = lastEntry(t);
    expect(row).toMatchObject({ actor_username: 'a\uFFFDb', entity_id: 'x\uFFFDy\uFFFD' });
    expect(serverTakes(row).success).toBe(true);
    expect(verifyAuditLog(t.core.db)).toMatchObject({ ok: true });
    await t.close();
  });

  it('cuts an over-long terminal label too, and refuses an entry with no action', async () => {
    const t = await office();
    const log = createAuditLog(t.core.db, t.core.now, () => 'ت'.repeat(500));
    t.core.db.transaction(() => log.append({ action: 'probe' }))();
    const row = lastEntry(t);
    expect(row.terminal).toBe(`${'ت'.repeat(AUDIT_FIELD_MAX.terminal - 1)}…`);
    expect(serverTakes(row).success).toBe(true);
    expect(() => t.core.db.transaction(() => log.append({ action: '' }))()).toThrow(/needs an action/);
    expect(lastEntry(t).seq).toBe(row.seq);
    await t.close();
  });

  it('stores an entry within the limits exactly as given', async () => {
    const t = await office();
    const entry = {
      action: 'a'.repeat(AUDIT_FIELD_MAX.action),
      actorUsername: 'u'.repeat(AUDIT_FIELD_MAX.actorUsername),
      entity: 'e'.repeat(AUDIT_FIELD_MAX.entity),
      entityId: 'پ'.repeat(AUDIT_FIELD_MAX.entityId),
      details: { reason: '😀 دلیل' },
    };
    t.core.db.transaction(() => t.core.audit.append(entry))();
    expect(lastEntry(t)).toMatchObject({
      action: entry.action,
      actor_username: entry.actorUsername,
      entity: entry.entity,
      entity_id: entry.entityId,
      details: JSON.stringify(entry.details),
    });
    await t.close();
  });
});
