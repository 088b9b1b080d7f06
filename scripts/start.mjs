// `npm start`: the desktop app when an Electron binary is installed; where none is (it cannot be
// downloaded on every machine), say so in one line and serve the same UI to a browser instead.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
// `npm start -- --home DIR`: a fresh or separate data folder, for the window as for the browser
// (the window's main process reads SWITCHBOARD_HOME; `switchboard serve` takes --home itself).
const env = { ...process.env };
const at = args.findIndex((a) => a === '--home' || a.startsWith('--home='));
if (at >= 0) {
  const dir = args[at] === '--home' ? args[at + 1] : args[at].slice('--home='.length);
  if (!dir) {
    console.error('--home needs a folder: npm start -- --home DIR');
    process.exit(2);
  }
  env.SWITCHBOARD_HOME = resolve(dir);
}

if (!('missing' in electronBinary(root))) {
  const child = spawn(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.log('No Electron binary is installed here, so the UI is served to your browser instead (switchboard serve).');
  const child = spawn(process.execPath, [join(root, 'bin', 'switchboard.js'), 'serve', ...args], { stdio: ['inherit', 'pipe', 'inherit'], env });
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const match = /Switchboard UI: (\S+)/.exec(String(chunk));
    if (match && !opened) {
      opened = true;
      const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
      const browser = spawn(opener, [match[1]], { stdio: 'ignore', detached: true });
      browser.on('error', () => undefined); // no desktop here: the address above is enough
      browser.unref();
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
