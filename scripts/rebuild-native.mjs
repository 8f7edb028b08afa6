// Rebuilds the native module (better-sqlite3) for Electron's ABI, at packaging time: run by
// `npm run package` / `npm run release` before electron-builder (whose own rebuild is off, see
// electron-builder.yml). The build itself is scripts/build-native-electron.mjs, which leaves
// node_modules/ (built for Node, used by the tests) untouched and writes
// native/electron-v<abi>/better_sqlite3.node (+ build-info.json), shipped as an extra resource.
//
//   node scripts/rebuild-native.mjs [--force]
import { pathToFileURL } from 'node:url';
import { buildNativeForElectron, electronInfo, nativeBindingPath } from './build-native-electron.mjs';

export function rebuildNative({ force = false } = {}) {
  const electron = electronInfo();
  const headers = process.env.PISHKHAN_ELECTRON_HEADERS;
  console.log(`rebuild-native: better-sqlite3 for Electron ${electron.version} (ABI ${electron.abi}), ${process.platform}-${process.arch}
  network: a prebuilt binary from github.com (WiseLibs/better-sqlite3 releases) if reachable,
           else Electron's headers from ${headers ? `${headers} (PISHKHAN_ELECTRON_HEADERS, no network)` : 'https://electronjs.org/headers'}
           plus python3, make and a C++ compiler (Visual Studio Build Tools on Windows)
  output:  ${nativeBindingPath(electron.abi)}`);
  const built = buildNativeForElectron({ force });
  if (!built) console.error('rebuild-native: no Electron build of better-sqlite3; packaging stops here.');
  return built;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(rebuildNative({ force: process.argv.includes('--force') }) ? 0 : 1);
}
