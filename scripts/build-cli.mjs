// Bundle the CLI (src/cli) into out/cli/index.js. Dependencies stay in node_modules; the
// native SQLCipher binding cannot be bundled.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'out/cli/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
