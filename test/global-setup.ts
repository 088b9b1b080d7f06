// The CLI tests run the real `bin/switchboard.js`, which needs the CLI bundle: build it first (about 0.1 s).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
