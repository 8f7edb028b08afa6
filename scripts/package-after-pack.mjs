// electron-builder afterPack hook (electron-builder.yml): makes sure the package carries
// better-sqlite3 built for Electron, never the Node build that sits in node_modules/ for the tests.
//  - <resources>/native/ keeps only electron-v<abi>/ of the Electron being packaged;
//  - the unpacked node_modules copy is replaced by the same Electron build, so the app's fallback
//    load (no nativeBinding) works too.
// A package without the Electron build is refused, unless PISHKHAN_PACKAGE_WITHOUT_NATIVE=1 (the
// packaging test, which uses a stand-in Electron and has no Electron headers).
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { electronInfo, nativeBindingPath } from './build-native-electron.mjs';

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default async function afterPack(context) {
  if (process.env.PISHKHAN_PACKAGE_WITHOUT_NATIVE === '1') {
    console.log(
      'package-after-pack: PISHKHAN_PACKAGE_WITHOUT_NATIVE=1, Electron build of better-sqlite3 not checked',
    );
    return;
  }
  const { abi, version } = electronInfo();
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const source = nativeBindingPath(abi);
  const infoFile = join(source, '..', 'build-info.json');
  const info = existsSync(infoFile) ? JSON.parse(readFileSync(infoFile, 'utf8')) : null;
  if (
    !existsSync(source) ||
    !info ||
    info.platform !== platform ||
    info.arch !== arch ||
    info.electron !== version
  ) {
    throw new Error(
      `package-after-pack: no better-sqlite3 built for Electron ${version} on ${platform}-${arch} at ${source}` +
        (info ? ` (found one for Electron ${info.electron} on ${info.platform}-${info.arch})` : '') +
        '. Run `node scripts/rebuild-native.mjs` on a machine of that platform (a native module cannot be cross-built).',
    );
  }

  const resources = context.packager.getResourcesDir(context.appOutDir);
  const nativeDir = join(resources, 'native');
  for (const name of existsSync(nativeDir) ? readdirSync(nativeDir) : []) {
    if (name !== `electron-v${abi}`) rmSync(join(nativeDir, name), { recursive: true, force: true });
  }
  if (!existsSync(join(nativeDir, `electron-v${abi}`, 'better_sqlite3.node'))) {
    throw new Error(
      `package-after-pack: ${nativeDir} lacks electron-v${abi}/better_sqlite3.node (extraResources)`,
    );
  }
  const unpacked = join(
    resources,
    'app.asar.unpacked',
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
  if (!existsSync(unpacked)) throw new Error(`package-after-pack: ${unpacked} missing (asarUnpack)`);
  copyFileSync(source, unpacked);
  console.log(`package-after-pack: better-sqlite3 for Electron ${version} (ABI ${abi}) in place`);
}
