import { describe, expect, it } from 'vitest';
import { readChange } from '../../../../electron/core/sync/pull';
import { pullPageSchema, pullResponseSchema } from '../../../../shared/sync/protocol';

const status = {
  type: 'status',
  seq: 10,
  transactionId: '0190a0b0-0000-7000-8000-000000000001',
  trackingCode: '12340100000011',
  status: 'in_review',
  reason: null,
  actor: null,
  at: 1,
};

describe("a change of the office's feed, read on its own", () => {
  it('reads a change this version knows, with the fields a newer server added to it', () => {
    expect(readChange({ ...status, priority: 'high' })).toEqual({ change: status });
  });

  it('passes over a status, a kind of change or a change it cannot read, saying which and where', () => {
    expect(readChange({ ...status, seq: 11, status: 'payment_requested' })).toEqual({
      skipped: { reason: 'unknown_status', type: 'status', status: 'payment_requested', seq: 11 },
    });
    expect(readChange({ type: 'office_settings', seq: 12, at: 1 })).toEqual({
      skipped: { reason: 'unknown_type', type: 'office_settings', status: null, seq: 12 },
    });
    expect(readChange({ ...status, seq: 13, transactionId: 'not-a-uuid' })).toEqual({
      skipped: { reason: 'invalid', type: 'status', status: 'in_review', seq: 13 },
    });
    expect(readChange({ type: 'notice', seq: 14 })).toEqual({
      skipped: { reason: 'invalid', type: 'notice', status: null, seq: 14 },
    });
    expect(readChange({ type: 'constructor', seq: 15 })).toEqual({
      skipped: { reason: 'unknown_type', type: 'constructor', status: null, seq: 15 },
    });
    expect(readChange(null)).toEqual({
      skipped: { reason: 'unknown_type', type: null, status: null, seq: null },
    });
    expect(readChange({ type: 'x'.repeat(500), seq: 1.5 })).toEqual({
      skipped: { reason: 'unknown_type', type: 'x'.repeat(64), status: null, seq: null },
    });
  });

  it('still checks the page itself strictly, and the server’s own schema each change', () => {
    const page = {
      changes: [status, { type: 'office_settings', seq: 11 }],
      cursor: 11,
      more: false,
      serverTime: 1,
    };
    expect(pullPageSchema.safeParse(page).success).toBe(true);
    expect(pullResponseSchema.safeParse(page).success).toBe(false);
    expect(pullPageSchema.safeParse({ ...page, cursor: -1 }).success).toBe(false);
    expect(pullPageSchema.safeParse({ ...page, more: 'no' }).success).toBe(false);
    expect(pullPageSchema.safeParse({ cursor: 11, more: false, serverTime: 1 }).success).toBe(false);
  });
});
