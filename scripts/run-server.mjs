// `npm run -s server -- ARGS`: builds the server (well under a second) and runs it in this process,
// so its one JSON line is the only thing on stdout.
import { pathToFileURL } from 'node:url';
import { buildServer } from './build-server.mjs';

let bundle;
try {
  bundle = await buildServer();
} catch {
  console.error('run-server: build failed');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
