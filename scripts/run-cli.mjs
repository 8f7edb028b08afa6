// `npm run -s cli -- ARGS`: builds the command-line tool (well under a second) and runs it in a child
// process with the same stdin, stdout, stderr and exit code, so scripts can rely on them.
import { spawnSync } from 'node:child_process';
import { buildCli } from './build-cli.mjs';

let bundle;
try {
  bundle = await buildCli();
} catch {
  console.error('run-cli: build failed');
  process.exit(1);
}
const child = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(child.status ?? 1);
