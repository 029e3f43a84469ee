// `npm test` on a machine without PostgreSQL (issue 17, point 5): the tests
// that need it skip, and the run says so in one line, not once per file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('without PostgreSQL, the runner says once that its tests were skipped', () => {
  const env = { ...process.env };
  delete env.KIOSQUE_TEST_DATABASE_URL;
  delete env.KIOSQUE_QUIET_SKIPS;
  delete env.NODE_TEST_CONTEXT; // the inner run reports as a run of its own
  // Two files whose tests all need PostgreSQL.
  const run = spawnSync(
    process.execPath,
    ['scripts/run-tests.mjs', 'test/store/migrations-race.test.ts', 'test/store/copy.test.ts'],
    { cwd: ROOT, env, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const output = run.stdout + run.stderr;
  const lines = output.split('\n').filter((l) => l.includes('KIOSQUE_TEST_DATABASE_URL=postgres://'));
  assert.equal(lines.length, 1, output);
  assert.match(lines[0]!, /^PostgreSQL tests skipped: set KIOSQUE_TEST_DATABASE_URL=/);
  assert.equal((output.match(/# no PostgreSQL/g) ?? []).length, 2, 'each skipped suite says why, briefly');
});
