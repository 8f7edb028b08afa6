// npm start / npm run dev: run the real Electron app from source.
//   1. Electron's binary: present, or downloaded now, or a clear message and exit 1.
//   2. better-sqlite3 for Electron's ABI in native/ (node_modules keeps Node's build for the tests).
//   3. Build: everything (npm start), or only the main side (npm run dev: Vite serves the renderer).
//   4. Electron on this project (with --dev and the Vite dev server in development).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildNativeForElectron, electronInfo, root } from './build-native-electron.mjs';

const dev = process.argv.includes('--dev');
const devServerUrl = process.env.PISHKHAN_DEV_SERVER_URL ?? 'http://localhost:5173';
const electronDir = join(root, 'node_modules', 'electron');

const EXECUTABLE_BY_PLATFORM = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/** The Electron executable, as node_modules/electron would find it, or null when absent. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : process.env.ELECTRON_OVERRIDE_DIST_PATH
      ? (EXECUTABLE_BY_PLATFORM[process.platform] ?? 'electron')
      : null;
  if (!relative) return null;
  const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist'), relative);
  return existsSync(binary) ? binary : null;
}

function firstLine(text) {
  return (
    String(text ?? '')
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? 'unknown'
  );
}

function explainMissingElectron(version, reason) {
  const zip = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const mirror =
    process.env.ELECTRON_MIRROR ??
    process.env.npm_config_electron_mirror ??
    'https://github.com/electron/electron/releases/download/';
  const tried = `${mirror}${mirror.endsWith('/') ? '' : '/'}v${version}/${zip}`;
  console.error(`
────────────────────────────────────────────────────────────────────────
فایل اجرایی الکترون ${version} روی این دستگاه نیست و دانلود آن ممکن نشد.
علت: ${reason}
نشانی: ${tried}

برای اجرای برنامه یکی از این راه‌ها را انجام دهید و دوباره npm start بزنید:
  • دسترسی شبکه به github.com را فراهم کنید؛ یا
  • متغیر ELECTRON_MIRROR را روی یک آینهٔ در دسترس الکترون بگذارید؛ یا
  • فایل ${zip} را از جای دیگری بیاورید، آن را در پوشه‌ای باز کنید
    و ELECTRON_OVERRIDE_DIST_PATH را روی آن پوشه بگذارید
    (یا آن را در حافظهٔ نهان الکترون قرار دهید؛ راهنمای نصب الکترون را ببینید).
آزمون‌ها (npm test) به الکترون نیاز ندارند و بدون آن کار می‌کنند.

The Electron ${version} binary is not on this machine and could not be downloaded.
Reason: ${reason}
Tried:  ${tried}

To run the app, do one of these and run npm start again:
  • give this machine network access to github.com; or
  • set ELECTRON_MIRROR to a reachable Electron mirror; or
  • bring ${zip} from elsewhere, unzip it into a folder and set
    ELECTRON_OVERRIDE_DIST_PATH to that folder (or put the zip in Electron's download cache).
See https://www.electronjs.org/docs/latest/tutorial/installation (mirrors and cache).
npm test does not need Electron and works without it.
────────────────────────────────────────────────────────────────────────`);
}

function ensureElectron(version) {
  const present = electronBinary();
  if (present) return present;
  console.log(`start: the Electron ${version} binary is missing; trying to download it…`);
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const installed = electronBinary();
  if (install.status === 0 && installed) return installed;
  // install.js prints a whole stack trace; its first line is the reason a person needs.
  explainMissingElectron(version, firstLine(install.error?.message ?? install.stderr));
  process.exit(1);
}

function npmRun(script) {
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli && npmCli.endsWith('.js')
      ? spawnSync(process.execPath, [npmCli, 'run', '-s', script], { cwd: root, stdio: 'inherit' })
      : spawnSync('npm', ['run', '-s', script], {
          cwd: root,
          stdio: 'inherit',
          shell: process.platform === 'win32',
        });
  if (result.status !== 0) {
    console.error(`start: npm run ${script} failed`);
    process.exit(result.status ?? 1);
  }
}

async function waitForDevServer(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function startDevServer() {
  return spawn(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      '--config',
      'renderer/vite.config.ts',
      '--port',
      new URL(devServerUrl).port || '5173',
      '--strictPort',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}

async function main() {
  const electron = electronInfo();
  const binary = ensureElectron(electron.version);
  if (!buildNativeForElectron()) process.exit(1);

  let devServer = null;
  if (dev) {
    npmRun('build:main');
    devServer = startDevServer();
    if (!(await waitForDevServer(devServerUrl, 30_000))) {
      console.error(`start: the Vite dev server did not answer at ${devServerUrl}`);
      devServer.kill();
      process.exit(1);
    }
  } else {
    npmRun('build');
  }

  const env = { ...process.env, ...(dev ? { PISHKHAN_DEV_SERVER_URL: devServerUrl } : {}) };
  // Set by some tools; it would make Electron run as plain Node instead of the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const app = spawn(binary, [root, ...(dev ? ['--dev'] : [])], { cwd: root, env, stdio: 'inherit' });

  function stopChildren(signal) {
    app.kill(signal);
    devServer?.kill(signal);
  }
  process.on('SIGINT', stopChildren);
  process.on('SIGTERM', stopChildren);
  app.on('exit', function exitWithApp(code, signal) {
    devServer?.kill();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

await main();
