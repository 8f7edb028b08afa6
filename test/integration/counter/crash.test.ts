import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sampleCatalog from '../../../resources/catalog/sample-catalog.json';
import { verifyAuditLog } from '../../../electron/core/audit/audit';
import { openCore } from '../../../electron/core/core';
import { catalogSchema } from '../../../shared/catalog/schema';
import { tariffFor } from '../../../shared/catalog/tariff';
import { evaluateFee } from '../../../shared/fees';
import { tehranWallTime } from '../../../shared/jalali';

const KILLS = Number(process.env['CRASH_KILLS'] ?? 20);

function permitTotal(): number {
  const catalog = catalogSchema.parse(sampleCatalog);
  const today = tehranWallTime(Date.now()).isoDate;
  const tariff = tariffFor(catalog, 'building-permit-request', today);
  if (!tariff) throw new Error('no tariff');
  const fee = evaluateFee(tariff, {}, { today });
  if (!fee.ok) throw new Error(fee.error.code);
  return fee.value.total;
}

/** Runs the child until it has printed a few receipts, then kills it with SIGKILL at a random moment. */
function runAndKill(child: string, dataDir: string, total: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dataDir], {
      env: { ...process.env, PERMIT_TOTAL: String(total), NODE_PATH: join(process.cwd(), 'node_modules') },
    });
    const printed: string[] = [];
    let buffer = '';
    let stderr = '';
    let ready = false;
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready' && !ready) {
          ready = true;
          setTimeout(() => proc.kill('SIGKILL'), 20 + Math.random() * 150);
        } else if (line) printed.push(line);
      }
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(printed);
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

describe('a crash at any instant during a save', () => {
  let dir: string;
  let child: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pishkhan-crash-'));
    child = join(dir, 'save-child.cjs');
    await build({
      entryPoints: ['test/integration/counter/save-child.ts'],
      outfile: child,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3'],
      logLevel: 'warning',
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`leaves each transaction whole or absent, over ${KILLS} kills, and keeps every printed one`, async () => {
    const dataDir = join(dir, 'data');
    const printed: string[] = [];
    const total = permitTotal();
    for (let i = 0; i < KILLS; i++) printed.push(...(await runAndKill(child, dataDir, total)));
    expect(printed.length).toBeGreaterThan(KILLS);

    const core = openCore({ dataDir });
    const db = core.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const codes = new Set(
      (db.prepare('SELECT tracking_code FROM transactions').all() as { tracking_code: string }[]).map(
        (r) => r.tracking_code,
      ),
    );
    for (const code of printed) expect(codes.has(code), code).toBe(true);

    // Every transaction has all of its parts, and its money adds up.
    const broken = db
      .prepare(
        `SELECT t.tracking_code,
           (SELECT count(*) FROM fee_lines f WHERE f.transaction_id = t.id) AS lines,
           (SELECT coalesce(sum(amount), 0) FROM fee_lines f WHERE f.transaction_id = t.id) AS line_sum,
           (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.transaction_id = t.id) AS paid,
           (SELECT count(*) FROM status_history s WHERE s.transaction_id = t.id) AS statuses,
           (SELECT count(*) FROM outbox o WHERE o.entity_id = t.id AND o.kind = 'transaction') AS queued,
           (SELECT count(*) FROM audit_log a WHERE a.entity_id = t.id AND a.action = 'transaction_saved') AS audited,
           t.total
         FROM transactions t`,
      )
      .all()
      .filter((r) => {
        const row = r as {
          lines: number;
          line_sum: number;
          paid: number;
          statuses: number;
          queued: number;
          audited: number;
          total: number;
        };
        return (
          row.lines < 1 ||
          row.line_sum !== row.total ||
          row.paid !== row.total ||
          row.statuses !== 1 ||
          row.queued !== 1 ||
          row.audited !== 1
        );
      });
    expect(broken).toEqual([]);
    // Sequence numbers have no holes: a killed save took none.
    const seq = db.prepare('SELECT count(*) AS n, max(sequence) AS m FROM transactions').get() as {
      n: number;
      m: number;
    };
    expect(seq.n).toBe(seq.m);
    expect(verifyAuditLog(db)).toMatchObject({ ok: true });
    core.close();
  }, 120_000);
});
