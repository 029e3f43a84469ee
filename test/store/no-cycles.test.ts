// The store's files import one another without a cycle (a cycle makes the
// load order decide which binding is still undefined, and ties files that
// should change apart), and the migrations stay frozen: a migration file
// imports only kysely and its own folder, so changing today's code never
// changes what an old migration does.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importsOf } from './imports.ts';

const STORE = fileURLToPath(new URL('../../src/store/', import.meta.url));
const MIGRATIONS = join(STORE, 'migrations');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
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

describe('the store’s import graph', () => {
  test('the cycle finder finds a cycle, and none where there is none', () => {
    const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
    assert.deepEqual(cyclesOf(graph({ a: ['b'], b: ['c'], c: ['a'] })), [['a', 'b', 'c', 'a']]);
    assert.deepEqual(cyclesOf(graph({ a: ['b', 'c'], b: ['c'], c: [] })), []);
    assert.deepEqual(
      importsOf(
        "import type { A } from './a.ts';\nimport {\n  b,\n} from './b.ts';\nexport { c } from './c.ts';\nimport 'd';\n",
      ),
      ['./a.ts', './b.ts', './c.ts', 'd'],
    );
  });

  test('no cycle among the files of src/store', () => {
    const files = tsFiles(STORE);
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const local = importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file), spec))
        .filter((target) => target.startsWith(STORE));
      graph.set(
        relative(STORE, file),
        local.map((target) => relative(STORE, target)),
      );
    }
    assert.ok(graph.has('store.ts') && graph.has('migrations/index.ts'), 'the store’s files were read');
    assert.deepEqual(
      cyclesOf(graph).map((c) => c.join(' → ')),
      [],
    );
  });

  test('migration files import only kysely and files of their folder', () => {
    const files = tsFiles(MIGRATIONS);
    assert.ok(files.length > 15, 'the migration files were read');
    const outside: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const inFolder =
          spec.startsWith('./') && dirname(resolve(dirname(file), spec)) === MIGRATIONS.replace(/\/$/, '');
        if (spec !== 'kysely' && !inFolder) outside.push(`${relative(MIGRATIONS, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(outside, []);
  });
});
