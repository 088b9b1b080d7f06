/** The import graph of src/ (every static, type-only, re-export and dynamic import between our files), and its checks. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export type Graph = Map<string, Set<string>>;

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next
    }
  }
  return undefined;
}

/** Files relative to `root` (`src/engine/router/router.ts`) → what they import. */
export function importGraph(root: string, dir = 'src'): Graph {
  const graph: Graph = new Map();
  for (const file of files(join(root, dir))) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set<string>();
    for (const m of text.matchAll(IMPORT)) {
      const target = resolveImport(file, (m[1] ?? m[2])!);
      if (target) deps.add(relative(root, target));
    }
    graph.set(relative(root, file), deps);
  }
  return graph;
}

/** Every import circle, each as the files around it. */
export function cycles(graph: Graph): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const dep of graph.get(node) ?? []) {
      if (state.get(dep) === 'open') found.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

/**
 * Imports between engine folders that go against `order` (lowest first; folders on one rank,
 * given as an array, may not import each other). Files at the engine's root sit above them all.
 */
export function backEdges(graph: Graph, order: readonly (string | readonly string[])[]): string[] {
  const rank = new Map<string, number>();
  order.forEach((entry, i) => (Array.isArray(entry) ? entry : [entry]).forEach((folder: string) => rank.set(folder, i)));
  const folderOf = (file: string): string | undefined => {
    const m = /^src\/engine\/(?:([^/]+)\/)?[^/]+$/.exec(file) ?? /^src\/engine\/([^/]+)\//.exec(file);
    return m ? (m[1] ?? '(root)') : undefined;
  };
  const bad: string[] = [];
  for (const [file, deps] of graph) {
    const from = folderOf(file);
    if (from === undefined) continue;
    for (const dep of deps) {
      const to = folderOf(dep);
      if (to === undefined || to === from || from === '(root)') continue;
      if (to === '(root)') {
        bad.push(`${file} → ${dep} (the engine's root imports its folders, not the other way)`);
        continue;
      }
      const rf = rank.get(from);
      const rt = rank.get(to);
      if (rf === undefined || rt === undefined) bad.push(`${file} → ${dep} (folder ${rf === undefined ? from : to} is not in the order)`);
      else if (rt >= rf) bad.push(`${file} → ${dep} (${from} may not import ${to})`);
    }
  }
  return bad;
}
