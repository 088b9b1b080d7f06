// Bundle the CLI (src/cli) into out/cli/. Dependencies are bundled too: resolving and loading
// hundreds of module files cost more start-up time than running the command. The native SQLite
// driver stays external, and lazily imported code (the passphrase checker's dictionaries) is
// split into its own chunk so only commands that check a new passphrase load it.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const result = await build({
  entryPoints: { index: 'src/cli/index.ts' },
  outdir: 'out/cli',
  bundle: true,
  splitting: true,
  platform: 'node',
  mainFields: ['module', 'main'],
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3-multiple-ciphers'],
  // Bundled CommonJS dependencies still call require() for Node built-ins.
  banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});

// Chunk names carry content hashes: remove what this build did not write, after it wrote the new
// files (never before: CLI processes may be running from this folder, tests among them).
const written = new Set(Object.keys(result.metafile.outputs).map((f) => join(f)));
for (const name of readdirSync('out/cli')) {
  const file = join('out/cli', name);
  if (!written.has(file)) rmSync(file, { force: true });
}
