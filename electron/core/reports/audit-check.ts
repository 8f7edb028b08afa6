import type { AuditCheck } from '../../../shared/ipc/calls/manager';
import { verifyAuditLog } from '../audit/audit';
import type { Db } from '../db/open';
import type { Core } from '../core';

/**
 * The audit trail's tamper check: the hash chain from the first entry (an edited, deleted or
 * reordered row breaks it), then every anchor the trail left outside itself — each closed day's
 * settlement records the trail's head when it closed (and sends it to the municipality), so a
 * trail cut short after that day is caught too. Someone holding the file could rewrite the chain
 * and the anchors together; the municipality's copy of the settlements and the trail is what they
 * cannot rewrite (see the note in the issue about a per-installation key).
 */
export function checkAuditTrail(db: Db, now: number): AuditCheck {
  const chain = verifyAuditLog(db);
  if (!chain.ok) {
    return { ok: false, entries: null, checkedAt: now, brokenAtSeq: chain.brokenAtSeq, reason: chain.reason };
  }
  const anchors = db
    .prepare(
      `SELECT d.business_date, json_extract(d.settlement, '$.auditHead.seq') AS seq,
              json_extract(d.settlement, '$.auditHead.hash') AS hash, a.hash AS stored
         FROM business_days d LEFT JOIN audit_log a ON a.seq = json_extract(d.settlement, '$.auditHead.seq')
        WHERE d.state = 'closed' AND json_extract(d.settlement, '$.auditHead.seq') IS NOT NULL
        ORDER BY seq`,
    )
    .all() as { business_date: string; seq: number; hash: string; stored: string | null }[];
  for (const anchor of anchors) {
    if (anchor.stored !== anchor.hash)
      return {
        ok: false,
        entries: null,
        checkedAt: now,
        brokenAtSeq: anchor.seq,
        reason: anchor.stored === null ? 'truncated' : 'anchor_mismatch',
      };
  }
  return { ok: true, entries: chain.entries, checkedAt: now, brokenAtSeq: null, reason: null };
}

const checks = new WeakMap<Core, { startup: AuditCheck | null; last: AuditCheck | null }>();

function stateOf(core: Core) {
  let state = checks.get(core);
  if (!state) {
    state = { startup: null, last: null };
    checks.set(core, state);
  }
  return state;
}

/** Runs the check as the core starts; call once after openCore (the core worker does it off the main thread). */
export function verifyAuditOnStart(core: Core): AuditCheck {
  const result = checkAuditTrail(core.db, core.now());
  const state = stateOf(core);
  state.startup = result;
  state.last = result;
  return result;
}

/** The check run at start (run now if the host did not) and the latest one. */
export function auditStatus(core: Core): { startup: AuditCheck; last: AuditCheck } {
  const state = stateOf(core);
  const startup = state.startup ?? verifyAuditOnStart(core);
  return { startup, last: state.last ?? startup };
}

/** A check on demand; its outcome is itself appended to the trail. */
export function verifyAuditNow(core: Core, actor: { userId: number; username: string }): AuditCheck {
  const result = checkAuditTrail(core.db, core.now());
  stateOf(core).last = result;
  core.db.transaction(() => {
    core.audit.append({
      action: 'audit_verified',
      actorUserId: actor.userId,
      actorUsername: actor.username,
      details: result.ok
        ? { ok: true, entries: result.entries }
        : { ok: false, brokenAtSeq: result.brokenAtSeq, reason: result.reason },
    });
  })();
  return result;
}
