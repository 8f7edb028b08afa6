// A terminal that saves and syncs as fast as it can until it is killed: `node crash-child.cjs DIR`.
// It prints `SAVED <tracking code>` only after the save returned (the transaction is durable).
import { join } from 'node:path';
import { openCore } from '../../../electron/core/core';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import { createSyncEngine, FileKeyStore } from '../../../electron/core/sync';
import { MANAGER } from '../../support/core';
import { newTransaction } from '../../support/transactions';
import { PRICED_SERVICES, quote } from './fixture-pricing';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: crash-child DIR');
  const core = openCore({ dataDir: dir, appVersion: 'crash' });
  const dispatcher = createDispatcher(core);
  const engine = createSyncEngine(core, {
    keyStore: new FileKeyStore(join(dir, 'keys')),
    backoff: { baseMs: 20, capMs: 200 },
    intervalMs: 50,
    nudgeDelayMs: 0,
    timeoutMs: 5_000,
  });
  const login = await dispatcher.call('w', 'session.login', {
    username: MANAGER.username,
    password: MANAGER.password,
  });
  if (!login.ok) throw new Error(login.error.code);
  engine.start();
  for (let i = 0; ; i++) {
    const service = PRICED_SERVICES[i % PRICED_SERVICES.length] as string;
    const total = quote(core.now(), service);
    const saved = await dispatcher.call(
      'w',
      'transactions.create',
      newTransaction(service, [
        { method: 'cash', amount: total, tendered: Math.ceil((total + 1) / 1e6) * 1e6 },
      ]),
    );
    if (!saved.ok) throw new Error(saved.error.code);
    process.stdout.write(`SAVED ${(saved.value as { trackingCode: string }).trackingCode}\n`);
    engine.nudge();
    // Let the engine's timers and requests run between saves.
    await new Promise((r) => setTimeout(r, 2));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
