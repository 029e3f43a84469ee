// Statements of any row count come in a few texts (powerRuns): the
// statement cache keeps each one, where a text per row count had it prepare
// hundreds in a crawl.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { powerRuns } from '../../src/store/statements.ts';

test('runs keep every item in order, each run a power of two up to the bound', () => {
  for (const n of [0, 1, 2, 3, 255, 256, 257, 1000, 1023]) {
    const items = Array.from({ length: n }, (_, i) => i);
    const runs = [...powerRuns(items, 256, 'sqlite')];
    assert.deepEqual(runs.flat(), items, `${n} items`);
    for (const r of runs) {
      assert.ok(r.length <= 256 && (r.length & (r.length - 1)) === 0, `run of ${r.length} for ${n} items`);
    }
  }
});

test('on PostgreSQL the rest goes in one statement (a round trip each)', () => {
  assert.deepEqual(
    [
      ...powerRuns(
        Array.from({ length: 300 }, (_, i) => i),
        256,
        'postgres',
      ),
    ].map((r) => r.length),
    [256, 44],
  );
});

test('every count from 1 to 2,000 takes nine run lengths at most', () => {
  const lengths = new Set<number>();
  for (let n = 1; n <= 2000; n++)
    for (const r of powerRuns(new Array(n).fill(0), 256, 'sqlite')) lengths.add(r.length);
  assert.equal(lengths.size, 9); // 1, 2, 4, …, 256
});
