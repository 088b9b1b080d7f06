// `npm start`: the desktop app when an Electron binary is installed; where none is (it cannot be
// downloaded on every machine), say so in one line and serve the same UI to a browser instead.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');

if (!('missing' in electronBinary(root))) {
  const child = spawn(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.log('No Electron binary is installed here, so the UI is served to your browser instead (switchboard serve).');
  const child = spawn(process.execPath, [join(root, 'bin', 'switchboard.js'), 'serve', ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'] });
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
