// The project's import graph, read from the files' text (no parser needed
// for the project's own import lines), for the tests that keep a folder
// free of cycles or a stage from reaching past its neighbours.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every .ts file below `dir`, tests left out. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The modules a file imports or re-exports (`import … from 'x'`, `export … from 'x'`, `import 'x'`), type-only ones included. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*(?:import|export)\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(pattern)) found.push(m[1] as string);
  return found;
}

/** The files of `dir` (paths relative to it) → the files of `dir` each imports. */
export function importGraph(dir: string): Map<string, string[]> {
  const root = resolve(dir);
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(root)) {
    const local = importsOf(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolve(dirname(file), spec))
      .filter((target) => target.startsWith(`${root}/`));
    graph.set(
      relative(root, file),
      local.map((target) => relative(root, target)),
    );
  }
  return graph;
}

/** The cycles of a graph given as file → files it imports (each cycle once, as a path). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
