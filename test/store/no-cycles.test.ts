// The store's files import one another without a cycle (a cycle makes the
// load order decide which binding is still undefined, and ties files that
// should change apart), and the migrations stay frozen: a migration file
// imports only kysely and its own folder, so changing today's code never
// changes what an old migration does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cyclesOf, importGraph, importsOf, tsFiles } from '../import-graph.ts';

const STORE = fileURLToPath(new URL('../../src/store/', import.meta.url));
const MIGRATIONS = join(STORE, 'migrations');

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
    const graph = importGraph(STORE);
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
