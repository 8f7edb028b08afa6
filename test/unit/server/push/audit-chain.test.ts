import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAuditChain } from '../../../../server/push/audit-chain';
import { AUDIT_GENESIS_HASH, auditCanonical } from '../../../../shared/audit/chain';
import type { AuditBatchBody, AuditEntryMessage } from '../../../../shared/sync/audit-batch';

function chain(count: number, from: { seq: number; hash: string } = { seq: 0, hash: AUDIT_GENESIS_HASH }) {
  const entries: AuditEntryMessage[] = [];
  let prevHash = from.hash;
  for (let seq = from.seq + 1; seq <= from.seq + count; seq++) {
    const fields = {
      seq,
      at: 1_700_000_000_000 + seq,
      actorUserId: 1,
      actorUsername: 'manager',
      terminal: '1234-02',
      action: 'transaction_saved',
      entity: 'transaction',
      entityId: `t${seq}`,
      details: JSON.stringify({ n: seq }),
      prevHash,
    };
    const hash = createHash('sha256').update(auditCanonical(fields)).digest('hex');
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

const batch = (entries: AuditEntryMessage[]): AuditBatchBody => ({ office: '1234', terminal: 2, entries });
const nothingHeld = () => undefined;

describe('the server’s check that a pushed stretch continues a terminal’s audit chain', () => {
  const all = chain(10);
  const head = (n: number) => ({ seq: n, hash: all[n - 1]?.hash ?? '' });
  const held = (seq: number) => all[seq - 1]?.hash;

  it('takes the first stretch from the genesis hash, and the next one from the stored head', () => {
    expect(checkAuditChain(batch(all.slice(0, 4)), null, nothingHeld)).toEqual({
      ok: true,
      fresh: all.slice(0, 4),
    });
    expect(checkAuditChain(batch(all.slice(4)), head(4), held)).toEqual({ ok: true, fresh: all.slice(4) });
  });

  it('takes a stretch that repeats entries it holds exactly, storing only the new ones', () => {
    expect(checkAuditChain(batch(all.slice(2, 7)), head(4), held)).toEqual({
      ok: true,
      fresh: all.slice(4, 7),
    });
    expect(checkAuditChain(batch(all.slice(0, 3)), head(4), held)).toEqual({ ok: true, fresh: [] });
  });

  it('flags a stretch that skips entries after the head', () => {
    expect(checkAuditChain(batch(all.slice(5)), head(4), held)).toMatchObject({
      ok: false,
      reason: 'audit_sequence_gap',
      atSeq: 6,
      expectedPrevHash: all[3]?.hash,
    });
  });

  it('flags a trail rewritten and re-hashed from an entry the server already holds', () => {
    const continued = chain(6, head(4));
    const forged = chain(6, { seq: 4, hash: 'f'.repeat(64) });
    expect(checkAuditChain(batch(continued), head(4), held)).toMatchObject({ ok: true });
    expect(checkAuditChain(batch(forged), head(4), held)).toMatchObject({
      ok: false,
      reason: 'audit_chain_broken',
      atSeq: 5,
      expectedPrevHash: all[3]?.hash,
      receivedPrevHash: 'f'.repeat(64),
    });
  });

  it('flags an entry the server holds sent again with other content', () => {
    const other = chain(10).map((e) => (e.seq === 3 ? { ...e, hash: 'e'.repeat(64) } : e));
    expect(checkAuditChain(batch(other.slice(2, 3)), head(4), held)).toMatchObject({
      ok: false,
      reason: 'audit_hash_mismatch',
      atSeq: 3,
    });
  });

  it('flags an edited entry, a reordered stretch and a missing entry inside a stretch', () => {
    const edited = all.slice(4).map((e) => (e.seq === 6 ? { ...e, details: '{"n":0}' } : e));
    expect(checkAuditChain(batch(edited), head(4), held)).toMatchObject({
      reason: 'audit_hash_mismatch',
      atSeq: 6,
    });
    const reordered = [all[4], all[6], all[5]].filter((e) => e !== undefined);
    expect(checkAuditChain(batch(reordered), head(4), held)).toMatchObject({
      reason: 'audit_sequence_gap',
      atSeq: 7,
    });
    const holed = all.slice(4).filter((e) => e.seq !== 7);
    expect(checkAuditChain(batch(holed), head(4), held)).toMatchObject({
      reason: 'audit_sequence_gap',
      atSeq: 8,
    });
  });
});
