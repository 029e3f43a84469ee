// The detector's trace (src/store/stories/trace.ts): with
// KIOSQUE_STORY_TRACE set, a decision is one JSON line on stderr; without
// it, nothing is written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const MODULE = new URL('../../src/store/stories/trace.ts', import.meta.url).href;
const code = `import { trace, tracing } from ${JSON.stringify(MODULE)};
trace({ article: 7, turnedAway: 'likeness', likeness: 0.05 });
process.stdout.write(String(tracing));`;

function run(env: Record<string, string | undefined>) {
  const { KIOSQUE_STORY_TRACE: _, ...rest } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...rest, ...env },
    encoding: 'utf8',
  });
}

test('a traced decision is a JSON line on stderr, and nothing without the setting', () => {
  const on = run({ KIOSQUE_STORY_TRACE: '1' });
  assert.equal(on.status, 0, on.stderr);
  assert.equal(on.stdout, 'true');
  assert.deepEqual(JSON.parse(on.stderr.trim()), { article: 7, turnedAway: 'likeness', likeness: 0.05 });
  const off = run({});
  assert.equal(off.status, 0, off.stderr);
  assert.equal(off.stdout, 'false');
  assert.equal(off.stderr, '');
});
