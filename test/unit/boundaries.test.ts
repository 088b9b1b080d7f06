// The import boundaries of docs/ARCHITECTURE.md are enforced by lint and by the import graph; this proves the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { backEdges, cycles, importGraph, type Graph } from './import-graph.js';

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

/** The engine's folders, lowest first; docs/ARCHITECTURE.md explains each. mcp and rpc share the top rank. */
export const ENGINE_ORDER = ['db', 'connectors', 'net', 'vault', 'space', 'team', 'connections', 'auth', 'router', 'ops', ['mcp', 'rpc']] as const;

describe('the import graph of src/', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const graph = importGraph(root);

  it('has no import circle anywhere', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('has no engine folder importing one above it', () => {
    expect(backEdges(graph, ENGINE_ORDER)).toEqual([]);
  });

  it('the checks bite: a circle and a back-edge are found', () => {
    const bad: Graph = new Map([
      ['src/engine/router/a.ts', new Set(['src/engine/router/b.ts', 'src/engine/ops/x.ts'])],
      ['src/engine/router/b.ts', new Set(['src/engine/router/a.ts'])],
      ['src/engine/ops/x.ts', new Set(['src/engine/index.ts'])],
      ['src/engine/mcp/m.ts', new Set(['src/engine/rpc/r.ts'])],
      ['src/engine/rpc/r.ts', new Set([])],
    ]);
    expect(cycles(bad)).toEqual([['src/engine/router/a.ts', 'src/engine/router/b.ts', 'src/engine/router/a.ts']]);
    expect(backEdges(bad, ENGINE_ORDER)).toEqual([
      'src/engine/router/a.ts → src/engine/ops/x.ts (router may not import ops)',
      "src/engine/ops/x.ts → src/engine/index.ts (the engine's root imports its folders, not the other way)",
      'src/engine/mcp/m.ts → src/engine/rpc/r.ts (mcp may not import rpc)',
    ]);
  });
});
