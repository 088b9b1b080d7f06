#!/usr/bin/env node
// The `switchboard` command: runs the CLI bundle that `npm run build` writes to out/cli.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../out/cli/index.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('error INTERNAL: the CLI is not built yet. Run `npm run build` in the Switchboard folder first.\n');
  process.exit(1);
}
await import(bundle);
