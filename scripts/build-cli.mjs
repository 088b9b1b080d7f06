// Bundle the CLI (src/cli) into out/cli/. Dependencies are bundled too: resolving and loading
// hundreds of module files cost more start-up time than running the command. The native SQLite
// driver stays external, and lazily imported code (the passphrase checker's dictionaries) is
// split into its own chunk so only commands that check a new passphrase load it.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: start empty so no stale chunk is left beside the new ones.
rmSync('out/cli', { recursive: true, force: true });

await build({
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
});
