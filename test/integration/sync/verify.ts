import { expect } from 'vitest';
import type { Core } from '../../../electron/core/core';
import type { SeededServer } from './fixture';

/**
 * Converged: the server holds each of this terminal's transactions exactly once (same id, same
 * tracking code), nothing of this terminal's that the terminal does not hold, and the terminal's
 * outbox has nothing pending.
 */
export async function expectConverged(
  core: Core,
  server: Pick<SeededServer, 'transactions'>,
  terminalNumber = 1,
): Promise<number> {
  const local = core.db.prepare('SELECT id, tracking_code AS trackingCode FROM transactions').all() as {
    id: string;
    trackingCode: string;
  }[];
  const prefix = `1234${String(terminalNumber).padStart(2, '0')}`;
  const remote = (await server.transactions()).filter((t) => t.trackingCode.startsWith(prefix));
  const byCode = new Map<string, number>();
  for (const t of remote) byCode.set(t.trackingCode, (byCode.get(t.trackingCode) ?? 0) + 1);
  expect([...byCode.values()].filter((n) => n > 1)).toEqual([]);
  expect(remote.map((t) => `${t.id} ${t.trackingCode}`).sort()).toEqual(
    local.map((t) => `${t.id} ${t.trackingCode}`).sort(),
  );
  expect(core.db.prepare("SELECT count(*) AS n FROM outbox WHERE state != 'delivered'").get()).toEqual({
    n: 0,
  });
  expect(core.db.prepare("SELECT count(*) AS n FROM transactions WHERE status = 'saved'").get()).toEqual({
    n: 0,
  });
  return local.length;
}
