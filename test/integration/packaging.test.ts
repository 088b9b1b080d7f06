// The installers' configuration, checked without Electron: electron-builder.yml as electron-builder
// loads and validates it, and what a real `--dir` build puts into the package. That build runs
// electron-builder itself against a stub in place of Electron's binary, with no network and no
// native rebuild (about 20 s here), so the file list below is the real one, not a prediction.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { Configuration } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCT_NAME } from '../../src/main/lifecycle.js';
import { removeDir, tempDir } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const { build, Platform, Arch } = require('electron-builder') as typeof import('electron-builder');
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: null): Promise<void>;
};
const asar = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
  extractAll(archive: string, dest: string): void;
};
// electron-builder's progress lines, kept for a failure message instead of filling the test output.
const builderLog: string[] = [];
(createRequire(require.resolve('app-builder-lib/package.json'))('builder-util') as { setPrinter(p: ((message: string) => void) | null): void }).setPrinter((m) => builderLog.push(m));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

let tmp: string;
let config: Configuration;
let unpacked: string; // linux-unpacked: what the deb puts in /opt/Switchboard and the AppImage mounts
let inAsar: string[];
beforeAll(async () => {
  for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/cli/index.js']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run npm run build first (npm test does).`);
  }
  config = await getConfig(root, null, null);
  await validateConfiguration(config, null);

  tmp = await tempDir('sb-package-');
  // The stub stands in for Electron's binary; run as Node (ELECTRON_RUN_AS_NODE) it is this Node.
  const stub = join(tmp, 'electron-stub');
  mkdirSync(stub);
  writeFileSync(join(stub, 'electron'), '#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] && exec "$SB_TEST_NODE" "$@"\necho "a stub Electron: it only runs as Node" >&2\nexit 1\n', { mode: 0o755 });
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    config: { electronDist: stub, npmRebuild: false, directories: { output: join(tmp, 'dist') } },
  }).catch((err: unknown) => {
    throw new Error(`electron-builder --dir failed: ${String(err)}\n${builderLog.join('\n')}`);
  });
  unpacked = join(tmp, 'dist', 'linux-unpacked');
  inAsar = asar.listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((p) => p.replaceAll('\\', '/'));
}, 240_000);
afterAll(async () => tmp && removeDir(tmp));

describe('the electron-builder configuration', () => {
  it('builds AppImage and deb on Linux, a dmg per arch on macOS and nsis on Windows, with our id, name and icons', () => {
    expect(config.appId).toBe('dev.switchboard.app');
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.linux?.icon).toBe('build/icons');
    expect(config.mac?.icon).toBe('build/icon.icns');
    expect(config.win?.icon).toBe('build/icon.ico');
    for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon]) expect(existsSync(join(root, String(icon))), String(icon)).toBe(true);
  });

  it('associates no file types or URL schemes and publishes nothing', () => {
    for (const level of [config, config.linux, config.mac, config.win]) {
      expect(level?.fileAssociations).toBeUndefined();
      expect(level?.protocols).toBeUndefined();
    }
    expect(config.publish).toBeNull();
  });

  it('has what the deb requires: a homepage and a maintainer with an email', () => {
    const meta = config.extraMetadata as { homepage?: string; author?: { email?: string } };
    expect(meta.homepage).toMatch(/^https:\/\//);
    expect(meta.author?.email).toMatch(/@/);
  });

  it('rebuilds the native module for Electron in the packaging step, never at npm ci', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.asar).toEqual({ smartUnpack: false });
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[hook], hook).toBeUndefined();
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
  });
});

describe('the package a --dir build makes', () => {
  it('holds out/ and package.json only: no src/, test/, bench/, scripts/, build/ or source maps', () => {
    const top = new Set(inAsar.map((p) => p.split('/')[1]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    const outFiles = files(join(root, 'out')).map((f) => `/${relative(root, f).replaceAll('\\', '/')}`);
    const wanted = outFiles.filter((f) => !f.endsWith('.map'));
    expect(wanted.length).toBeGreaterThan(5);
    expect(wanted.filter((f) => !inAsar.includes(f))).toEqual([]);
    expect(inAsar.filter((p) => p.endsWith('.map') && p.startsWith('/out/'))).toEqual([]);
  });

  it('holds production dependencies only (npm ls --omit=dev), and every one the app imports', () => {
    interface Tree { version?: string; extraneous?: boolean; dependencies?: Record<string, Tree> }
    const prod = new Set<string>();
    const walk = (deps: Record<string, Tree> = {}): void => {
      for (const [name, node] of Object.entries(deps)) {
        if (node.extraneous || !node.version) continue;
        prod.add(`${name}@${node.version}`); // a deduped entry lists no dependencies; its first one does
        walk(node.dependencies);
      }
    };
    walk((JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Tree).dependencies);
    const archive = join(unpacked, 'resources', 'app.asar');
    const packed = new Set(
      inAsar
        .filter((p) => /^\/(node_modules\/(@[^/]+\/)?[^/]+\/)+package\.json$/.test(p))
        .map((p) => JSON.parse(asar.extractFile(archive, p.slice(1)).toString('utf8')) as { name: string; version: string })
        .map((m) => `${m.name}@${m.version}`),
    );
    expect(packed.size).toBeGreaterThan(20);
    expect([...packed].filter((p) => !prod.has(p))).toEqual([]); // no dev dependency
    const names = new Set([...packed].map((p) => p.slice(0, p.lastIndexOf('@'))));
    for (const dep of Object.keys(pkg.dependencies)) expect(names, dep).toContain(dep);
    const mainImports = [...readFileSync(join(root, 'out', 'main', 'index.js'), 'utf8').matchAll(/(?:from |import\()"([^".][^"]*)"/g)].map((m) => m[1]!);
    const bare = new Set(mainImports.filter((s) => !s.startsWith('node:') && s !== 'electron').map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2) : s.split('/').slice(0, 1)).join('/')));
    expect(bare.size).toBeGreaterThan(3);
    for (const dep of bare) expect(names, `out/main imports ${dep}`).toContain(dep);
    // What npm counts as production but electron-builder leaves out: packages the project declares as
    // dev dependencies (react and react-dom, peers of the UI kit that Vite bundles) and what only they need.
    const lock = (JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string> }> }).packages;
    const left = [...prod].filter((p) => !packed.has(p)).map((p) => p.slice(0, p.lastIndexOf('@')));
    const needs = (by: string, name: string): boolean => Object.keys(lock[`node_modules/${by}`]?.dependencies ?? {}).includes(name);
    expect(left).toEqual(expect.arrayContaining(['react', 'react-dom']));
    for (const name of left) expect(pkg.devDependencies[name] !== undefined || left.some((by) => pkg.devDependencies[by] !== undefined && needs(by, name)), name).toBe(true);
    for (const tool of ['electron', 'electron-builder', 'electron-vite', 'vite', 'vitest', 'typescript', 'eslint', 'esbuild', 'tsx', '@playwright/test', '@journeyapps/sqlcipher', '@resvg/resvg-js', 'png-to-ico']) {
      expect(pkg.devDependencies[tool], tool).toBeDefined();
      expect(names, tool).not.toContain(tool);
    }
  });

  it('unpacks every native module, and nothing else; the SQLite driver ships without its sources', () => {
    const nativeInAsar = inAsar.filter((p) => p.endsWith('.node'));
    expect(nativeInAsar).toContain('/node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
    const unpackedDir = join(unpacked, 'resources', 'app.asar.unpacked');
    const unpackedFiles = files(unpackedDir).map((f) => `/${relative(unpackedDir, f).replaceAll('\\', '/')}`);
    expect(unpackedFiles.sort()).toEqual(nativeInAsar.sort());
    const driver = inAsar.filter((p) => p.startsWith('/node_modules/better-sqlite3-multiple-ciphers/'));
    expect(driver.filter((p) => /\/(deps|src|obj|obj\.target)\/|\.(c|cpp|a|gyp)$|test_extension|\.forge-meta/.test(p))).toEqual([]);
    expect(driver).toContain('/node_modules/better-sqlite3-multiple-ciphers/lib/index.js');
  });

  it('names the Linux binary `switchboard` and ships the CLI launcher in resources/bin', () => {
    expect(config.linux?.executableName).toBe('switchboard');
    expect(existsSync(join(unpacked, 'switchboard'))).toBe(true);
    const launcher = join(unpacked, 'resources', 'bin', 'switchboard');
    expect(statSync(launcher).mode & 0o111).not.toBe(0);
    expect(inAsar).toContain('/out/cli/index.js');
  });

  it("points each platform's launcher at its binary and at the CLI inside app.asar", () => {
    const sh = readFileSync(join(root, 'build', 'bin', 'switchboard'), 'utf8');
    const cmd = readFileSync(join(root, 'build', 'bin', 'switchboard.cmd'), 'utf8');
    expect(sh).toContain(`"$resources/../${config.linux?.executableName}"`);
    expect(sh).toContain(`"$resources/../MacOS/${PRODUCT_NAME}"`);
    expect(cmd).toContain(`"%~dp0..\\..\\${PRODUCT_NAME}.exe"`);
    for (const launcher of [sh, cmd.replaceAll('\\', '/')]) expect(launcher).toContain('app.asar/out/cli/index.js');
    expect(config.mac?.extraResources).toEqual([{ from: 'build/bin/switchboard', to: 'bin/switchboard' }]);
    expect(config.win?.extraResources).toEqual([{ from: 'build/bin/switchboard.cmd', to: 'bin/switchboard.cmd' }]);
  });

  it('links /usr/bin/switchboard to the CLI launcher from the deb, and unlinks it on removal', () => {
    const deb = config.deb as { afterInstall: string; afterRemove: string };
    const install = readFileSync(join(root, deb.afterInstall), 'utf8');
    const remove = readFileSync(join(root, deb.afterRemove), 'utf8');
    expect(install).toContain("ln -sf '/opt/${sanitizedProductName}/resources/bin/switchboard' /usr/bin/switchboard");
    expect(install).toContain('chrome-sandbox'); // what electron-builder's default script also did
    expect(remove).toContain('rm -f /usr/bin/switchboard');
    for (const script of [install, remove]) {
      const macros = [...script.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]);
      expect(new Set(macros)).toEqual(new Set(['sanitizedProductName', 'executable'])); // the ones electron-builder fills in
      expect(spawnSync('sh', ['-n'], { input: script }).status).toBe(0);
    }
  });

  it('runs the packaged CLI through a /usr/bin-style link, with nothing but what the package holds', async () => {
    // The installed layout, with app.asar as a folder: the stub is plain Node, which cannot read asar archives.
    const opt = join(tmp, 'opt', PRODUCT_NAME);
    const resources = join(opt, 'resources');
    mkdirSync(join(resources, 'bin'), { recursive: true });
    copyFileSync(join(unpacked, 'switchboard'), join(opt, 'switchboard'));
    copyFileSync(join(unpacked, 'resources', 'bin', 'switchboard'), join(resources, 'bin', 'switchboard'));
    asar.extractAll(join(unpacked, 'resources', 'app.asar'), join(resources, 'app.asar'));
    const bin = join(tmp, 'usr-bin');
    mkdirSync(bin);
    symlinkSync(join(resources, 'bin', 'switchboard'), join(bin, 'switchboard'));
    const home = await tempDir('sb-packaged-home-');
    try {
      const env = { PATH: '/usr/bin:/bin', HOME: home, SB_TEST_NODE: process.execPath };
      const create = spawnSync(join(bin, 'switchboard'), ['space', 'create', '--name', 'Packed', '--home', home], { env, encoding: 'utf8' });
      expect(create.status, create.stderr).toBe(0);
      const list = spawnSync(join(bin, 'switchboard'), ['space', 'list', '--home', home, '--json'], { env, encoding: 'utf8' });
      expect(list.status, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'Packed' }]);
      // Without the launcher's ELECTRON_RUN_AS_NODE the binary would start the desktop app instead.
      expect(spawnSync(join(opt, 'switchboard'), ['--version'], { env, encoding: 'utf8' }).status).toBe(1);
    } finally {
      await removeDir(home);
    }
  });

  it("is checked for Electron's ABI after a real build: the stub's Node-built driver is refused", () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs'), '--check-abi', join(unpacked, 'resources', 'app.asar.unpacked')], { encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(new RegExp(`^dist: .*better_sqlite3\\.node is built for ABI ${process.versions.modules} \\(this Node\\), not Electron's \\d+`));
    const abi = readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
    const fake = join(tmp, 'electron-built');
    mkdirSync(fake);
    writeFileSync(join(fake, 'driver.node'), `\0\0node_register_module_v${abi}\0`);
    expect(spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs'), '--check-abi', fake], { encoding: 'utf8' }).status).toBe(0);
  });
});

describe('npm run dist where it cannot build', () => {
  function dist(env: Record<string, string>, args: string[] = ['--dir']): { status: number | null; lines: string[] } {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs'), ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    return { status: result.status, lines: `${result.stdout}${result.stderr}`.trim().split('\n') };
  }

  it('says in one line that there is no Electron binary and what to do, with no stack trace', () => {
    const { status, lines } = dist({ ELECTRON_OVERRIDE_DIST_PATH: join(tmp, 'no-such-electron') });
    expect(status).toBe(3);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dist: cannot package here: no Electron binary at .*: run `npx install-electron` where GitHub is reachable, or set ELECTRON_OVERRIDE_DIST_PATH/);
  });

  const hasElectron = existsSync(join(root, 'node_modules', 'electron', 'path.txt')) || Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH);
  it.skipIf(hasElectron)('as `npm run dist -- --dir` here, where no Electron binary is installed: one line, exit 3', () => {
    const result = spawnSync('npm', ['run', '--silent', 'dist', '--', '--dir'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(3);
    expect(`${result.stdout}${result.stderr}`.trim().split('\n')).toEqual([expect.stringMatching(/^dist: cannot package here: no Electron 45\.\d+\.\d+ binary is installed/)]);
  });

  it('refuses an option it does not know, in one line', () => {
    const { status, lines } = dist({}, ['--mac']);
    expect(status).toBe(2);
    expect(lines).toEqual(['dist: unknown option --mac: npm run dist [-- --dir] [-- --x64 | --arm64]']);
  });

  it('leaves the SQLite driver in node_modules untouched when it stops', () => {
    const driver = join(root, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'better_sqlite3.node');
    const before = statSync(driver).mtimeMs;
    dist({ ELECTRON_OVERRIDE_DIST_PATH: join(tmp, 'no-such-electron') });
    expect(statSync(driver).mtimeMs).toBe(before);
  });
});
