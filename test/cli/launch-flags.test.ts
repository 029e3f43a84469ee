// The Node flags Kiosque's long-running processes start with (heap limits:
// README, "A small server") are the same wherever an operator starts them:
// `npm start`, `npm run worker`, the systemd units and the compose file.
// The benchmarks read them from `npm start` (bench/process.ts), so a file
// that drifted would run with settings nothing measured.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const read = (p: string) => readFileSync(root(p), 'utf8');

/** The `--flags` between `node` and `bin/kiosque.js` on each line that starts Kiosque. */
function launchLines(text: string): string[][] {
  return [...text.matchAll(/node((?:\s+--[^\s]+)*)\s+bin\/kiosque\.js/g)].map((m) =>
    (m[1] ?? '').trim().split(/\s+/).filter(Boolean),
  );
}

/** Every place but `npm start` that starts a Kiosque service, with its text. */
function otherLaunchPlaces(scripts: Record<string, string>): Array<[string, string]> {
  return [
    ['npm run worker', scripts.worker ?? ''],
    ['deploy/systemd/kiosque-web.service', read('deploy/systemd/kiosque-web.service')],
    ['deploy/systemd/kiosque-worker@.service', read('deploy/systemd/kiosque-worker@.service')],
    ['deploy/compose.yaml', read('deploy/compose.yaml')],
  ];
}

test('every file that starts a Kiosque service gives Node the same heap limits', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const start = launchLines(scripts.start ?? '')[0];
  assert.ok(start, 'package.json has a start script that runs bin/kiosque.js');
  assert.ok(
    start.some((f) => f.startsWith('--max-old-space-size=')),
    `npm start sets a heap limit: ${start.join(' ')}`,
  );
  const places = otherLaunchPlaces(scripts);
  for (const [where, text] of places) {
    const lines = launchLines(text);
    assert.ok(lines.length > 0, `${where} starts bin/kiosque.js with node`);
    for (const flags of lines)
      assert.deepEqual(flags, start, `${where} starts Kiosque with npm start's flags`);
  }
});

/** MALLOC_MMAP_THRESHOLD_ as each launch line writes it: before `node`, as `Environment=`, or under compose's `environment:`. */
const MALLOC = /MALLOC_MMAP_THRESHOLD_(?:=|: ")(\d+)/g;

test('every file that starts a Kiosque service sets glibc to give large blocks back', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const start = [...(scripts.start ?? '').matchAll(MALLOC)].map((m) => m[1]);
  assert.equal(start.length, 1, `npm start sets MALLOC_MMAP_THRESHOLD_: ${scripts.start}`);
  const places = otherLaunchPlaces(scripts);
  for (const [where, text] of places) {
    const values = [...text.matchAll(MALLOC)].map((m) => m[1]);
    assert.ok(values.length > 0, `${where} sets MALLOC_MMAP_THRESHOLD_`);
    for (const v of values) assert.equal(v, start[0], `${where} sets npm start's MALLOC_MMAP_THRESHOLD_`);
  }
});

test('this Node accepts those flags', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const flags = launchLines(scripts.start ?? '')[0] ?? [];
  const run = spawnSync(process.execPath, [...flags, root('bin/kiosque.js'), '--help'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /kiosque/i);
});

test('the compose file and the systemd units start again a process that exits (issue 19)', () => {
  const compose = read('deploy/compose.yaml');
  for (const service of ['web', 'worker']) {
    const block = new RegExp(`\\n  ${service}:\\n((?:    .*\\n|\\n)*)`).exec(compose)?.[1] ?? '';
    assert.match(
      block,
      /\n?\s+restart: (unless-stopped|always|on-failure)/,
      `compose's ${service} has a restart policy`,
    );
  }
  for (const unit of ['deploy/systemd/kiosque-web.service', 'deploy/systemd/kiosque-worker@.service'])
    assert.match(read(unit), /^Restart=(always|on-failure)$/m, `${unit} restarts`);
});
