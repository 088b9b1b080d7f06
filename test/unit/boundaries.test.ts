// The import boundaries of DESIGN.md are enforced by lint; this proves the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restricted(file: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

describe('import boundaries', () => {
  it('renderer and preload cannot import engine or Node', async () => {
    expect(await restricted('src/renderer/src/x.ts', "import { Home } from '../../engine/index.js'; export { Home };")).toBe(true);
    expect(await restricted('src/preload/x.ts', "import { Home } from '../engine/index.js'; export { Home };")).toBe(true);
    expect(await restricted('src/renderer/src/x.ts', "import { readFile } from 'node:fs'; export { readFile };")).toBe(true);
  });

  it('engine never imports electron or the layers above it', async () => {
    expect(await restricted('src/engine/x.ts', "import { app } from 'electron'; export { app };")).toBe(true);
    expect(await restricted('src/engine/x.ts', "import { main } from '../cli/index.js'; export { main };")).toBe(true);
  });

  it('shared imports nothing of ours and no Node', async () => {
    expect(await restricted('src/shared/x.ts', "import { Home } from '../engine/index.js'; export { Home };")).toBe(true);
    expect(await restricted('src/shared/x.ts', "import { randomBytes } from 'node:crypto'; export { randomBytes };")).toBe(true);
  });

  it('allows what the map allows', async () => {
    expect(await restricted('src/renderer/src/x.ts', "import { ROLES } from '../../shared/model.js'; export { ROLES };")).toBe(false);
    expect(await restricted('src/cli/x.ts', "import { Home } from '../engine/index.js'; export { Home };")).toBe(false);
  });
});
