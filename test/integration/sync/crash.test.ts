import { beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend, drain, openTerminal } from './fixture';
import { bundleForNode, startChild } from './processes';
import { expectConverged } from './verify';

/** At least 50 in CI; PISHKHAN_CRASH_KILLS=1000 for a soak. */
const KILLS = Number(process.env.PISHKHAN_CRASH_KILLS ?? 50);

let childBundle: string;
beforeAll(async () => {
  childBundle = await bundleForNode('test/integration/sync/crash-child.ts', 'crash-child');
});

describeOnEachBackend('crash', (server, tempDir, backend) => {
  it(`a terminal saving and syncing, killed with SIGKILL ${KILLS} times: every printed transaction reaches the server exactly once, and nothing else`, async () => {
    const dir = tempDir();
    const setup = await openTerminal(dir);
    await setup.engine.enroll({
      serverUrl: server().url,
      activationCode: await server().newActivationCode(),
    });
    await setup.close();

    const printed = new Set<string>();
    let pendingAtKill = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const child = startChild(childBundle, [dir]);
      // Sometimes during start-up, mostly mid-work: then the kill comes a random time after the
      // first durable save, however long start-up took on a busy machine.
      if (kill % 10 === 0) await new Promise((r) => setTimeout(r, Math.random() * 150));
      else {
        await child.firstLine();
        await new Promise((r) => setTimeout(r, Math.random() * 400));
      }
      await child.kill();
      for (const line of child.lines) {
        const match = /^SAVED (\d{14})$/.exec(line);
        if (match?.[1]) printed.add(match[1]);
      }
      if (child.lines.length > 0) pendingAtKill++;
    }
    expect(printed.size).toBeGreaterThan(KILLS);
    expect(pendingAtKill).toBeGreaterThan(KILLS / 2);

    const after = await openTerminal(dir, { existing: true });
    const local = new Set(
      (after.core.db.prepare('SELECT tracking_code AS c FROM transactions').all() as { c: string }[]).map(
        (r) => r.c,
      ),
    );
    // Printed means saved: every one of them is in the terminal's database.
    expect([...printed].filter((code) => !local.has(code))).toEqual([]);
    await drain(after.engine);
    const onServer = await expectConverged(after.core, server());
    const remoteCodes = new Set((await server().transactions()).map((t) => t.trackingCode));
    expect([...printed].filter((code) => !remoteCodes.has(code))).toEqual([]);
    console.error(
      `[crash] ${backend}: ${KILLS} kills, ${printed.size} printed, ${onServer} on the server, each once`,
    );
    await after.close();
  }, 240_000);
});
