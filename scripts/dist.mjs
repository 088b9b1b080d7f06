// `npm run dist`: this platform's installers (electron-builder.yml: AppImage + deb, dmg, nsis) in
// dist/; `npm run dist -- --dir` only the unpacked app. Before building it checks what
// electron-builder would otherwise fail on minutes later with a stack trace, and says in one line
// what is missing and what to do. Exit codes: 0 built, 1 the build failed, 2 a wrong option,
// 3 cannot be built on this machine (.ci/run reports that as a skip).
//
// `node scripts/dist.mjs --check-abi DIR` checks that every native module under DIR is built for
// Electron's ABI (the packaged app's, after the rebuild), not Node's.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { electronBinary } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');
const say = (line) => process.stderr.write(`dist: ${line}\n`);
const stop = (code, line) => {
  say(line);
  process.exit(code);
};
const electronAbi = () => readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
const DRIVER = join(root, 'node_modules', 'better-sqlite3-multiple-ciphers');

/** The NODE_MODULE_VERSION a native module was built for (its `node_register_module_vNNN` symbol), or 'napi'. */
function moduleAbi(file) {
  const bytes = readFileSync(file).toString('latin1');
  const match = /node_register_module_v(\d+)/.exec(bytes);
  if (match) return match[1];
  return bytes.includes('napi_register_module_v1') ? 'napi' : 'unknown';
}

function nativeModules(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...nativeModules(path));
    else if (entry.name.endsWith('.node')) found.push(path);
  }
  return found;
}

/** The first native module under `dir` not built for Electron's ABI, as a sentence; undefined when all are. */
function wrongAbi(dir) {
  const want = electronAbi();
  const modules = nativeModules(dir);
  if (modules.length === 0) return `no native module under ${dir}`;
  for (const file of modules) {
    const abi = moduleAbi(file);
    if (abi !== want && abi !== 'napi') {
      return `${relative(dir, file)} is built for ABI ${abi}${abi === process.versions.modules ? ' (this Node)' : ''}, not Electron's ${want}: the rebuild for Electron did not happen`;
    }
  }
  return undefined;
}

const args = process.argv.slice(2);
if (args[0] === '--check-abi') {
  if (!args[1] || !existsSync(args[1])) stop(2, 'usage: node scripts/dist.mjs --check-abi DIR');
  const problem = wrongAbi(args[1]);
  if (problem) stop(1, problem);
  say(`every native module under ${args[1]} is built for Electron's ABI ${electronAbi()}`);
  process.exit(0);
}

const unknown = args.filter((a) => !['--dir', '--x64', '--arm64'].includes(a));
if (unknown.length > 0) stop(2, `unknown option ${unknown[0]}: npm run dist [-- --dir] [-- --x64 | --arm64]`);
const dirOnly = args.includes('--dir');

// 1. An Electron binary to package.
const binary = electronBinary(root);
if ('missing' in binary) stop(3, `cannot package here: ${binary.missing}; then npm run dist again.`);

// 2. A platform electron-builder builds on; each builds its own installers (dmg needs macOS' hdiutil).
const platform = { linux: 'LINUX', darwin: 'MAC', win32: 'WINDOWS' }[process.platform];
if (!platform) stop(3, `cannot package on ${process.platform}: electron-builder builds on Linux, macOS and Windows.`);

// 3. The network electron-builder needs: Electron's headers to rebuild the SQLite driver (unless
// cached), and its tools (fpm, AppImage, NSIS, dmgbuild) from GitHub releases unless only --dir.
const headersCached = existsSync(join(homedir(), '.electron-gyp', binary.version, 'include', 'node', 'node_version.h'));
const hosts = [
  ...(headersCached ? [] : [['www.electronjs.org', "Electron's headers, to rebuild the SQLite driver for Electron"]]),
  ...(dirOnly || process.env.ELECTRON_BUILDER_BINARIES_MIRROR ? [] : [['github.com', "electron-builder's packaging tools (fpm, AppImage, NSIS, dmgbuild)"]]),
];
for (const [host, why] of hosts) {
  try {
    await lookup(host);
  } catch {
    stop(3, `cannot package here: ${host} does not resolve, and it serves ${why}; build where it is reachable${dirOnly ? '' : ', or try npm run dist -- --dir'}.`);
  }
}

// 4. npm hands its `nodedir` setting to scripts as npm_config_nodedir; node-gyp, under @electron/rebuild,
// would then build the driver against this Node's headers instead of Electron's and call it done.
const nodeEnv = { ...process.env };
delete process.env.npm_config_nodedir;

const run = (command, commandArgs, env) => spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
if (run('npm', ['run', 'build'], nodeEnv).status !== 0) stop(1, 'npm run build failed (above).');

// @electron/rebuild skips a module whose .forge-meta says it was already built for this Electron.
rmSync(join(DRIVER, 'build', 'Release', '.forge-meta'), { force: true });

const { build, Platform, Arch } = createRequire(import.meta.url)('electron-builder');
const arch = args.includes('--arm64') ? [Arch.arm64] : args.includes('--x64') ? [Arch.x64] : undefined;
let code = 0;
try {
  await build({
    projectDir: root,
    targets: Platform[platform].createTarget(dirOnly ? 'dir' : undefined, ...(arch ?? [])),
    config: { electronDist: binary.dist },
  });
  const problem = wrongAbi(join(root, 'dist'));
  if (problem) {
    say(problem);
    code = 1;
  } else {
    say(`built in dist/ (${dirOnly ? 'unpacked app only' : 'installers'}); the SQLite driver inside is built for Electron's ABI ${electronAbi()}.`);
  }
} catch (err) {
  say(`electron-builder failed: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`);
  code = 1;
} finally {
  // The rebuild happened in node_modules: build the driver for Node again, for the tests and the CLI.
  const driver = join(DRIVER, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(driver) || moduleAbi(driver) !== process.versions.modules) {
    say('building the SQLite driver for Node again (about 75 s)');
    if (run('npm', ['rebuild', 'better-sqlite3-multiple-ciphers'], nodeEnv).status !== 0) {
      say('npm rebuild better-sqlite3-multiple-ciphers failed: run it again before npm test.');
      code = 1;
    }
  }
}
process.exit(code);
