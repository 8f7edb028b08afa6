import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRawHeader, extractFile, type DirectoryRecord, type FileRecord } from '@electron/asar';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { Arch, Platform, build, type Configuration } from 'electron-builder';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The packaging check of issue 7: electron-builder.yml is valid, and a Linux `--dir` build made
 * with a stand-in Electron (the real binary cannot be downloaded here) contains exactly the
 * production files. The stand-in only replaces Electron's own files; everything of ours in the
 * package is what a real build ships.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What marks the fuse wire in an Electron binary (@electron/fuses' SENTINEL, not exported). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

function relativeFiles(dir: string, prefix: string): string[] {
  return filesUnder(dir).map((file) => `${prefix}/${relative(dir, file).split(sep).join('/')}`);
}

interface AsarEntry {
  readonly path: string;
  readonly unpacked: boolean;
}

function asarFiles(record: DirectoryRecord, prefix = ''): AsarEntry[] {
  const found: AsarEntry[] = [];
  for (const [name, child] of Object.entries(record.files)) {
    const path = prefix ? `${prefix}/${name}` : name;
    if ('files' in child) found.push(...asarFiles(child, path));
    else found.push({ path, unpacked: (child as FileRecord).unpacked === true });
  }
  return found;
}

/**
 * What electron-builder copies from an Electron distribution on Linux: the `electron` executable
 * (renamed to the app's executableName), locales/ (pruned to electronLanguages), resources/
 * (app.asar goes there) and the license files it moves aside (ElectronFramework.ts).
 */
function createStandInElectron(dir: string): void {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  // Its fuse wire as Electron ships it (version 1, 8 fuses: run as node on, cookie encryption off,
  // NODE_OPTIONS on, --inspect on, asar integrity off, only app.asar off, browser V8 snapshot off,
  // file:// privileges on), behind the sentinel @electron/fuses looks for.
  const fuses = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]);
  writeFileSync(
    join(dir, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron"\nexit 0\n# '), fuses, Buffer.from('\n')]),
    { mode: 0o755 },
  );
  for (const locale of ['fa', 'en-US', 'de', 'ar']) writeFileSync(join(dir, 'locales', `${locale}.pak`), '');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), 'stand-in');
  writeFileSync(join(dir, 'chrome-sandbox'), '', { mode: 0o755 });
  writeFileSync(join(dir, 'version'), readJson(join(root, 'node_modules/electron/package.json')).version);
}

function readJson(file: string): { version: string; main?: string; name?: string } {
  return JSON.parse(readFileSync(file, 'utf8')) as { version: string };
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked by that validation: a misspelt option is refused', async () => {
    const config = await getConfig(root, null, null);
    const misspelt = { ...config, nsis: { ...config.nsis, perMachne: true } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /configuration\.nsis/,
    );
  });

  it('installs per machine in Persian and English, on Windows x64, Linux AppImage and deb', async () => {
    const config = await getConfig(root, null, null);
    expect(config.appId).toBe('ir.pishkhan.counter');
    expect(config.productName).toBe('Pishkhan');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      shortcutName: 'پیشخوان',
      installerLanguages: ['fa_IR', 'en_US'],
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
    });
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Office');
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic' })]);
  });

  it('has every icon the targets need', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(join(root, 'resources/icons', `${size}x${size}.png`));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    const ico = readFileSync(join(root, 'resources/icons/icon.ico'));
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, index) => ico[6 + 16 * index] || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });
});

describe('a Linux --dir package built with a stand-in Electron', () => {
  let work = '';
  let appOutDir = '';

  beforeAll(async () => {
    if (
      !existsSync(join(root, 'dist/electron/main.cjs')) ||
      !existsSync(join(root, 'dist/renderer/index.html'))
    ) {
      execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
    }
    work = mkdtempSync(join(tmpdir(), 'pishkhan-package-'));
    const electronDist = join(work, 'electron-dist');
    createStandInElectron(electronDist);
    // The stand-in has no Electron headers, so there is no Electron build of better-sqlite3 to
    // check in the afterPack hook; the layout it would be copied into is checked below.
    process.env.PISHKHAN_PACKAGE_WITHOUT_NATIVE = '1';
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: { electronDist, npmRebuild: false, directories: { output: join(work, 'out') } },
    });
    appOutDir = join(work, 'out', 'linux-unpacked');
  }, 60_000);

  afterAll(() => {
    delete process.env.PISHKHAN_PACKAGE_WITHOUT_NATIVE;
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const runtimeModuleFiles = () => [
    'node_modules/better-sqlite3/LICENSE',
    'node_modules/better-sqlite3/package.json',
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    ...relativeFiles(join(root, 'node_modules/better-sqlite3/lib'), 'node_modules/better-sqlite3/lib'),
    'node_modules/bindings/LICENSE.md',
    'node_modules/bindings/bindings.js',
    'node_modules/bindings/package.json',
    'node_modules/file-uri-to-path/LICENSE',
    'node_modules/file-uri-to-path/index.js',
    'node_modules/file-uri-to-path/package.json',
  ];

  it('packs exactly the bundles, the renderer build, package.json and better-sqlite3’s runtime files', () => {
    const entries = asarFiles(getRawHeader(join(appOutDir, 'resources/app.asar')).header);
    const expected = [
      'package.json',
      'dist/electron/core-worker.cjs',
      'dist/electron/main.cjs',
      'dist/electron/preload.cjs',
      ...relativeFiles(join(root, 'dist/renderer'), 'dist/renderer').filter((file) => !file.endsWith('.map')),
      ...runtimeModuleFiles(),
    ];
    expect(entries.map((entry) => entry.path).sort()).toEqual(expected.sort());
  });

  it('leaves out tests, sources, source maps and every dev dependency', () => {
    const paths = asarFiles(getRawHeader(join(appOutDir, 'resources/app.asar')).header).map((e) => e.path);
    expect(paths.filter((path) => /^(test|electron|shared|renderer|server|scripts)\//.test(path))).toEqual(
      [],
    );
    expect(paths.filter((path) => /\.(ts|tsx|map)$/.test(path))).toEqual([]);
    const modules = new Set(paths.filter((p) => p.startsWith('node_modules/')).map((p) => p.split('/')[1]));
    expect([...modules].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
    for (const devOnly of ['react', 'react-dom', 'vite', 'vitest', 'zod', 'electron', 'fastify', 'pg']) {
      expect(modules.has(devOnly)).toBe(false);
    }
  });

  it('unpacks the core worker and better-sqlite3 with its native binary, and nothing else', () => {
    const entries = asarFiles(getRawHeader(join(appOutDir, 'resources/app.asar')).header);
    const expected = ['dist/electron/core-worker.cjs', ...runtimeModuleFiles()].sort();
    expect(
      entries
        .filter((entry) => entry.unpacked)
        .map((entry) => entry.path)
        .sort(),
    ).toEqual(expected);
    const unpackedDir = join(appOutDir, 'resources/app.asar.unpacked');
    expect(
      relativeFiles(unpackedDir, '')
        .map((file) => file.slice(1))
        .sort(),
    ).toEqual(expected);
    const binary = join(unpackedDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(readFileSync(binary).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  });

  it('flips Electron’s fuses in the packaged binary: never plain Node, no NODE_OPTIONS or --inspect, code only from app.asar', async () => {
    const wire = await getCurrentFuseWire(join(appOutDir, 'pishkhan'));
    const fuse = (option: FuseV1Options) => {
      const state = wire[option];
      return state === undefined ? 'missing' : String.fromCharCode(state);
    };
    expect({
      runAsNode: fuse(FuseV1Options.RunAsNode),
      cookieEncryption: fuse(FuseV1Options.EnableCookieEncryption),
      nodeOptions: fuse(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      inspectArguments: fuse(FuseV1Options.EnableNodeCliInspectArguments),
      asarIntegrity: fuse(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyAppAsar: fuse(FuseV1Options.OnlyLoadAppFromAsar),
      fileProtocolPrivileges: fuse(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      runAsNode: '0',
      cookieEncryption: '1',
      nodeOptions: '0',
      inspectArguments: '0',
      // As Electron ships it (see electron-builder.yml).
      asarIntegrity: '0',
      onlyAppAsar: '1',
      fileProtocolPrivileges: '0',
    });
  });

  it('starts from the bundled main process, whose run-time requires are all in the package', () => {
    const asar = join(appOutDir, 'resources/app.asar');
    const packaged = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string };
    expect(packaged.main).toBe('dist/electron/main.cjs');
    const provided = new Set(['electron', ...builtinModules]);
    const externals = (bundle: string) => {
      const code = extractFile(asar, `dist/electron/${bundle}.cjs`).toString('utf8');
      const required = [...code.matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map((match) => match[1] ?? '');
      return new Set(required.filter((name) => !name.startsWith('node:') && !provided.has(name)));
    };
    expect(externals('core-worker')).toEqual(new Set(['better-sqlite3']));
    expect([...externals('main')].filter((name) => name !== 'better-sqlite3')).toEqual([]);
    expect(externals('preload')).toEqual(new Set());
  });

  it('is an app named pishkhan with the generic update feed', () => {
    expect(statSync(join(appOutDir, 'pishkhan')).mode & 0o111).not.toBe(0);
    expect(readdirSync(join(appOutDir, 'locales')).sort()).toEqual(['en-US.pak', 'fa.pak']);
    const feed = readFileSync(join(appOutDir, 'resources/app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: generic$/m);
    expect(feed).toMatch(/^url: https:\/\/updates\.invalid\/pishkhan\/linux\/x64$/m);
  });
});
