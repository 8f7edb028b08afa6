import type { CallInput, CallName, CallOutput } from '../../shared/ipc/contract';
import type { Result } from '../../shared/result';
import { openCore, type Core, type CoreOptions } from '../../electron/core/core';
import { createDispatcher, type Dispatcher } from '../../electron/core/ipc/dispatch';
import { backupsIdle } from '../../electron/core/backup/exclusive';

export const MANAGER = {
  username: 'manager',
  fullName: 'زهرا احمدی',
  password: 'correct horse 1404',
} as const;

/** A void's reason with the manager's approval on the spot, as `transactions.void` takes them. */
export function managerApproval(reason: string): {
  reason: string;
  approverUsername: string;
  approverPassword: string;
} {
  return { reason, approverUsername: MANAGER.username, approverPassword: MANAGER.password };
}

export interface TestCore {
  readonly core: Core;
  readonly dispatcher: Dispatcher;
  /** Moves the core's clock forward. */
  advance(ms: number): void;
  call<K extends CallName>(name: K, input: CallInput<K>, sessionKey?: string): Promise<Result<CallOutput<K>>>;
  /** Closes the core as the app's shutdown does: once a backup still running (after a day close) has ended. */
  close(): Promise<void>;
}

export function startCore(dataDir: string, options: Partial<CoreOptions> = {}): TestCore {
  let offset = 0;
  const core = openCore({ dataDir, appVersion: 'test', now: () => 1_764_300_000_000 + offset, ...options });
  const dispatcher = createDispatcher(core);
  return {
    core,
    dispatcher,
    advance(ms) {
      offset += ms;
    },
    call<K extends CallName>(name: K, input: CallInput<K>, sessionKey = 'window-1') {
      // The dispatcher checked the output against the contract's schema for K.
      return dispatcher.call(sessionKey, name, input) as Promise<Result<CallOutput<K>>>;
    },
    async close() {
      await backupsIdle(core);
      core.close();
    },
  };
}

export async function setUpOffice(t: TestCore, sessionKey = 'window-1'): Promise<void> {
  const result = await t.call(
    'setup.createOffice',
    { officeName: 'دفتر پیشخوان ۱۲', officeCode: '1234', district: 5, terminalNumber: 2, manager: MANAGER },
    sessionKey,
  );
  if (!result.ok) throw new Error(`setup failed: ${result.error.code}`);
}

/** Every row of every table, to prove that a refused call changed nothing. */
export function snapshot(core: Core): string {
  const tables = core.db
    // The search index's shadow tables too (its virtual table cannot be scanned).
    .prepare(
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'shadow') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, core.db.prepare(`SELECT * FROM "${name}"`).all()]));
}
