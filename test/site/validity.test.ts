// The pages are valid HTML (the Nu HTML Checker, vnu-jar, on the machine's
// Java) and the feeds out read right in a real feed reader's parser
// (Debian's python3-feedparser): titles, links and dates.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { articleRows, listArticles, dbOf } from '../../src/store/index.ts';

const { window } = new JSDOM('');
const parseHtml = (text: string): Document => new window.DOMParser().parseFromString(text, 'text/html');

const run = promisify(execFile);
const VNU = createRequire(import.meta.url)('vnu-jar') as string;

async function hasCommand(cmd: string, args: string[]): Promise<boolean> {
  try {
    await run(cmd, args);
    return true;
  } catch {
    return false;
  }
}

describe('valid HTML and feeds a feed reader reads', () => {
  let w: CrawlWorld;
  let app: FastifyInstance;
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, `${url} answered ${res.statusCode}`);
    return res.body;
  };

  before(async () => {
    w = await crawlWorld();
    await w.crawl();
    app = await buildServer({
      store: w.store,
      log: silentLogger,
      images: { cacheDir: join(w.dir, 'img'), client: w.client },
    });
  });
  after(async () => {
    await app.close();
    await w.close();
  });

  /** One URL of each page kind of the site, by name. */
  async function pageKinds(): Promise<Record<string, string>> {
    const fr = (await listArticles(w.store, { limit: 1, source: 'le-quotidien' })).items[0]!;
    const ar = (await listArticles(w.store, { limit: 1, source: 'al-akhbar' })).items[0]!;
    const row = (await articleRows(w.store, 'le-quotidien'))[0]!;
    const day = fr.publishedAt.slice(0, 10);
    const pages: Record<string, string> = {
      'home-fr': '/fr/',
      'home-ar': '/ar/',
      'article-fr': `/fr/le-quotidien/${fr.id}`,
      'article-ar': `/ar/al-akhbar/${ar.id}`,
      'source-fr': '/fr/le-quotidien',
      'sources-ar': '/ar/sources',
      'category-fr': `/fr/categorie/${encodeURIComponent((fr.category ?? 'economie').toLowerCase())}`,
      'author-fr': `/fr/auteur/${encodeURIComponent(row.author ?? 'x')}`,
      'archive-fr': `/fr/archives/${day}`,
      'not-found-fr': '/fr/le-quotidien/999999',
    };
    // A story of the French edition (the story page, and an article page with its coverage).
    const inStory = await dbOf(w.store)
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select(['articles.id', 'articles.story_id', 'sources.slug'])
      .where('articles.story_id', 'is not', null)
      .where('articles.language', '=', 'fr')
      .executeTakeFirst();
    if (inStory) {
      pages['story-fr'] = `/fr/story/${inStory.story_id}`;
      pages['article-in-story-fr'] = `/fr/${inStory.slug}/${inStory.id}`;
    }
    return pages;
  }

  test('every picture on every page kind has its width and height, its resized copies, and loads lazily below the fold', async () => {
    const pages = await pageKinds();
    let seen = 0;
    for (const [name, url] of Object.entries(pages)) {
      const doc = parseHtml((await app.inject({ method: 'GET', url })).body);
      const imgs = [...doc.querySelectorAll('img')];
      for (const img of imgs) {
        seen += 1;
        const where = `${name}: ${img.outerHTML}`;
        assert.ok(/^[1-9]\d*$/.test(img.getAttribute('width') ?? ''), where);
        assert.ok(/^[1-9]\d*$/.test(img.getAttribute('height') ?? ''), where);
        const src = img.getAttribute('src') ?? '';
        if (src.startsWith('/img/') && !src.endsWith('?blocked')) {
          assert.match(src, /^\/img\/\d+\?w=(320|640|960|1280)$/, where);
          assert.match(img.getAttribute('srcset') ?? '', /^\/img\/\d+\?w=320 \d+w/, where);
          assert.ok(img.getAttribute('sizes'), where);
        }
      }
      // A list's first two thumbnails load at once (the first sooner); the rest when scrolled near.
      const thumbs = [...doc.querySelectorAll('.cards .thumb img')];
      thumbs.forEach((img, i) => {
        const expected = i === 0 ? null : i < 2 ? 'eager' : 'lazy';
        assert.equal(img.getAttribute('loading'), expected, `${name}: thumbnail ${i}`);
      });
      if (thumbs.length) assert.equal(thumbs[0]!.getAttribute('fetchpriority'), 'high', name);
      // An article's lead picture is the top of the page; the body's are lazy.
      const lead = doc.querySelector('.lead-image img');
      if (lead) assert.equal(lead.getAttribute('loading'), null, name);
      for (const img of doc.querySelectorAll('.article-body img'))
        assert.equal(img.getAttribute('loading'), 'lazy', name);
    }
    assert.ok(seen > 20, `pictures seen: ${seen}`);
  });

  test('the main page kinds pass the Nu HTML Checker without errors', async (t) => {
    if (!(await hasCommand('java', ['-version']))) {
      t.skip('no java on this machine: install default-jre-headless to run the Nu HTML Checker');
      return;
    }
    const pages = await pageKinds();
    const files: string[] = [];
    for (const [name, url] of Object.entries(pages)) {
      const res = await app.inject({ method: 'GET', url });
      assert.ok([200, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
      const file = join(w.dir, `${name}.html`);
      writeFileSync(file, res.body);
      files.push(file);
    }
    const { stderr, stdout } = await run(
      'java',
      ['-jar', VNU, '--format', 'json', '--errors-only', '--stdout', ...files],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((err: { stdout: string; stderr: string }) => err);
    const report = JSON.parse(stdout || stderr || '{"messages":[]}') as {
      messages: Array<{ type: string; url: string; message: string; lastLine?: number }>;
    };
    const errors = report.messages.filter((m) => m.type === 'error');
    assert.deepEqual(
      errors.map((e) => `${e.url.split('/').pop()}:${e.lastLine}: ${e.message}`),
      [],
    );
  });

  test('RSS and Atom out read in python3-feedparser with the right titles, links and dates', async (t) => {
    if (!(await hasCommand('/usr/bin/python3', ['-c', 'import feedparser']))) {
      t.skip("no python3-feedparser: install Debian's python3-feedparser to run this check");
      return;
    }
    const feeds = [
      '/fr/rss.xml',
      '/fr/atom.xml',
      '/ar/rss.xml',
      '/ar/atom.xml',
      '/fr/le-quotidien/rss.xml',
      '/ar/al-youm/atom.xml',
    ];
    const script = [
      'import feedparser, json, sys',
      'out = []',
      'for path in sys.argv[1:]:',
      '    d = feedparser.parse(path)',
      '    out.append({"bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")), "title": d.feed.get("title"),',
      '                "entries": [{"title": e.get("title"), "link": e.get("link"), "date": list(e.get("published_parsed") or e.get("updated_parsed") or [])[:6]} for e in d.entries]})',
      'print(json.dumps(out))',
    ].join('\n');
    const files: string[] = [];
    for (const url of feeds) {
      const file = join(w.dir, url.replaceAll('/', '_'));
      writeFileSync(file, await get(url));
      files.push(file);
    }
    const { stdout } = await run('/usr/bin/python3', ['-c', script, ...files]);
    const parsed = JSON.parse(stdout) as Array<{
      bozo: number;
      error: string;
      title: string;
      entries: Array<{ title: string; link: string; date: number[] }>;
    }>;
    const byId = new Map((await articleRows(w.store)).map((a) => [a.id, a]));
    for (const [i, feed] of parsed.entries()) {
      assert.equal(feed.bozo, 0, `${feeds[i]}: ${feed.error}`);
      assert.ok(feed.entries.length > 0, `${feeds[i]} has no entries`);
      for (const e of feed.entries) {
        const m = /\/(fr|ar)\/([a-z0-9-]+)\/(\d+)$/.exec(e.link);
        assert.ok(m, `${feeds[i]}: link ${e.link} is not one of our article pages`);
        const article = byId.get(Number(m[3]));
        assert.ok(article, `${e.link} names no stored article`);
        assert.equal(e.title, article.title);
        const published = new Date(article.published_at);
        const [y, mo, d, h, mi] = e.date;
        assert.deepEqual(
          [y, mo, d, h, mi],
          [
            published.getUTCFullYear(),
            published.getUTCMonth() + 1,
            published.getUTCDate(),
            published.getUTCHours(),
            published.getUTCMinutes(),
          ],
          `${feeds[i]}: date of ${e.link}`,
        );
      }
    }
  });
});
