/** Why an outbox item waits for a person, as the Sync screen and the day's screen show it. */
export interface StoredAttentionReason {
  /** `rejected`: fix the cause, then send again; `conflict`: a person decides; `other`: set aside here. */
  readonly outcome: 'rejected' | 'conflict' | 'other';
  /** The server's code for it, e.g. `fee_mismatch` (empty when it gave none). */
  readonly code: string;
}

/** `rejected: fee_mismatch` / `conflict: body_differs`, as electron/core/sync/push.ts stores the verdict. */
export function parseAttentionReason(stored: string): StoredAttentionReason {
  const match = /^(rejected|conflict)(?::\s*(.*))?$/s.exec(stored.trim());
  if (!match) return { outcome: 'other', code: stored.slice(0, 200) };
  return { outcome: match[1] as 'rejected' | 'conflict', code: (match[2] ?? '').slice(0, 200) };
}
