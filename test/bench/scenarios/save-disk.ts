import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newId } from '../../../shared/ids';
import { ms, round, type Row } from '../stats';
import { newOffice, rawTable, saveOne } from './save';

/**
 * Disks slower to flush than this virtual machine's, where a flush costs a fraction of a
 * millisecond: what an office PC's may be. Each is this machine with every fsync and fdatasync made
 * slower by test/bench/slow-flush.c, by a fixed time more and by the bytes written since the last
 * flush at a given rate. The figures are guesses at such disks' flushes, not measurements of them.
 */
const DISKS = [
  { name: 'this disk, through the shim', delayUs: 0, megabytesASecond: 0, saves: 1_000 },
  { name: 'flush +0.5 ms, 500 MB/s', delayUs: 500, megabytesASecond: 500, saves: 1_000 },
  { name: 'flush +2 ms, 400 MB/s', delayUs: 2_000, megabytesASecond: 400, saves: 500 },
  { name: 'flush +8 ms, 120 MB/s', delayUs: 8_000, megabytesASecond: 120, saves: 250 },
] as const;

const SHIM = 'slow-flush.so';

/**
 * The save's throughput against the raw insert's on slower disks: saves through the core and
 * one-row inserts as in the save scenario (fewer of them, after 20 of each unmeasured), each disk in
 * a child process with the shim loaded. Needs Linux (LD_PRELOAD) and a C compiler (`cc`); otherwise
 * one row says why it was skipped. A disk whose child fails is a row of its own.
 */
export function saveOnSlowerDisksScenario(bundle: string): Row[] {
  const skipped = (why: string): Row[] => [
    { scenario: 'save-disk', metric: 'ratio', value: null, unit: '×', note: `skipped: ${why}` },
  ];
  if (process.platform !== 'linux')
    return skipped(`the slower disks need Linux (this is ${process.platform})`);
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-save-disk-'));
  try {
    const shim = join(dir, SHIM);
    const built = spawnSync(
      'cc',
      ['-shared', '-fPIC', '-O2', '-o', shim, resolve('test/bench/slow-flush.c'), '-ldl', '-lpthread'],
      { encoding: 'utf8' },
    );
    if (built.status !== 0)
      return skipped(
        `the shim could not be built with cc (${built.error?.message ?? `exit ${built.status}: ${built.stderr.trim().slice(0, 200)}`})`,
      );
    return DISKS.map((disk): Row => {
      const child = spawnSync(process.execPath, [bundle, '--save-disk-child', String(disk.saves)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        timeout: 10 * 60_000,
        env: {
          ...process.env,
          LD_PRELOAD: shim,
          FLUSH_DELAY_US: String(disk.delayUs),
          FLUSH_MB_S: String(disk.megabytesASecond),
        },
      });
      const last = (child.stdout ?? '').trim().split('\n').at(-1) ?? '';
      if (child.status !== 0 || !last.startsWith('{'))
        return {
          scenario: 'save-disk',
          metric: disk.name,
          value: null,
          unit: '×',
          note: `failed: the child ${child.error ? child.error.message : `exited ${child.status ?? child.signal}`}`,
        };
      const rates = JSON.parse(last) as { save: number; raw: number };
      return {
        scenario: 'save-disk',
        metric: disk.name,
        value: round(rates.save / rates.raw, 2),
        unit: '×',
        note: `one run: ${disk.saves} saves ${round(rates.save, 1)}/s against ${disk.saves} one-row inserts ${round(rates.raw, 1)}/s; every fsync and fdatasync made to take ${disk.delayUs} µs more than this disk's${disk.megabytesASecond > 0 ? `, plus the bytes written since the last one at ${disk.megabytesASecond} MB/s` : ''}, one flush at a time (test/bench/slow-flush.c): a guess at a slower disk's flush, not a measurement of one (budget 0.7)`,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In the child: saves per second through a new office's core, then raw inserts per second. */
export async function saveDiskChild(count: number): Promise<void> {
  // A preload that failed only warns: the figures would then be this disk's under another name.
  if (!readFileSync('/proc/self/maps', 'utf8').includes(SHIM))
    throw new Error(`${SHIM} is not loaded (LD_PRELOAD=${process.env['LD_PRELOAD'] ?? ''})`);
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-save-disk-child-'));
  try {
    const { core, dispatcher, amount } = await newOffice(join(dir, 'core'));
    let saved = 0;
    for (let i = 0; i < 20; i++) await saveOne(dispatcher, amount, ++saved);
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) await saveOne(dispatcher, amount, ++saved);
    const save = (count / ms(started)) * 1000;
    await core.stopCheckpoints();
    core.close();

    const { raw, insert, body } = rawTable(join(dir, 'raw.sqlite'));
    for (let i = 0; i < 20; i++) insert.run(newId(), `w${i}`, body, amount, Date.now());
    const rawStarted = process.hrtime.bigint();
    for (let i = 0; i < count; i++) insert.run(newId(), String(i), body, amount, Date.now());
    const rawRate = (count / ms(rawStarted)) * 1000;
    raw.close();
    process.stdout.write(`${JSON.stringify({ save, raw: rawRate })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
