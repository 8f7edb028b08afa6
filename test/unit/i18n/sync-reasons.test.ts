import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_TRANSACTION_STATUSES } from '../../../shared/sync/protocol';
import {
  ATTENTION_REASON_CODES,
  PUSH_CONFLICT_REASONS,
  PUSH_REFUSAL_REASONS,
} from '../../../shared/sync/refusals';

const LANGS = ['fa', 'en'] as const;

function reasonMessages(lang: (typeof LANGS)[number]): Record<string, unknown> {
  const sync = JSON.parse(readFileSync(`renderer/i18n/${lang}/sync.json`, 'utf8')) as {
    reasons?: Record<string, unknown>;
  };
  return sync.reasons ?? {};
}

// The server's refusals are typed with these lists (server/push/recheck.ts, push-batch.ts,
// audit-chain.ts, shared/sync/settlement.ts): a reason it can send and the lists lack does not compile.
describe('the Sync screen’s reasons for an item needing attention', () => {
  it('lists every reason the server can send once, with a refusal for a void or cancellation request in each status', () => {
    expect(new Set(ATTENTION_REASON_CODES).size).toBe(ATTENTION_REASON_CODES.length);
    for (const status of SERVER_TRANSACTION_STATUSES)
      expect(PUSH_REFUSAL_REASONS).toContain(`not_allowed_when_${status}`);
    for (const reason of [
      'unknown_kind',
      'fee_mismatch',
      'tariff_not_in_force',
      'day_already_settled',
      'audit_chain_broken',
    ])
      expect(PUSH_REFUSAL_REASONS).toContain(reason);
    expect(PUSH_CONFLICT_REASONS).toEqual(['different_body']);
  });

  it('explains every reason the server can send in Persian and English, in words rather than its code', () => {
    for (const lang of LANGS) {
      const messages = reasonMessages(lang);
      const missing = ATTENTION_REASON_CODES.filter((code) => typeof messages[code] !== 'string');
      expect([lang, missing]).toEqual([lang, []]);
      for (const code of ATTENTION_REASON_CODES) {
        const text = messages[code] as string;
        expect([lang, code, text.length > 40]).toEqual([lang, code, true]);
        expect([lang, code, /[a-z]+_[a-z_]+/.test(text) || text.includes('{{')]).toEqual([lang, code, false]);
      }
    }
  });

  it('explains no reason the server does not send', () => {
    const known = new Set<string>(ATTENTION_REASON_CODES);
    for (const lang of LANGS)
      expect([lang, Object.keys(reasonMessages(lang)).filter((code) => !known.has(code))]).toEqual([
        lang,
        [],
      ]);
  });
});
