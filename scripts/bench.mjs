// npm run bench: bundles the benchmark (test/bench) with esbuild and runs it in plain Node.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { buildServer } from './build-server.mjs';

// The stall scenario runs the real core worker and the UI scenario loads the real renderer, both
// rebuilt from this checkout as it is (an older build would be measured otherwise).
for (const script of ['build:main', 'build:renderer']) {
  const built = spawnSync('npm', ['run', '-s', script], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// The drain and stall scenarios run the reference server as deployed, in its own process.
await buildServer();

const outfile = 'dist/bench/bench.cjs';
await build({
  entryPoints: ['test/bench/run.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: [
    'better-sqlite3',
    'electron',
    'playwright-core',
    'fastify',
    'pg',
    '@electric-sql/pglite',
    // The peer (PouchDB on leveldown's native binding) stays in node_modules.
    'pouchdb',
    'express-pouchdb',
  ],
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
