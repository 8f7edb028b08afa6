// Builds the `pishkhan` command-line tool with esbuild into one CommonJS file, dist/cli/pishkhan.cjs
// (package.json "bin"). It runs the same core as the app in plain Node: only better-sqlite3 (native)
// stays outside the bundle.
import { chmod, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI_BUNDLE = `${root}dist/cli/pishkhan.cjs`;

export async function buildCli() {
  const pkg = JSON.parse(await readFile(`${root}package.json`, 'utf8'));
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/cli/main.ts'],
    outfile: CLI_BUNDLE,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    banner: { js: '#!/usr/bin/env node' },
    define: { PISHKHAN_VERSION: JSON.stringify(pkg.version) },
    external: ['better-sqlite3', 'electron'],
  });
  await chmod(CLI_BUNDLE, 0o755);
  return CLI_BUNDLE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildCli();
    console.error('build-cli: dist/cli/pishkhan.cjs built');
  } catch {
    console.error('build-cli: build failed');
    process.exit(1);
  }
}
