// The site's modules import one another in one direction only: pages import
// the context, the context imports the view models and templates, never the
// other way round. A cycle (even through a type import) means a module that
// cannot be read, or loaded, without the one that uses it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cyclesOf, importGraph } from '../import-graph.ts';

const SITE = fileURLToPath(new URL('../../src/web/site/', import.meta.url));

test('no import cycle among the site modules', () => {
  const graph = importGraph(SITE);
  assert.ok(graph.size > 10 && graph.has('context.ts'), 'the site modules are found');
  assert.deepEqual(
    cyclesOf(graph).map((c) => c.join(' -> ')),
    [],
  );
});
