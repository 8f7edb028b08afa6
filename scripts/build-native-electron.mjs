// Builds better-sqlite3 for Electron's ABI into native/electron-v<abi>/better_sqlite3.node.
//
// The tests load node_modules/better-sqlite3 built for Node; the app loads this second build
// through better-sqlite3's `nativeBinding` option. Building in a copy (.cache/native-build/) leaves
// node_modules untouched, so `npm start` and `npm test` never undo each other.
//
// Order: a prebuilt binary via prebuild-install (needs github.com), else a compile with node-gyp
// against Electron's headers (needs electronjs.org/headers, or PISHKHAN_ELECTRON_HEADERS pointing
// at an unpacked headers folder, plus python3, make and a C++ compiler).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Electron's version and its Node ABI (`process.versions.modules` inside Electron). */
export function electronInfo() {
  const electronDir = join(root, 'node_modules', 'electron');
  const version = readJson(join(electronDir, 'package.json')).version;
  const abiFile = join(electronDir, 'abi_version');
  let abi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : '';
  if (!abi) abi = require('node-abi').getAbi(version, 'electron');
  return { version, abi };
}

export function nativeBindingPath(abi) {
  return join(root, 'native', `electron-v${abi}`, 'better_sqlite3.node');
}

function betterSqliteVersion() {
  return readJson(join(root, 'node_modules', 'better-sqlite3', 'package.json')).version;
}

/** node-gyp must not build against Node's headers: drop the nodedir that .npmrc sets for Node. */
function buildEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
  }
  return env;
}

function run(label, args, cwd) {
  console.log(`build-native-electron: ${label}…`);
  const result = spawnSync(process.execPath, args, { cwd, env: buildEnv(), stdio: 'inherit' });
  return result.status === 0;
}

function tryPrebuilt(workDir, electron) {
  const bin = join(root, 'node_modules', 'prebuild-install', 'bin.js');
  if (!existsSync(bin)) return false;
  return run(
    `prebuilt binary for Electron ${electron.version}`,
    [
      bin,
      '--runtime',
      'electron',
      '--target',
      electron.version,
      '--arch',
      process.arch,
      '--platform',
      process.platform,
    ],
    workDir,
  );
}

function tryCompile(workDir, electron) {
  const bin = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!existsSync(bin)) return false;
  const headers = process.env.PISHKHAN_ELECTRON_HEADERS;
  const source = headers ? [`--nodedir=${headers}`] : ['--dist-url=https://electronjs.org/headers'];
  return run(
    `compiling against Electron ${electron.version} headers (about 2 minutes)`,
    [
      bin,
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${electron.version}`,
      `--arch=${process.arch}`,
      ...source,
    ],
    workDir,
  );
}

function explainFailure(electron, target) {
  console.error(`
────────────────────────────────────────────────────────────────────────
ساخت better-sqlite3 برای الکترون ${electron.version} ممکن نشد.
برای این کار یکی از این‌ها لازم است:
  • دسترسی به github.com (فایل از پیش ساخته‌شده)، یا
  • دسترسی به electronjs.org/headers به همراه python3، make و کامپایلر ++C، یا
  • متغیر PISHKHAN_ELECTRON_HEADERS که به پوشهٔ باز شدهٔ هدرهای الکترون ${electron.version} اشاره کند.
آزمون‌ها (npm test) به این فایل نیازی ندارند و بدون آن کار می‌کنند.

better-sqlite3 could not be built for Electron ${electron.version}.
It needs one of:
  • access to github.com (a prebuilt binary), or
  • access to electronjs.org/headers plus python3, make and a C++ compiler, or
  • PISHKHAN_ELECTRON_HEADERS pointing at unpacked Electron ${electron.version} headers
    (node-gyp --nodedir).
The result would go to ${target}.
npm test does not need it and works without it.
────────────────────────────────────────────────────────────────────────`);
}

/** Returns true when native/electron-v<abi>/better_sqlite3.node is in place and current. */
export function buildNativeForElectron({ force = false } = {}) {
  const electron = electronInfo();
  const sqliteVersion = betterSqliteVersion();
  const target = nativeBindingPath(electron.abi);
  const infoFile = join(dirname(target), 'build-info.json');
  const wanted = {
    electron: electron.version,
    betterSqlite3: sqliteVersion,
    platform: process.platform,
    arch: process.arch,
  };
  if (!force && existsSync(target) && existsSync(infoFile)) {
    const info = readJson(infoFile);
    if (Object.entries(wanted).every(([key, value]) => info[key] === value)) return true;
  }

  const workDir = join(
    root,
    '.cache',
    'native-build',
    `better-sqlite3-${sqliteVersion}-electron-${electron.version}`,
  );
  rmSync(workDir, { recursive: true, force: true });
  const source = join(root, 'node_modules', 'better-sqlite3');
  cpSync(source, workDir, {
    recursive: true,
    // Node's own build output stays behind: a stale build/ would be taken for Electron's.
    filter: (path) =>
      path === source || !/^[\\/]?(build|node_modules)([\\/]|$)/.test(path.slice(source.length)),
  });

  const built = join(workDir, 'build', 'Release', 'better_sqlite3.node');
  if (
    !(tryPrebuilt(workDir, electron) && existsSync(built)) &&
    !(tryCompile(workDir, electron) && existsSync(built))
  ) {
    explainFailure(electron, target);
    return false;
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(built, target);
  writeFileSync(infoFile, `${JSON.stringify(wanted, null, 2)}\n`);
  console.log(`build-native-electron: ${target}`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(buildNativeForElectron({ force: process.argv.includes('--force') }) ? 0 : 1);
}
