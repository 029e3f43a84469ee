#!/usr/bin/env node
// Runs every *.test.ts under test/ and src/ with node's own test runner.
// Node 20's --test takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = [...find('test'), ...find('src')].sort();
if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
if (!files.length) {
  console.error('no test files matched', filter);
  process.exit(1);
}
// Without a PostgreSQL server the tests that need one skip; the run says so
// once, at its end, instead of once per test file.
const withoutPostgres = !process.env.KIOSQUE_TEST_DATABASE_URL?.trim();
const env = { ...process.env, NODE_ENV: 'test', ...(withoutPostgres ? { KIOSQUE_QUIET_SKIPS: '1' } : {}) };
const run = (list, concurrency) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...list],
    { stdio: 'inherit', env },
  );
// Tests that measure (Lighthouse's performance) run last, alone, on a quieter machine.
const solo = files.filter((f) => f.endsWith('.solo.test.ts'));
const rest = files.filter((f) => !f.endsWith('.solo.test.ts'));
let result = rest.length ? run(rest, 2) : { status: 0 };
if (solo.length) {
  const alone = run(solo, 1);
  if (result.status === 0) result = alone;
}
if (withoutPostgres)
  console.log(
    '\nPostgreSQL tests skipped: set KIOSQUE_TEST_DATABASE_URL=postgres://user@host/db to run them (README, "Test")',
  );
process.exit(result.status ?? 1);
