// `--help` on every command (issue 17): its usage on stdout, exit 0, and
// nothing started, opened or written (no database named here, no sources).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runKiosque } from './run.ts';

const ASKS: string[][] = [
  ['start', '--help'],
  ['worker', '-h'],
  ['web', '--help'],
  ['crawl', '--once', '--help'],
  ['sources', '--help'],
  ['sources', 'check', '--help'],
  ['sources', 'import', '--help'],
  ['sources', 'export', '-h'],
  ['migrate-db', '--help'],
  ['reindex', '--help'],
  ['extract', '--help'],
  ['admin', '--help'],
  ['admin', 'create', '--help'],
  ['config', '--help'],
];

test('every command answers --help with its usage and exit 0, touching nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-help-'));
  try {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'k.db')}`, KIOSQUE_SOURCES: join(dir, 'none.yaml') };
    const runs = await Promise.all(ASKS.map((args) => runKiosque(args, env)));
    runs.forEach((run, i) => {
      const args = ASKS[i]!;
      assert.equal(run.code, 0, `kiosque ${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, new RegExp(`^usage: kiosque ${args[0]}`), `kiosque ${args.join(' ')}`);
      assert.equal(run.stderr, '', `kiosque ${args.join(' ')} wrote to stderr`);
    });
    assert.deepEqual(readdirSync(dir), [], 'no database or file was created');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a flag after -- is an argument, not a request for help', async () => {
  const run = await runKiosque(['sources', 'import', '--', '--help'], {
    KIOSQUE_SOURCES: join(tmpdir(), 'kiosque-no-such-sources.yaml'),
  });
  assert.notEqual(run.code, 0);
  assert.doesNotMatch(run.stdout, /^usage:/);
});
