// Where the Electron binary is, for `npm start` and `npm run dist`, found without require('electron'):
// that call starts a download from GitHub when the binary is missing. Electron 45 has no install
// script, so `npm ci` never fetches it; `npx install-electron` does, where GitHub is reachable.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXECUTABLE = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

/**
 * `{ dist, executable, version }` when an unpacked Electron of the installed package's version is
 * there (node_modules/electron/dist, or ELECTRON_OVERRIDE_DIST_PATH), else `{ missing }`: one
 * sentence saying so and what to do.
 */
export function electronBinary(root, env = process.env, platform = process.platform) {
  const electronDir = join(root, 'node_modules', 'electron');
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const todo = `run \`npx install-electron\` where GitHub is reachable, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${version}`;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const dist = env.ELECTRON_OVERRIDE_DIST_PATH;
    const executable = join(dist, EXECUTABLE[platform] ?? 'electron');
    if (!existsSync(executable)) return { missing: `no Electron binary at ${executable} (ELECTRON_OVERRIDE_DIST_PATH): ${todo}` };
    return { dist, executable, version };
  }
  const dist = join(electronDir, 'dist');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: `no Electron ${version} binary is installed (node_modules/electron/dist is missing): ${todo}` };
  const executable = join(dist, readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) return { missing: `no Electron ${version} binary at ${executable}: ${todo}` };
  const installed = existsSync(join(dist, 'version')) ? readFileSync(join(dist, 'version'), 'utf8').trim().replace(/^v/, '') : version;
  if (installed !== version) return { missing: `the installed Electron binary is ${installed}, not ${version}: ${todo}` };
  return { dist, executable, version };
}
