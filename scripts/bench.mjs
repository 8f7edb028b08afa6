// npm run bench: bundles the benchmark (test/bench) with esbuild and runs it in plain Node.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

// The UI scenario loads the real renderer build.
if (!existsSync('dist/renderer/index.html')) {
  const vite = spawnSync('npm', ['run', '-s', 'build:renderer'], { stdio: 'inherit' });
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}

const outfile = 'dist/bench/bench.cjs';
await build({
  entryPoints: ['test/bench/run.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['better-sqlite3', 'electron', 'playwright-core', 'fastify', 'pg', '@electric-sql/pglite'],
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
