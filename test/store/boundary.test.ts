// Only src/store speaks SQL: every other stage calls the store's functions
// (over a Store or a DbHandle) and never builds a query itself, so a table's
// SQL is always in its aggregate's folder. Tests and benchmarks may reach
// the database to set a scene; the application's code may not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importsOf, tsFiles } from '../import-graph.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** A handle's Kysely instance read (`store.db`, `conn.db.destroy()`), not a file name such as 'kiosque.db'. */
const READS_DB = /[\w\])]\.db\b(?!['"`\w])/;

/** What opens a handle (handle.ts): the tests' and benchmarks' way in, never the application's. */
const OPENS_HANDLE = /\b(dbOf|handleOn|KYSELY|connectionOf)\b/;

test('outside src/store, no module imports Kysely or reads a database handle', () => {
  const offenders: string[] = [];
  const files = tsFiles(SRC).filter((f) => !relative(SRC, f).startsWith('store/'));
  assert.ok(files.length > 50, 'the source files were read');
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    if (importsOf(code).some((spec) => spec === 'kysely' || spec.startsWith('kysely/')))
      offenders.push(`${relative(SRC, file)} imports kysely`);
    const lines = code.split('\n');
    const line = lines.findIndex((l) => READS_DB.test(l) && !l.trim().startsWith('//'));
    if (line >= 0) offenders.push(`${relative(SRC, file)}:${line + 1} reads a database handle`);
    const opens = lines.findIndex((l) => OPENS_HANDLE.test(l) && !l.trim().startsWith('//'));
    if (opens >= 0)
      offenders.push(`${relative(SRC, file)}:${opens + 1} opens a handle (dbOf, handleOn, KYSELY)`);
  }
  assert.deepEqual(offenders, []);
});

test('the pattern sees a handle read and not a file name', () => {
  assert.ok(READS_DB.test('await store.db.selectFrom("x")'));
  assert.ok(READS_DB.test('await closeIt(conn.db);'));
  assert.ok(!READS_DB.test("const url = 'sqlite:./data/kiosque.db';"));
  assert.ok(OPENS_HANDLE.test('const db = dbOf(store);'));
});

test('a Store hands no query builder to its callers', async () => {
  const { Store, openDatabase } = await import('../../src/store/index.ts');
  const store = new Store(await openDatabase('sqlite::memory:'));
  try {
    // Only symbol-keyed fields hold Kysely or the connection (whose `db` is
    // Kysely too): no string key, own or inherited, reaches either.
    const reachable = (v: unknown) => typeof v === 'object' && v !== null && ('selectFrom' in v || 'db' in v);
    const keys = [...Object.keys(store), ...Object.getOwnPropertyNames(Object.getPrototypeOf(store))];
    const fields = keys.filter((k) => reachable((store as unknown as Record<string, unknown>)[k]));
    assert.deepEqual(fields, []);
    assert.equal((store as unknown as { db?: unknown }).db, undefined);
    assert.equal((store as unknown as { connection?: unknown }).connection, undefined);
  } finally {
    await store.close();
  }
});
