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
  /** Time passes: the PC's clock, the monotonic clock and the boot clock move together. */
  advance(ms: number): void;
  /** Someone sets the PC's clock by `ms` (negative: back); the clocks no one can set stay. */
  setPcClock(ms: number): void;
  /**
   * The PC sleeps for `ms` (Linux): its clock and the boot clock run on, the monotonic clock stands
   * still. Tell the core with `core.clockWatch.suspend()`/`resume()` when the app would be told.
   */
  sleep(ms: number): void;
  call<K extends CallName>(name: K, input: CallInput<K>, sessionKey?: string): Promise<Result<CallOutput<K>>>;
  /** Closes the core as the app's shutdown does: once a backup still running (after a day close) has ended. */
  close(): Promise<void>;
}

/**
 * The clocks of the PC a test core runs on, ms: its clock (the one a person can set), the
 * process's monotonic clock and the time since boot. Hand the same one to the next `startCore` to
 * restart the app on the same PC; a reboot sets `boot` (and `monotonic`) back near 0.
 */
export interface PcClocks {
  wall: number;
  monotonic: number;
  boot: number;
}

/** A PC an hour after it started, its clock at 2025-11-28 ~06:50 in Tehran. */
export function newPc(): PcClocks {
  return { wall: 1_764_300_000_000, monotonic: 0, boot: 3_600_000 };
}

export function startCore(
  dataDir: string,
  options: Partial<CoreOptions> & { readonly pc?: PcClocks } = {},
): TestCore {
  const { pc = newPc(), ...coreOptions } = options;
  const core = openCore({
    dataDir,
    appVersion: 'test',
    now: () => pc.wall,
    // The clock watch runs as in the app, on clocks the test moves. A caller's own `now` moves
    // unseen by the monotonic clock here, so such a core is not watched.
    watchClock: coreOptions.now === undefined,
    monotonic: () => pc.monotonic,
    bootClock: () => pc.boot,
    ...coreOptions,
  });
  const dispatcher = createDispatcher(core);
  return {
    core,
    dispatcher,
    advance(ms) {
      pc.wall += ms;
      pc.monotonic += ms;
      pc.boot += ms;
    },
    setPcClock(ms) {
      pc.wall += ms;
    },
    sleep(ms) {
      pc.wall += ms;
      pc.boot += ms;
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
