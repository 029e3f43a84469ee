// Logs for a person at a terminal (issue 17, "first start offline"): feed
// failures summed up in one line, not one JSON line per feed; JSON stays the
// format anywhere else.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatEvent, TerminalLog } from '../../src/util/terminal-log.ts';
import { freePort, startKiosque } from './run.ts';

test('failures are gathered into one summary per kind of trouble; other events are plain lines', async () => {
  const lines: string[] = [];
  const log = new TerminalLog((line) => lines.push(line), 50);
  const failure = (feed: string, kind: string) =>
    log.write(
      JSON.stringify({ level: 40, time: 0, pid: 1, feed, source: 's', kind, msg: `failed: ${feed}` }),
    );
  for (let i = 0; i < 44; i++) failure(`https://f${i}.example/rss`, 'network');
  failure('https://g.example/rss', 'timeout');
  failure('https://h.example/rss', 'http_status');
  log.write(JSON.stringify({ level: 30, time: 0, pid: 1, msg: 'crawler started', sources: 44 }));
  assert.deepEqual(lines.length, 1, 'only the plain line so far');
  assert.match(lines[0]!, /^\d\d:\d\d:\d\d crawler started \(sources=44\)\n$/);
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(lines.length, 3);
  assert.match(
    lines[1]!,
    /^45 feeds could not be reached \(44 network, 1 timeout\): no network, or the sites are down\?/,
  );
  assert.match(lines[2]!, /^1 feed failed \(1 http_status\)/);
  // Said once: nothing left to say at exit.
  log.flush();
  assert.equal(lines.length, 3);
});

test('an error line carries its message, and its stack on the next lines', () => {
  const line = formatEvent(
    {
      level: 50,
      time: 0,
      msg: 'indexing failed',
      err: { message: 'disk full', stack: 'Error: disk full\n    at x' },
    },
    50,
  );
  assert.match(
    line,
    /^\d\d:\d\d:\d\d error: indexing failed \(error=disk full\)\nError: disk full\n {4}at x$/,
  );
});

/** Runs `kiosque worker` until it has tried the feeds, then stops it; its stderr. */
async function workerLog(env: Record<string, string>): Promise<string> {
  const child = startKiosque(['worker'], env);
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  child.stdout!.resume();
  const closed = new Promise((resolve) => child.on('close', resolve));
  // Refused connections fail at once; a second is plenty on a busy machine.
  await new Promise((r) => setTimeout(r, 3000));
  child.kill('SIGTERM');
  await closed;
  return stderr;
}

test('kiosque worker with LOG_FORMAT=text: one summary line for the feeds it could not reach', async () => {
  // Three feeds on a port where nothing listens: refused at once, on loopback.
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-termlog-'));
  try {
    const feeds = [1, 2, 3].map((i) => `      - http://127.0.0.1:${port}/feed-${i}.xml`).join('\n');
    writeFileSync(
      join(dir, 'sources.yaml'),
      `sources:\n  - slug: hors-ligne\n    name: Hors ligne\n    homepage: http://127.0.0.1:${port}/\n    language: fr\n    feeds:\n${feeds}\n`,
    );
    const env = {
      DATABASE_URL: `sqlite:${join(dir, 'k.db')}`,
      KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
      KIOSQUE_ALLOW_HOSTS: '127.0.0.1',
      KIOSQUE_HOST_DELAY_MS: '0',
      LOG_LEVEL: 'info',
    };
    const text = await workerLog({ ...env, LOG_FORMAT: 'text' });
    assert.doesNotMatch(text, /^\{/m, 'no JSON line');
    assert.match(text, /crawler started/);
    const summaries = text.split('\n').filter((l) => /could not be reached/.test(l));
    assert.deepEqual(summaries.length, 1, text);
    assert.match(summaries[0]!, /^3 feeds could not be reached \(3 network\)/);
    // Not on a terminal and not asked: JSON, one line per feed, as before.
    const json = await workerLog({ ...env, DATABASE_URL: `sqlite:${join(dir, 'j.db')}` });
    const failures = json
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { kind?: string })
      .filter((e) => e.kind === 'network');
    assert.equal(failures.length, 3, json);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
