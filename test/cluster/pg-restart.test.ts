// PostgreSQL really restarted and stopped under two running workers (issue
// 19): a cluster of the test's own (initdb in a temporary folder, its own
// port), so that the server the other tests use is never touched. Mid-crawl
// it is restarted in fast mode, then stopped for 15 s and started again: both
// workers must still be running, and every article be stored exactly once.
//
// It needs PostgreSQL's server programs (Debian's postgresql package) and a
// `postgres` system user to run them as when the tests run as root (initdb
// refuses root); without them it skips and says why.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { freePort, startKiosque } from '../cli/run.ts';
import { startPressServer } from '../fixtures/press-server/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** PostgreSQL's server programs, the newest installed. */
function serverBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

/** The user the server runs as: this one, or `postgres` when the tests run as root. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return { uid: process.getuid!(), gid: process.getgid!() };
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const BIN = serverBin();
const USER = serverUser();
const SKIP = !BIN
  ? 'no PostgreSQL server programs (/usr/lib/postgresql/*/bin): apt-get install postgresql'
  : !USER
    ? 'running as root with no postgres user to run the server as'
    : false;

test('two workers live through a real PostgreSQL restart and a 15 s stop, and store every article once within a minute', {
  skip: SKIP,
  timeout: 180_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-pgcluster-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  // Not spawnSync: the fixture press runs in this process and must go on answering meanwhile.
  const pgctl = async (...args: string[]) => {
    const child = spawn(join(BIN!, 'pg_ctl'), ['-D', data, ...args], {
      ...USER!,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, `pg_ctl ${args.join(' ')}: ${out}`);
  };
  const init = spawnSync(join(BIN!, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], {
    ...USER!,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(init.status, 0, init.stderr);
  const start = () =>
    pgctl(
      '-w',
      '-l',
      join(dir, 'server.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    );
  await start();

  const press = await startPressServer({
    publications: [],
    generated: { feeds: 40, entriesPerFeed: 5, origins: 4 },
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres?schema=kiosque_restart`;
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  const workers: ChildProcess[] = [];
  const logs = ['', ''];
  try {
    writeFileSync(join(dir, 'sources.yaml'), press.sourcesYaml());
    const expected = press.publications.reduce(
      (n, p) => n + p.feeds.reduce((m, f) => m + p.entries(f.url).length, 0),
      0,
    );
    for (let i = 0; i < 2; i++) {
      const worker = startKiosque(['worker', '--concurrency', '4'], {
        DATABASE_URL: url,
        KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
        KIOSQUE_ALLOW_HOSTS: press.allowHosts.join(','),
        KIOSQUE_HOST_DELAY_MS: '300',
        KIOSQUE_WORKER_IDLE_MS: '500',
        LOG_LEVEL: 'info',
      });
      worker.stderr!.on('data', (d) => {
        logs[i] += d;
      });
      worker.stdout!.resume();
      workers.push(worker);
    }
    const stored = async () => {
      try {
        const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
        await c.connect();
        try {
          return Number(
            (await c.query('select count(*) as n from kiosque_restart.articles')).rows[0]?.n ?? 0,
          );
        } finally {
          await c.end();
        }
      } catch {
        return 0; // not there yet, or the server is away
      }
    };
    for (let i = 0; i < 300 && (await stored()) === 0; i++) await sleep(100);
    assert.ok((await stored()) < expected, 'the restart comes mid-crawl');
    pgctl(
      '-w',
      '-m',
      'fast',
      'restart',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    );
    await sleep(1000);
    await pgctl('-w', '-m', 'fast', 'stop');
    await sleep(15_000);
    await start();
    let n = await stored();
    for (let i = 0; i < 600 && n < expected; i++) {
      await sleep(100);
      n = await stored();
    }
    assert.equal(
      n,
      expected,
      `every article once PostgreSQL is back:\n${logs.map((l) => l.slice(-1500)).join('\n---\n')}`,
    );
    for (const [i, w] of workers.entries())
      assert.equal(w.exitCode, null, `worker ${i + 1} still running:\n${logs[i]!.slice(-1500)}`);
    await client.connect();
    const twice = await client.query(
      'select count(*) as n from (select canonical_url from kiosque_restart.articles group by canonical_url having count(*) > 1) d',
    );
    assert.equal(Number(twice.rows[0]?.n), 0, 'no article stored twice');
    assert.ok(
      logs.some((l) => /cannot be reached: retrying every/.test(l)),
      'an outage is said',
    );
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => (w.exitCode === null ? new Promise((r) => w.on('close', r)) : null)),
    );
    await client.end().catch(() => {});
    await press.close();
    spawnSync(join(BIN!, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], { ...USER!, timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
});
