// Builds the municipal sync server with esbuild into one ES module, dist/server/server.mjs. Its
// runtime dependencies (fastify, pg, PGlite with its WebAssembly files) stay in node_modules;
// everything else (zod, the shared protocol) is bundled.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_BUNDLE = `${root}dist/server/server.mjs`;

const RUNTIME_PACKAGES = ['fastify', 'pg', 'pg-native', '@electric-sql/pglite'];

export async function buildServer() {
  await build({
    absWorkingDir: root,
    entryPoints: ['server/main.ts'],
    outfile: SERVER_BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    external: RUNTIME_PACKAGES,
  });
  return SERVER_BUNDLE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildServer();
    console.error('build-server: dist/server/server.mjs built');
  } catch {
    console.error('build-server: build failed');
    process.exit(1);
  }
}
