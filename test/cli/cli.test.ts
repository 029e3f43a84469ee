// The `kiosque` command as a user runs it: exit codes, messages, the crawl
// summary, OPML in and out, and a crawl killed with SIGKILL half-way.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { type PressServer, startPressServer } from '../fixtures/press-server/index.ts';
import { runKiosque, startKiosque } from './run.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kiosque-cli-'));
}

describe('kiosque: configuration mistakes', () => {
  test('a wrong line in the sources file stops with the file, the line and what is wrong', async () => {
    const dir = tempDir();
    const file = join(dir, 'sources.yaml');
    writeFileSync(
      file,
      [
        'sources:',
        '  - slug: bon',
        '    name: Bon',
        '    homepage: https://bon.example/',
        '    language: en',
        '    feeds: [https://bon.example/feed/]',
        '',
      ].join('\n'),
    );
    const r = await runKiosque(['crawl', '--once'], {
      KIOSQUE_SOURCES: file,
      DATABASE_URL: `sqlite:${dir}/k.db`,
    });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /sources\.yaml:5:\d+: .*language/);
  });

  test('a wrong environment variable is named', async () => {
    const r = await runKiosque(['crawl', '--once'], { KIOSQUE_HOST_DELAY_MS: 'soon' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /KIOSQUE_HOST_DELAY_MS="soon"/);
  });

  test('an unknown flag is refused with the usage', async () => {
    const r = await runKiosque(['crawl', '--once', '--fast'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: kiosque crawl/);
  });
});

describe('kiosque crawl --once', () => {
  let server: PressServer;
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    server = await startPressServer();
    dir = tempDir();
    writeFileSync(join(dir, 'sources.yaml'), server.sourcesYaml());
    env = {
      KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
      DATABASE_URL: `sqlite:${join(dir, 'k.db')}`,
      KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','),
      KIOSQUE_HOST_DELAY_MS: '0',
    };
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('prints a summary and exits 0 even when a feed failed', async () => {
    server.setFault('rabat-soir', { kind: 'status', status: 410 });
    const r = await runKiosque(['crawl', '--once'], env);
    server.setFault('rabat-soir', null);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /feeds ok:\s+\d+/);
    assert.match(r.stdout, /failed:\s+1/);
    assert.match(r.stdout, /rabat-soir .*\n\s+http_status: .*410/);
    assert.match(r.stdout, /articles new:\s+[1-9]\d*/);
  });

  test('--source polls one publication; --json prints the summary as JSON', async () => {
    const r = await runKiosque(['crawl', '--once', '--source', 'al-youm', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.feeds, server.publications.find((p) => p.slug === 'al-youm')!.feeds.length);
    assert.equal(summary.newArticles, 0);
  });

  test('sources export writes OPML, and import adds what is new', async () => {
    const exported = await runKiosque(['sources', 'export'], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /<opml version="2\.0"/);
    assert.match(exported.stdout, /xmlUrl="http:\/\/127\.0\.0\.1:\d+\//);
    const opml = join(dir, 'more.opml');
    writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
        <outline text="Sport"><outline type="rss" text="Le Journal du Sport" xmlUrl="https://sport.example/feed/" htmlUrl="https://sport.example/"/></outline>
      </body></opml>`,
    );
    const imported = await runKiosque(['sources', 'import', opml], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /added 1 source/);
    assert.match(readFileSync(join(dir, 'sources.yaml'), 'utf8'), /https:\/\/sport\.example\/feed\//);
    const check = await runKiosque(['sources', 'check'], env);
    assert.equal(check.code, 0, check.stderr);
    const again = await runKiosque(['sources', 'import', opml], env);
    assert.match(again.stdout, /added 0 source/);
  });
});

describe('kiosque crawl --once killed with SIGKILL half-way', () => {
  test('a re-run stores every article exactly once and the database is intact', async () => {
    const server = await startPressServer({
      publications: [],
      generated: { feeds: 60, entriesPerFeed: 20, origins: 3 },
    });
    const dir = tempDir();
    const dbFile = join(dir, 'k.db');
    writeFileSync(join(dir, 'sources.yaml'), server.sourcesYaml());
    const env = {
      KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
      DATABASE_URL: `sqlite:${dbFile}`,
      KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','),
      KIOSQUE_HOST_DELAY_MS: '80',
    };
    const expected = server.publications.reduce(
      (n, p) => n + p.feeds.reduce((m, f) => m + p.entries(f.url).length, 0),
      0,
    );
    // One publisher's feeds are held until the kill (15 s at most each), so the
    // kill lands mid-crawl however fast or slow the machine is.
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const heldOrigin = server.publications[0]!.origin;
    for (const p of server.publications.filter((x) => x.origin === heldOrigin))
      server.setFault(p.slug, { kind: 'hold', until: gate, maxMs: 15_000 });
    try {
      const child = startKiosque(['crawl', '--once'], env);
      const exited = new Promise((resolve) => child.on('close', resolve));
      // Kill it as soon as some, but not all, articles are in.
      let seen = 0;
      for (let i = 0; i < 2400; i++) {
        await new Promise((r) => setTimeout(r, 25));
        try {
          const db = new Database(dbFile, { readonly: true, fileMustExist: true });
          seen = (db.prepare('select count(*) n from articles').get() as { n: number }).n;
          db.close();
        } catch {
          continue; // not created or not migrated yet
        }
        if (seen > 0) break;
      }
      child.kill('SIGKILL');
      await exited;
      openGate();
      assert.ok(seen > 0 && seen < expected, `killed with ${seen} of ${expected} stored`);

      const rerun = await runKiosque(['crawl', '--once'], env);
      assert.equal(rerun.code, 0, rerun.stderr);
      const db = new Database(dbFile, { readonly: true });
      const count = (db.prepare('select count(*) n from articles').get() as { n: number }).n;
      const distinct = (
        db.prepare('select count(*) n from (select distinct source_id, identity from articles)').get() as {
          n: number;
        }
      ).n;
      const integrity = db.pragma('integrity_check', { simple: true });
      db.close();
      assert.equal(count, expected);
      assert.equal(distinct, expected);
      assert.equal(integrity, 'ok');
    } finally {
      openGate();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start', () => {
  test('serves the API and crawls in one process, lets crawl --once run beside it, and stops cleanly on SIGTERM', async () => {
    const server = await startPressServer();
    const dir = tempDir();
    writeFileSync(join(dir, 'sources.yaml'), server.sourcesYaml({ only: ['le-quotidien', 'al-akhbar'] }));
    const env = {
      KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
      DATABASE_URL: `sqlite:${join(dir, 'k.db')}`,
      KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','),
      KIOSQUE_HOST_DELAY_MS: '0',
    };
    const child = startKiosque(['start'], { ...env, PORT: '0', HOST: '127.0.0.1' });
    try {
      let stderr = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', (d) => {
          stderr += d;
          const m = /running on (http:\/\/[^\s]+)/.exec(stderr);
          if (m) resolve(m[1]!);
        });
        child.on('close', () => reject(new Error(`kiosque exited: ${stderr}`)));
      });
      assert.deepEqual(await (await fetch(`${address}/healthz`)).json(), { status: 'ok' });
      // The French publication's articles, whose sections the French menu
      // names below: the menu, read at the first page, is kept a minute, and
      // the Arabic publication's articles may be stored first.
      let items: unknown[] = [];
      for (let i = 0; i < 100 && items.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        items = (
          (await (await fetch(`${address}/api/v1/articles?source=le-quotidien&limit=5`)).json()) as {
            items: unknown[];
          }
        ).items;
      }
      assert.equal(items.length, 5);
      // The menu names sections as the sources file writes them, not by slug.
      const home = await (await fetch(`${address}/fr/`)).text();
      assert.match(home, /<a href="[^"]+">(Actualité|Économie)<\/a>/);
      assert.doesNotMatch(home, />(actualite|economie)<\/a>/);
      const sources = (await (await fetch(`${address}/api/v1/sources`)).json()) as {
        items: Array<{ slug: string }>;
      };
      assert.deepEqual(sources.items.map((s) => s.slug).sort(), ['al-akhbar', 'le-quotidien']);

      // kiosque crawl --once beside the running server, on the same database.
      server.publish('le-quotidien', 1);
      const crawl = await runKiosque(['crawl', '--once'], env);
      assert.equal(crawl.code, 0, crawl.stderr);
      const db = new Database(join(dir, 'k.db'), { readonly: true });
      const { n, uniq } = db
        .prepare("select count(*) n, count(distinct source_id || ':' || identity) uniq from articles")
        .get() as { n: number; uniq: number };
      db.close();
      const expected = server.publications
        .filter((p) => ['le-quotidien', 'al-akhbar'].includes(p.slug))
        .reduce((sum, p) => sum + p.feeds.reduce((m, f) => m + p.entries(f.url).length, 0), 0);
      assert.equal(n, expected);
      assert.equal(uniq, expected);
      assert.equal(((await (await fetch(`${address}/healthz`)).json()) as { status: string }).status, 'ok');

      const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exit, 0);
    } finally {
      child.kill('SIGKILL');
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
