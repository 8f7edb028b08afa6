// Builds the Electron side with esbuild (well under a second): the main process, the sandboxed
// preload and the core's worker thread, each one CommonJS file in dist/electron/.
// Only better-sqlite3 (a native module, a real dependency) and electron stay outside the bundles;
// everything else (zod, the shared contract) is bundled, so devDependencies never ship.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/electron`;

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
};

const targets = [
  {
    // Electron 45 runs Node 22; node20 keeps the same bundles loadable by the plain-Node tests.
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    outExtension: { '.js': '.cjs' },
    outdir,
    platform: 'node',
    target: 'node20',
    external: ['electron', 'better-sqlite3'],
  },
  {
    // A sandboxed preload can require only 'electron' (and a few polyfilled modules): bundle the
    // rest, and build for the browser so a Node built-in that sneaks in fails the build here.
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    outExtension: { '.js': '.cjs' },
    outdir,
    platform: 'browser',
    target: 'chrome130',
    external: ['electron'],
  },
  {
    // The core's thread: plain Node, never Electron.
    ...common,
    entryPoints: { 'core-worker': 'electron/core/host/core-worker.ts' },
    outExtension: { '.js': '.cjs' },
    outdir,
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3'],
  },
];

/** The external imports each bundle kept, to check the runtime layering held. */
function externalImports(metafile) {
  const found = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) found.add(imported.path);
  }
  return [...found].sort();
}

const ALLOWED_EXTERNALS = {
  main: (path) =>
    path === 'electron' || path === 'better-sqlite3' || path.startsWith('node:') || !path.includes('/'),
  preload: (path) => path === 'electron',
  'core-worker': (path) =>
    path !== 'electron' && (path === 'better-sqlite3' || path.startsWith('node:') || !path.includes('/')),
};

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
let results;
try {
  results = await Promise.all(targets.map((options) => build(options)));
} catch {
  // esbuild has already printed the errors with their source lines; a stack trace adds nothing.
  console.error('build-main: build failed');
  process.exit(1);
}
/** Packages bundled into a target that must stay out of it. */
const FORBIDDEN_PACKAGES = {
  // The preload needs the call names only (shared/ipc/call-names.ts), never the schemas.
  preload: ['zod'],
};

function bundledPackages(metafile) {
  const found = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) found.add(match[1]);
  }
  return found;
}

for (const [index, result] of results.entries()) {
  const name = Object.keys(targets[index].entryPoints)[0];
  const bad = externalImports(result.metafile).filter((path) => !ALLOWED_EXTERNALS[name](path));
  if (bad.length > 0) {
    console.error(`build-main: ${name} must not import ${bad.join(', ')} at run time`);
    process.exit(1);
  }
  const packages = bundledPackages(result.metafile);
  const forbidden = (FORBIDDEN_PACKAGES[name] ?? []).filter((pkg) => packages.has(pkg));
  if (forbidden.length > 0) {
    console.error(`build-main: ${name} must not bundle ${forbidden.join(', ')}`);
    process.exit(1);
  }
}
console.log(`build-main: dist/electron built in ${Math.round(performance.now() - started)} ms`);
