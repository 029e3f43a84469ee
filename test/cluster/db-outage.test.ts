// PostgreSQL going away under a worker and a web process (issue 19, point 1). The worker
// reaches PostgreSQL through a TCP relay on loopback that the test cuts —
// every open connection reset, new ones refused — for a few seconds, then
// opens again: what a restart looks like from the worker's side, without
// restarting the server the other tests use. The worker must live through
// it, say so once in its log, and store every article once the database is
// back.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { freePort, startKiosque } from '../cli/run.ts';
import { startPressServer } from '../fixtures/press-server/index.ts';
import { BACKENDS, SKIP_POSTGRES } from '../store/backends.ts';

const postgres = BACKENDS.find((b) => b.name === 'postgres')!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP relay to `target` that can be cut (connections reset, port closed) and opened again. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.resetAndDestroy();
    await new Promise((resolve) => server?.close(resolve));
  }
}

test('a worker lives through PostgreSQL going away, says so, and stores everything once it is back', {
  skip: SKIP_POSTGRES ?? false,
  timeout: 120_000,
}, async () => {
  const press = await startPressServer({
    publications: [],
    generated: { feeds: 30, entriesPerFeed: 5, origins: 3 },
  });
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-outage-'));
  const database = await postgres.create();
  const schema = new URL(database.url).searchParams.get('schema')!;
  const real = new URL(process.env.KIOSQUE_TEST_DATABASE_URL!);
  const relay = new Relay({ host: real.hostname, port: Number(real.port || 5432) });
  await relay.open();
  const viaRelay = new URL(database.url);
  viaRelay.host = `127.0.0.1:${relay.port}`;
  const client = new pg.Client({ connectionString: process.env.KIOSQUE_TEST_DATABASE_URL });
  await client.connect();
  const stored = async () => {
    try {
      return Number((await client.query(`select count(*) as n from ${schema}.articles`)).rows[0]?.n ?? 0);
    } catch {
      return 0; // not migrated yet
    }
  };
  let worker: ChildProcess | null = null;
  let web: ChildProcess | null = null;
  try {
    writeFileSync(join(dir, 'sources.yaml'), press.sourcesYaml());
    const expected = press.publications.reduce(
      (n, p) => n + p.feeds.reduce((m, f) => m + p.entries(f.url).length, 0),
      0,
    );
    worker = startKiosque(['worker', '--concurrency', '4'], {
      DATABASE_URL: viaRelay.toString(),
      KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
      KIOSQUE_ALLOW_HOSTS: press.allowHosts.join(','),
      // Slow enough that the cut lands mid-crawl.
      KIOSQUE_HOST_DELAY_MS: '300',
      KIOSQUE_WORKER_IDLE_MS: '500',
      LOG_LEVEL: 'info',
    });
    let log = '';
    worker.stderr!.on('data', (d) => {
      log += d;
    });
    worker.stdout!.resume();
    let exited: number | null | undefined;
    worker.on('exit', (code) => {
      exited = code;
    });
    // The site, through the same relay: /healthz says when the database is away.
    const webPort = await freePort();
    // (the same sources file: a process syncs its sources into the database at start)
    web = startKiosque(['web'], {
      DATABASE_URL: viaRelay.toString(),
      KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
      KIOSQUE_ALLOW_HOSTS: press.allowHosts.join(','),
      PORT: String(webPort),
      HOST: '127.0.0.1',
    });
    web.stdout!.resume();
    web.stderr!.resume();
    const health = () =>
      fetch(`http://127.0.0.1:${webPort}/healthz`).then(
        async (r) => ({ status: r.status, body: (await r.json()) as { status: string; message?: string } }),
        () => null,
      );
    for (let i = 0; i < 200 && (await health())?.status !== 200; i++) await sleep(100);
    // Mid-crawl: some articles stored, not all.
    for (let i = 0; i < 200 && (await stored()) === 0; i++) await sleep(100);
    assert.ok((await stored()) < expected, 'the cut comes mid-crawl');
    await relay.cut();
    await sleep(4000);
    assert.equal(exited, undefined, `the worker is still running:\n${log.slice(-2000)}`);
    const away = await health();
    assert.equal(away?.status, 503, 'the site says the database is away');
    assert.equal(away?.body.status, 'error');
    assert.ok((away?.body.message ?? '').length > 0, 'with the reason');
    await relay.open();
    let back = await health();
    for (let i = 0; i < 100 && back?.status !== 200; i++) {
      await sleep(100);
      back = await health();
    }
    assert.equal(back?.status, 200, 'and says it is back');
    assert.equal(web.exitCode, null, 'the web process lives on');
    for (let i = 0; i < 600 && (await stored()) < expected; i++) await sleep(100);
    assert.equal(
      await stored(),
      expected,
      `every article stored once the database is back:\n${log.slice(-2000)}`,
    );
    assert.equal(exited, undefined, 'and the worker goes on');
    const said = log.split('\n').filter((l) => /cannot be reached|is back/.test(l));
    assert.ok(
      said.some((l) => /cannot be reached: retrying every/.test(l)),
      log.slice(-2000),
    );
    assert.ok(
      said.some((l) => /is back: crawling again/.test(l)),
      log.slice(-2000),
    );
    assert.ok(
      said.filter((l) => /cannot be reached/.test(l)).length <= 2,
      'said once an outage, not at every try',
    );
  } finally {
    web?.kill('SIGTERM');
    if (web && web.exitCode === null) await new Promise((resolve) => web!.on('close', resolve));
    worker?.kill('SIGTERM');
    if (worker && worker.exitCode === null) await new Promise((resolve) => worker!.on('close', resolve));
    await relay.cut();
    await client.end();
    await press.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
