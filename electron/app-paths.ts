import { join, sep } from 'node:path';

/**
 * Where the running app finds its files. Pure (given the facts Electron reports) so the layout is
 * tested without Electron.
 *
 * Layout, relative to `dist/electron/` (where main.cjs, preload.cjs and core-worker.cjs live):
 *   ../renderer/           the Vite build served on app://pishkhan/
 *   ../../native/electron-v<abi>/better_sqlite3.node   in development (built by npm start)
 * Packaged: `<resources>/native/electron-v<abi>/better_sqlite3.node`, shipped as an extra resource
 * outside the asar so it can be loaded (see the report on electron-builder.yml).
 */
export interface AppPathFacts {
  /** The folder of the bundled main.cjs (`__dirname`). */
  readonly bundleDir: string;
  readonly isPackaged: boolean;
  /** `process.resourcesPath`; only meaningful when packaged. */
  readonly resourcesPath: string;
  /** `process.versions.modules`: Electron's Node ABI. */
  readonly abi: string;
  /** `app.getPath('userData')`. */
  readonly userDataDir: string;
}

export interface AppPaths {
  readonly preload: string;
  readonly coreWorker: string;
  readonly rendererDir: string;
  readonly nativeBinding: string;
  readonly dataDir: string;
}

/**
 * Prefers an unpacked copy of a file from app.asar when the packager made one (`asarUnpack`):
 * worker threads and native modules load most reliably from real files; recent Electron can start
 * workers from inside the asar too, so the packed path is kept when there is no unpacked copy.
 */
export function preferUnpacked(path: string, exists: (path: string) => boolean): string {
  const packed = `${sep}app.asar${sep}`;
  if (!path.includes(packed)) return path;
  const unpacked = path.replace(packed, `${sep}app.asar.unpacked${sep}`);
  return exists(unpacked) ? unpacked : path;
}

export function nativeBindingDirName(abi: string): string {
  return `electron-v${abi}`;
}

export function appPaths(facts: AppPathFacts, exists: (path: string) => boolean): AppPaths {
  const nativeRoot = facts.isPackaged
    ? join(facts.resourcesPath, 'native')
    : join(facts.bundleDir, '..', '..', 'native');
  return {
    preload: join(facts.bundleDir, 'preload.cjs'),
    coreWorker: preferUnpacked(join(facts.bundleDir, 'core-worker.cjs'), exists),
    rendererDir: join(facts.bundleDir, '..', 'renderer'),
    nativeBinding: join(nativeRoot, nativeBindingDirName(facts.abi), 'better_sqlite3.node'),
    dataDir: join(facts.userDataDir, 'data'),
  };
}
