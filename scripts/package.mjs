// Builds the installers for this machine's platform (electron-builder.yml):
//   npm run package        build, rebuild better-sqlite3 for Electron, installers in release/<version>/
//   npm run package:dir    the same, unpacked only (release/<version>/<platform>-unpacked/)
//   npm run release        npm test first, then the installers and the update feed files to publish
// Windows installers are built on Windows and Linux packages on Linux: the native module is built
// for the machine it is packaged on. Extra arguments go to electron-builder.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebuildNative } from './rebuild-native.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const dirOnly = args.includes('--dir');
const release = args.includes('--release');
const passThrough = args.filter((arg) => arg !== '--release');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(label, command, commandArgs) {
  console.log(`package: ${label}`);
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`package: ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

if (release) step('npm test', npm, ['test']);
else step('build', npm, ['run', '-s', 'build']);
if (!rebuildNative()) process.exit(1);

const builder = join(root, 'node_modules', 'electron-builder', 'cli.js');
step('electron-builder', process.execPath, [builder, ...passThrough, '--publish', 'never']);

if (!dirOnly) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, 'release', version);
  const publishable = readdirSync(out).filter((name) => /\.(exe|blockmap|AppImage|deb|yml)$/.test(name));
  console.log(`package: to publish on the update feed (<feed>/<os>/<arch>/), from ${out}:`);
  for (const name of publishable)
    if (name !== 'builder-debug.yml' && name !== 'builder-effective-config.yaml') console.log(`  ${name}`);
}
