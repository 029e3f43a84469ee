// The configuration table: its defaults, one message for every malformed
// value, the README's table kept equal to it, and `kiosque config`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultConfig, loadConfig, maskDatabaseUrl, OPTIONS } from '../../src/config/index.ts';
import { KiosqueError } from '../../src/util/errors.ts';
import { ROOT, runKiosque } from '../cli/run.ts';

/** The rows of the README's table under "## Configure": variable and default as written. */
function readmeTable(): Array<{ name: string; default: string }> {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const heading = '\n## Configure\n';
  assert.ok(readme.includes(heading), 'the README has a "## Configure" section');
  const section = readme.slice(readme.indexOf(heading) + heading.length);
  const rows: Array<{ name: string; default: string }> = [];
  for (const line of section.split('\n')) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('| `')) continue;
    // Cells are split on | not escaped as \|.
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replaceAll('\\|', '|'));
    const unquote = (c: string) => (c.startsWith('`') && c.endsWith('`') ? c.slice(1, -1) : c);
    const fallback = cells[1] ?? '';
    rows.push({ name: unquote(cells[0] ?? ''), default: fallback === '(empty)' ? '' : unquote(fallback) });
  }
  return rows;
}

describe('configuration', () => {
  test("the README's table lists exactly the table's variables, with the same defaults", () => {
    const expected = Object.values(OPTIONS).map((o) => ({ name: o.name, default: o.defaultText }));
    assert.deepEqual(readmeTable(), expected);
  });

  test('every variable has a distinct name and a doc', () => {
    const names = Object.values(OPTIONS).map((o) => o.name);
    assert.equal(new Set(names).size, names.length);
    for (const o of Object.values(OPTIONS)) assert.ok(o.doc.length > 10, o.name);
  });

  test('the defaults', () => {
    const c = defaultConfig();
    assert.equal(c.port, 3000);
    assert.equal(c.databaseUrl, 'sqlite:./data/kiosque.db');
    assert.deepEqual(c.allowHosts, []);
    assert.equal(c.hostDelayMs, 1000);
    assert.equal(c.storyWindowHours, 72);
    assert.equal(c.storyIndexDays, 30);
    assert.equal(c.siteFile, null);
    assert.equal(c.pageCache, true);
    assert.equal(c.trustProxy, null);
    assert.equal(c.secret, null);
    assert.equal(c.logLevel, 'info');
  });

  test('values from the environment, trimmed; empty is the default', () => {
    const c = loadConfig({
      PORT: ' 8080 ',
      KIOSQUE_PAGE_CACHE: 'OFF',
      KIOSQUE_PAGE_CACHE_MB: '8',
      KIOSQUE_TRUST_PROXY: 'loopback',
      KIOSQUE_CONCURRENCY: '',
    });
    assert.equal(c.port, 8080);
    assert.equal(c.pageCache, false);
    assert.equal(c.pageCacheMb, 8);
    assert.deepEqual(c.trustProxy?.entries, ['loopback']);
    assert.equal(c.concurrency, 8);
  });

  test('every malformed value is reported at once: variable, value, what is expected', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        KIOSQUE_PAGE_CACHE_MB: '-1',
        KIOSQUE_SECRET: 'short-secret',
        LOG_LEVEL: 'loud',
        KIOSQUE_TRUST_PROXY: 'proxy',
      });
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof KiosqueError);
    assert.equal(error.kind, 'config');
    const lines = error.message.split('\n');
    assert.equal(lines[0], 'configuration error:');
    assert.deepEqual(lines.slice(1), [
      '  PORT="eighty" must be a whole number between 0 and 65535',
      '  KIOSQUE_PAGE_CACHE_MB="-1" must be a non-negative number',
      '  KIOSQUE_TRUST_PROXY: entry 1 "proxy" is not an IP address or a CIDR range (like 10.0.0.0/8)',
      '  KIOSQUE_SECRET must be at least 16 characters long (it has 12)',
      '  LOG_LEVEL="loud" must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
    // The secret itself is never repeated.
    assert.ok(!error.message.includes('short-secret'));
  });

  test('only the command line reads the environment', () => {
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !path.startsWith(join('src', 'cli'))) {
          const code = readFileSync(join(ROOT, path), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
          if (code.includes('process.env')) readers.push(path);
        }
      }
    };
    walk('src');
    assert.deepEqual(readers, []);
  });

  test('database passwords are masked', () => {
    assert.equal(maskDatabaseUrl('postgres://kiosque:s3cret@db:5432/k'), 'postgres://kiosque:****@db:5432/k');
    assert.equal(
      maskDatabaseUrl('postgres://db/k?user=a&password=s3cret'),
      'postgres://db/k?user=a&password=****',
    );
    assert.equal(maskDatabaseUrl('sqlite:./data/kiosque.db'), 'sqlite:./data/kiosque.db');
  });
});

describe('kiosque config', () => {
  const env = {
    DATABASE_URL: 'postgres://kiosque:hunter2-password@db.example:5432/kiosque',
    KIOSQUE_SECRET: 'a-long-secret-of-32-characters!!',
    KIOSQUE_HOST_DELAY_MS: '2500',
  };

  test('prints each variable, its value and where it came from; secrets masked', async () => {
    const r = await runKiosque(['config'], env);
    assert.equal(r.code, 0, r.stderr);
    const line = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
    assert.match(line('KIOSQUE_HOST_DELAY_MS'), /^KIOSQUE_HOST_DELAY_MS +2500 +\(environment\)$/);
    assert.match(line('KIOSQUE_CONCURRENCY'), /^KIOSQUE_CONCURRENCY +8 +\(default\)$/);
    assert.match(
      line('DATABASE_URL'),
      /postgres:\/\/kiosque:\*\*\*\*@db\.example:5432\/kiosque +\(environment\)/,
    );
    assert.match(line('KIOSQUE_SECRET'), /\*\*\*\* +\(environment\)/);
    assert.ok(!r.stdout.includes('hunter2'));
    assert.ok(!r.stdout.includes(env.KIOSQUE_SECRET));
    for (const o of Object.values(OPTIONS)) assert.ok(line(o.name), `${o.name} is printed`);
  });

  test('--json, masked too', async () => {
    const r = await runKiosque(['config', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const lines = JSON.parse(r.stdout) as Array<{ name: string; value: string; source: string }>;
    assert.equal(lines.length, Object.keys(OPTIONS).length);
    const secret = lines.find((l) => l.name === 'KIOSQUE_SECRET');
    assert.deepEqual([secret?.value, secret?.source], ['****', 'environment']);
    assert.ok(!r.stdout.includes('hunter2') && !r.stdout.includes(env.KIOSQUE_SECRET));
  });

  test('a malformed value: exit 2 and the message', async () => {
    const r = await runKiosque(['config'], { KIOSQUE_REPORT_THRESHOLD: 'three' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /KIOSQUE_REPORT_THRESHOLD="three" must be a whole number from 1 to 1000000/);
  });
});
