// The site's modules import one another in one direction only: pages import
// the context, the context imports the view models and templates, never the
// other way round. A cycle (even through a type import) means a module that
// cannot be read, or loaded, without the one that uses it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SITE = resolve('src/web/site');

function modules(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) modules(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The site's modules each one imports or re-exports (relative imports, types included). */
function importsOf(files: string[]): Map<string, string[]> {
  const inSite = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gs)]
      .map((m) => resolve(dirname(file), m[1] as string))
      .filter((target) => inSite.has(target));
    graph.set(file, targets);
  }
  return graph;
}

/** One import cycle, as the list of its modules, or null when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    const at = path.indexOf(file);
    if (at >= 0) return [...path.slice(at), file];
    if (done.has(file)) return null;
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(file);
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

test('no import cycle among the site modules', () => {
  const files = modules(SITE);
  assert.ok(files.length > 10, 'the site modules are found');
  const cycle = findCycle(importsOf(files));
  assert.equal(cycle?.map((f) => relative(SITE, f)).join(' -> ') ?? null, null);
});

test('the cycle finder finds a cycle', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
  ]);
  assert.deepEqual(findCycle(graph), ['a', 'b', 'c', 'a']);
});
