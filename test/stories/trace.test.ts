// The detector's trace (src/store/stories/trace.ts): once turned on, a
// decision is one JSON line on stderr; off (the default), nothing is
// written. In a child process, whose stderr is its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const MODULE = new URL('../../src/store/stories/trace.ts', import.meta.url).href;

function run(turnOn: boolean) {
  const code = `import { trace, tracing, traceStoryDecisions } from ${JSON.stringify(MODULE)};
${turnOn ? 'traceStoryDecisions(true);' : ''}
trace({ article: 7, turnedAway: 'likeness', likeness: 0.05 });
process.stdout.write(String(tracing()));`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
}

test('a traced decision is a JSON line on stderr, and nothing while the trace is off', () => {
  const on = run(true);
  assert.equal(on.status, 0, on.stderr);
  assert.equal(on.stdout, 'true');
  assert.deepEqual(JSON.parse(on.stderr.trim()), { article: 7, turnedAway: 'likeness', likeness: 0.05 });
  const off = run(false);
  assert.equal(off.status, 0, off.stderr);
  assert.equal(off.stdout, 'false');
  assert.equal(off.stderr, '');
});
