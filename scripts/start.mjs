// `npm start`: the desktop app when an Electron binary is installed. Where none is (it cannot be
// downloaded on every machine), say so in one line instead of trying to download one.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = join(import.meta.dirname, '..', 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
  ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron')
  : existsSync(pathFile)
    ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    : undefined;

if (binary && existsSync(binary)) {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'], {
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.log(
    'No Electron binary is installed here, so no desktop window can open; the browser UI (`switchboard serve`) comes with the desktop issue. Meanwhile use `node bin/switchboard.js --help`.',
  );
  process.exit(1);
}
