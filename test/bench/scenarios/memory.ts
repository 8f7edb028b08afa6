import { spawnSync } from 'node:child_process';
import { openCore } from '../../../electron/core/core';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import type { LargeDb } from '../large-db';
import { round, type Row } from '../stats';

/** Runs in a fresh child process: the core's own footprint, not the benchmark's. */
export async function memoryChild(dataDir: string, trackingCode: string): Promise<void> {
  // As the app's core runs: with its checkpoint thread (another isolate and connection).
  const core = openCore({ dataDir, checkpointThread: true });
  const dispatcher = createDispatcher(core);
  await dispatcher.call('child', 'session.login', { username: 'manager', password: 'bench password' });
  for (let i = 0; i < 200; i++)
    await dispatcher.call('child', 'transactions.search', { query: trackingCode });
  await dispatcher.call('child', 'transactions.search', { query: '' });
  process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss }));
  core.close();
}

/** Scenario 9: resident memory of the core with the large database open and in use. */
export function memoryScenario(bundle: string, db: LargeDb): Row[] {
  const child = spawnSync(
    process.execPath,
    [bundle, '--memory-child', db.dataDir, db.trackingCodeOf(Math.floor(db.count / 2))],
    {
      encoding: 'utf8',
    },
  );
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
  const { rss } = JSON.parse(child.stdout) as { rss: number };
  const bare = spawnSync(
    process.execPath,
    ['-e', 'process.stdout.write(String(process.memoryUsage().rss))'],
    { encoding: 'utf8' },
  );
  return [
    {
      scenario: 'memory',
      metric: 'rss',
      value: round(rss / 1048576, 1),
      unit: 'MB',
      baseline: round(Number(bare.stdout) / 1048576, 1),
      note: 'baseline: an empty Node process',
    },
  ];
}
