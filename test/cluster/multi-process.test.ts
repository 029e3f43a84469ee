// Many processes on one PostgreSQL database: the fixture press server with
// 300 feeds, 3 `kiosque worker` and 2 `kiosque web` processes started
// together on an empty schema, one worker killed with SIGKILL half-way.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { migrationNames } from '../../src/store/index.ts';
import { startKiosque } from '../cli/run.ts';
import { startPressServer } from '../fixtures/press-server/index.ts';
import type { RecordedRequest } from '../fixtures/press-server/types.ts';
import { BACKENDS, SKIP_POSTGRES } from '../store/backends.ts';

const postgres = BACKENDS.find((b) => b.name === 'postgres')!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function overlaps(requests: RecordedRequest[], key: (r: RecordedRequest) => string): string[] {
  const byKey = new Map<string, RecordedRequest[]>();
  for (const r of requests) {
    const list = byKey.get(key(r)) ?? [];
    list.push(r);
    byKey.set(key(r), list);
  }
  const bad: string[] = [];
  for (const [k, list] of byKey) {
    list.sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      if (prev.endedAt === null || list[i]!.startedAt < prev.endedAt)
        bad.push(
          `${k}: ${prev.path} ${prev.startedAt}–${prev.endedAt} and ${list[i]!.path} from ${list[i]!.startedAt}`,
        );
    }
  }
  return bad;
}

test('3 workers and 2 web processes share one database; a worker killed half-way loses nothing', {
  skip: SKIP_POSTGRES ?? false,
  timeout: 180_000,
}, async () => {
  const server = await startPressServer({
    publications: [],
    generated: { feeds: 300, entriesPerFeed: 10, origins: 12 },
  });
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-cluster-'));
  const database = await postgres.create();
  const children: ChildProcess[] = [];
  const schema = new URL(database.url).searchParams.get('schema')!;
  const client = new pg.Client({ connectionString: process.env.KIOSQUE_TEST_DATABASE_URL });
  await client.connect();
  const count = async (query: string) => {
    try {
      return Number((await client.query(query.replaceAll('§', schema))).rows[0]?.n ?? 0);
    } catch {
      return 0; // not migrated yet
    }
  };
  try {
    writeFileSync(join(dir, 'sources.yaml'), server.sourcesYaml());
    const expected = server.publications.reduce(
      (n, p) => n + p.feeds.reduce((m, f) => m + p.entries(f.url).length, 0),
      0,
    );
    const env = {
      DATABASE_URL: database.url,
      KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
      KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','),
      KIOSQUE_HOST_DELAY_MS: '200',
      // Short, so the dead worker's feeds come back soon; renewed every 5 s while
      // a worker works, so a loaded machine's pauses do not let two workers in at once.
      KIOSQUE_LEASE_SECONDS: '15',
    };
    // The feeds of one publisher's server are held until the kill below (each for 15 s
    // at most, under the client's 20 s header timeout), so the kill lands mid-crawl
    // however fast the workers go or however late the polls come.
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const heldOrigin = server.publications[0]!.origin;
    const held = server.publications.filter((p) => p.origin === heldOrigin);
    for (const p of held) server.setFault(p.slug, { kind: 'hold', until: gate, maxMs: 15_000 });
    const heldArticles = held.reduce(
      (n, p) => n + p.feeds.reduce((m, f) => m + p.entries(f.url).length, 0),
      0,
    );
    assert.ok(heldArticles > 0 && heldArticles < expected);

    const workers = [0, 1, 2].map(() => startKiosque(['worker', '--concurrency', '6'], env));
    const webs = [0, 1].map(() => startKiosque(['web'], { ...env, PORT: '0', HOST: '127.0.0.1' }));
    children.push(...workers, ...webs);
    const addresses = await Promise.all(
      webs.map(
        (child) =>
          new Promise<string>((resolve, reject) => {
            let err = '';
            child.stderr!.on('data', (d) => {
              err += d;
              const m = /web on (http:\/\/\S+)/.exec(err);
              if (m) resolve(m[1]!);
            });
            child.on('close', () => reject(new Error(`web process exited: ${err}`)));
          }),
      ),
    );

    // Kill one worker once a part of the work is done.
    let stored = 0;
    const polls: string[] = [];
    const began = Date.now();
    for (let i = 0; i < 1200 && stored < expected * 0.2; i++) {
      await sleep(50);
      stored = await count('select count(*) as n from §.articles');
      polls.push(`${Date.now() - began}ms:${stored}`);
    }
    assert.ok(
      stored > 0 && stored <= expected - heldArticles,
      `kill at ${stored} of ${expected}; polls ${polls.slice(-12).join(' ')}`,
    );
    workers[0]!.kill('SIGKILL');
    openGate();

    // The others finish the work, the dead worker's feeds included once its leases expire.
    for (let i = 0; i < 1200 && stored < expected; i++) {
      await sleep(100);
      stored = await count('select count(*) as n from §.articles');
    }
    await sleep(1000);
    const feedStates = async () =>
      (await client.query(`select status, count(*) as n from ${schema}.feeds group by status`)).rows
        .map((r) => `${r.status}: ${r.n}`)
        .join(', ');
    assert.equal(
      await count('select count(*) as n from §.articles'),
      expected,
      `articles stored; feeds ${await feedStates()}`,
    );
    assert.equal(
      await count('select count(*) as n from (select distinct source_id, identity from §.articles) a'),
      expected,
    );
    // Five processes started together on an empty schema: every migration applied, once.
    assert.equal(await count('select count(*) as n from §.kysely_migration'), migrationNames().length);

    // No feed was asked by two workers at once, nor any host.
    const feedPaths = new Set(server.publications.flatMap((p) => p.feeds.map((f) => f.url)));
    const feedRequests = server.requests.filter((r) => feedPaths.has(r.origin + r.path));
    assert.ok(feedRequests.length >= 300);
    assert.deepEqual(
      overlaps(feedRequests, (r) => r.origin + r.path),
      [],
    );
    assert.deepEqual(
      overlaps(server.requests, (r) => r.origin),
      [],
    );

    // Both web processes answer the same data.
    const page = async (address: string, url: string) => (await fetch(`${address}${url}`)).json();
    for (const url of ['/api/v1/articles?limit=100', '/api/v1/sources']) {
      assert.deepEqual(await page(addresses[0]!, url), await page(addresses[1]!, url), url);
    }
    const first = (await page(addresses[0]!, '/api/v1/articles?limit=1')) as { items: Array<{ id: number }> };
    const id = first.items[0]!.id;
    assert.deepEqual(
      await page(addresses[0]!, `/api/v1/articles/${id}`),
      await page(addresses[1]!, `/api/v1/articles/${id}`),
    );

    // The survivors stop cleanly.
    const exits = [...workers.slice(1), ...webs].map(
      (c) => new Promise<number | null>((resolve) => c.on('close', (code) => resolve(code))),
    );
    for (const c of [...workers.slice(1), ...webs]) c.kill('SIGTERM');
    assert.deepEqual(await Promise.all(exits), [0, 0, 0, 0]);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await client.end();
    await server.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
