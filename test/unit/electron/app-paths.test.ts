import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, preferUnpacked } from '../../../electron/app-paths';

const never = () => false;

describe('appPaths', () => {
  it('in development finds the native build under the repository root', () => {
    const repo = join('/', 'home', 'dev', 'pishkhan');
    const paths = appPaths(
      {
        bundleDir: join(repo, 'dist', 'electron'),
        isPackaged: false,
        resourcesPath: join('/', 'usr', 'lib', 'electron', 'resources'),
        abi: '140',
        userDataDir: join('/', 'home', 'dev', '.config', 'Pishkhan'),
      },
      never,
    );
    expect(paths).toEqual({
      preload: join(repo, 'dist', 'electron', 'preload.cjs'),
      coreWorker: join(repo, 'dist', 'electron', 'core-worker.cjs'),
      rendererDir: join(repo, 'dist', 'renderer'),
      nativeBinding: join(repo, 'native', 'electron-v140', 'better_sqlite3.node'),
      dataDir: join('/', 'home', 'dev', '.config', 'Pishkhan', 'data'),
    });
  });

  it('packaged, finds the native build in resources and the worker unpacked when it is', () => {
    const resources = join('/', 'opt', 'Pishkhan', 'resources');
    const bundleDir = join(resources, 'app.asar', 'dist', 'electron');
    const unpackedWorker = join(resources, 'app.asar.unpacked', 'dist', 'electron', 'core-worker.cjs');
    const facts = { bundleDir, isPackaged: true, resourcesPath: resources, abi: '140', userDataDir: '/u' };
    const paths = appPaths(facts, (path) => path === unpackedWorker);
    expect(paths.nativeBinding).toBe(join(resources, 'native', 'electron-v140', 'better_sqlite3.node'));
    expect(paths.coreWorker).toBe(unpackedWorker);
    expect(paths.preload).toBe(join(bundleDir, 'preload.cjs'));
    expect(appPaths(facts, never).coreWorker).toBe(join(bundleDir, 'core-worker.cjs'));
  });
});

describe('preferUnpacked', () => {
  it('leaves paths outside an asar alone', () => {
    const path = join('/', 'a', 'b.cjs');
    expect(preferUnpacked(path, () => true)).toBe(path);
  });
});
