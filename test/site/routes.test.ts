// The reader's site over a store filled by a real crawl of the fixture press
// server (three French and three Arabic publications), on SQLite and, when
// KIOSQUE_TEST_DATABASE_URL is set, on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { JSDOM } from 'jsdom';
import { parseFeed } from '../../src/feeds/index.ts';
import { articleRows, dbOf, publishedBetween } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { defaultSiteConfig } from '../../src/web/site-config.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { BACKENDS } from '../store/backends.ts';

const BASE = 'https://kiosque.test';
const { window } = new JSDOM('');

function parseXml(text: string): Document {
  const doc = new window.DOMParser().parseFromString(text, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  assert.equal(error, undefined, `not well-formed XML: ${error?.textContent}`);
  return doc;
}

function parseHtml(text: string): Document {
  return new window.DOMParser().parseFromString(text, 'text/html');
}

/** Every URL a page makes the browser load by itself: scripts, styles, images, fonts, frames. */
function loadedUrls(doc: Document): string[] {
  const urls: string[] = [];
  for (const el of doc.querySelectorAll(
    'script[src], img, iframe, frame, embed, object, source, video, audio',
  ))
    for (const attr of ['src', 'srcset', 'data', 'poster']) {
      const v = el.getAttribute(attr);
      if (v) urls.push(v);
    }
  for (const el of doc.querySelectorAll('link')) {
    const rel = (el.getAttribute('rel') ?? '').toLowerCase();
    if (/stylesheet|icon|preload|prefetch|font|manifest|modulepreload/.test(rel))
      urls.push(el.getAttribute('href') ?? '');
  }
  return urls;
}

for (const backend of BACKENDS) {
  describe(`reader's site on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    let app: FastifyInstance;
    const articles = new Map<
      string,
      Array<{ id: number; title: string; url: string; category: string | null; author: string | null }>
    >();
    const get = (url: string) => app.inject({ method: 'GET', url });

    before(async () => {
      w = await crawlWorld({}, {}, backend);
      await w.crawl();
      app = await buildServer({
        store: w.store,
        log: silentLogger,
        site: { ...defaultSiteConfig({}), baseUrl: BASE },
      });
      for (const s of w.server.publications) {
        const rows = await articleRows(w.store, s.slug);
        articles.set(
          s.slug,
          rows.map((r) => ({
            id: Number(r.id),
            title: r.title,
            url: r.canonical_url ?? '',
            category: r.category,
            author: r.author,
          })),
        );
      }
    });
    after(async () => {
      await app?.close();
      await w?.close();
    });

    const one = (slug: string) => {
      const list = articles.get(slug);
      assert.ok(list?.length, `articles of ${slug}`);
      return list[0]!;
    };

    test('/ sends to the first edition; /fr to /fr/', async () => {
      const root = await get('/');
      assert.equal(root.statusCode, 302);
      assert.equal(root.headers.location, '/fr/');
      const fr = await get('/fr');
      assert.equal(fr.statusCode, 301);
      assert.equal(fr.headers.location, '/fr/');
    });

    test('the French home: ticker, latest, categories, sources, feeds announced', async () => {
      const res = await get('/fr/');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      const doc = parseHtml(res.body);
      assert.equal(doc.documentElement.getAttribute('lang'), 'fr');
      assert.equal(doc.documentElement.getAttribute('dir'), 'ltr');
      for (const landmark of ['header', 'nav', 'main', 'footer'])
        assert.ok(doc.querySelector(landmark), landmark);
      const ticker = [...doc.querySelectorAll('.ticker a')].map((a) => a.getAttribute('href') ?? '');
      const frSlugs = ['le-quotidien', 'l-eco-du-jour', 'rabat-soir'];
      // One per story, from the edition's 80 latest articles, at most 40:
      // the fixture press tells its events by several publications, so how
      // many stories the crawl made is the detector's (and its batches')
      // call; the ticker must follow the store, whatever it made.
      const latest = await dbOf(w.store)
        .selectFrom('articles')
        .innerJoin('sources', 'sources.id', 'articles.source_id')
        .select(['articles.id', 'articles.story_id'])
        .where('sources.slug', 'in', frSlugs)
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(80)
        .execute();
      const shown = new Set<string>();
      const expected = latest.filter((a) => {
        const key = a.story_id === null ? `article ${a.id}` : `story ${a.story_id}`;
        if (shown.has(key)) return false;
        shown.add(key);
        return true;
      });
      assert.deepEqual(
        ticker.map((href) => Number(href.split('/').pop())),
        expected.slice(0, 40).map((a) => Number(a.id)),
        'the latest, a story once',
      );
      assert.ok(ticker.length >= 10, `${ticker.length} in the ticker`);
      for (const href of ticker) assert.match(href, new RegExp(`^/fr/(${frSlugs.join('|')})/\\d+$`));
      const ids = ticker.map((href) => Number(href.split('/').pop()));
      const rows = await dbOf(w.store)
        .selectFrom('articles')
        .select('story_id')
        .where('id', 'in', ids)
        .execute();
      const stories = rows.flatMap((r) => (r.story_id === null ? [] : [Number(r.story_id)]));
      assert.equal(new Set(stories).size, stories.length, 'a story shows once');
      assert.ok(doc.querySelectorAll('.latest .card').length >= 10);
      assert.ok(doc.querySelectorAll('.category-section').length >= 2);
      const sources = [...doc.querySelectorAll('.source-list a')].map((a) => a.textContent);
      assert.deepEqual(sources.sort(), ['L’Éco du Jour', 'Le Quotidien', 'Rabat Soir'].sort());
      assert.ok(doc.querySelector('link[rel=alternate][type="application/rss+xml"][href="/fr/rss.xml"]'));
      assert.ok(doc.querySelector('link[rel=alternate][type="application/atom+xml"][href="/fr/atom.xml"]'));
      assert.equal(doc.querySelector('link[rel=canonical]')?.getAttribute('href'), `${BASE}/fr/`);
      assert.ok(doc.querySelector('meta[name=description]'));
      assert.ok(doc.querySelector('meta[property="og:title"]'));
      assert.ok(doc.querySelector('meta[name="twitter:card"]'));
    });

    test('the Arabic home is right-to-left, in Arabic, with its own sources in the ticker', async () => {
      const res = await get('/ar/');
      assert.equal(res.statusCode, 200);
      const doc = parseHtml(res.body);
      assert.equal(doc.documentElement.getAttribute('dir'), 'rtl');
      assert.equal(doc.documentElement.getAttribute('lang'), 'ar');
      assert.match(res.body, /آخر الأخبار/);
      const ticker = [...doc.querySelectorAll('.ticker a')].map((a) => a.getAttribute('href') ?? '');
      assert.ok(ticker.length > 0 && ticker.length <= 40);
      for (const href of ticker) assert.match(href, /^\/ar\/(al-akhbar|sawt-al-maghrib|al-youm)\/\d+$/);
    });

    test('a French article page: its parts, images through /img with a report form, SEO', async () => {
      const a = one('le-quotidien');
      const res = await get(`/fr/le-quotidien/${a.id}`);
      assert.equal(res.statusCode, 200);
      const doc = parseHtml(res.body);
      assert.equal(doc.querySelector('h1')?.textContent, a.title);
      const published = doc.querySelector('.published');
      assert.match(published?.textContent ?? '', /^Publié dans Le Quotidien le \d\d - \d\d - \d{4}$/);
      assert.equal(published?.querySelector('a')?.getAttribute('href'), '/fr/le-quotidien');
      const original = [...doc.querySelectorAll('a')].find(
        (x) => x.textContent === "Cliquez ici pour lire l'article depuis sa source",
      );
      assert.equal(original?.getAttribute('href'), a.url);
      assert.equal(original?.getAttribute('rel'), 'noopener noreferrer');
      const imgs = [...doc.querySelectorAll('img')];
      assert.ok(imgs.length >= 1);
      for (const img of imgs) {
        const m = /^\/img\/(\d+)\?w=640$/.exec(img.getAttribute('src') ?? '');
        assert.ok(m, img.outerHTML);
        assert.match(img.getAttribute('srcset') ?? '', new RegExp(`^/img/${m[1]}\\?w=320 320w, `));
        assert.ok(
          Number(img.getAttribute('width')) > 0 && Number(img.getAttribute('height')) > 0,
          img.outerHTML,
        );
        const form = doc.querySelector(`form.report-image[action="/api/v1/images/${m[1]}/report"]`);
        assert.equal(form?.getAttribute('method'), 'post');
        assert.equal(form?.querySelector('button')?.textContent, 'Signaler cette image');
      }
      assert.equal(doc.querySelector('.read-also h2')?.textContent, 'Lire aussi');
      const also = [...doc.querySelectorAll('.read-also a')].map((x) =>
        Number(x.getAttribute('href')?.split('/').pop()),
      );
      assert.ok(also.length > 0 && !also.includes(a.id));
      // Related by text (test/search/web.test.ts checks which): articles of the French edition.
      const french = new Set(
        ['le-quotidien', 'l-eco-du-jour', 'rabat-soir'].flatMap((slug) =>
          (articles.get(slug) ?? []).map((x) => x.id),
        ),
      );
      for (const id of also) assert.ok(french.has(id), `read-also ${id} is in the French edition`);
      // SEO: canonical to the original, Open Graph, JSON-LD naming the publisher.
      assert.equal(doc.querySelector('link[rel=canonical]')?.getAttribute('href'), a.url);
      assert.equal(doc.querySelector('meta[property="og:type"]')?.getAttribute('content'), 'article');
      assert.match(
        doc.querySelector('meta[property="og:image"]')?.getAttribute('content') ?? '',
        new RegExp(`^${BASE}/img/\\d+$`),
      );
      const ld = JSON.parse(doc.querySelector('script[type="application/ld+json"]')?.textContent ?? '{}');
      assert.equal(ld['@type'], 'NewsArticle');
      assert.equal(ld.headline, a.title);
      assert.equal(ld.publisher.name, 'Le Quotidien');
      assert.equal(ld.isBasedOn, a.url);
      assert.equal(ld.url, a.url);
      assert.match(ld.image[0], new RegExp(`^${BASE}/img/\\d+$`));
      assert.ok(Date.parse(ld.datePublished));
      // One script, ours: it sends the report forms with fetch (image reports).
      const scripts = [...doc.querySelectorAll('script:not([type="application/ld+json"])')];
      assert.deepEqual(
        scripts.map((s) => [s.getAttribute('src')?.replace(/\.[0-9a-f]{12}\.js$/, '.js'), s.textContent]),
        [['/static/report.js', '']],
      );
      assert.equal(doc.querySelectorAll('style, [style]').length, 0);
    });

    test('an Arabic article page says it in Arabic', async () => {
      const a = one('al-akhbar');
      const res = await get(`/ar/al-akhbar/${a.id}`);
      assert.equal(res.statusCode, 200);
      const doc = parseHtml(res.body);
      assert.equal(doc.documentElement.getAttribute('dir'), 'rtl');
      assert.match(
        doc.querySelector('.published')?.textContent ?? '',
        /^نشر في الأخبار المغربية يوم \d\d - \d\d - \d{4}$/,
      );
      assert.match(res.body, /اضغط هنا لقراءة المقال من مصدره/);
      assert.match(res.body, /أبلغ عن هذه الصورة/);
      assert.match(res.body, /اقرأ أيضا/);
      assert.ok(doc.querySelector('.ticker'));
    });

    test('every article page has "Lire aussi"; the publisher\'s own line inside a body leads to our copy, or goes', async () => {
      let rewritten = 0;
      for (const pub of w.server.publications) {
        const prefix = pub.language === 'ar' ? '/ar' : '/fr';
        const origin = pub.origin;
        for (const a of articles.get(pub.slug) ?? []) {
          const res = await get(`${prefix}/${pub.slug}/${a.id}`);
          assert.equal(res.statusCode, 200);
          const doc = parseHtml(res.body);
          const ours = [...doc.querySelectorAll('#read-also-title + ul a')].map((x) =>
            x.getAttribute('href'),
          );
          assert.ok(ours.length > 0, `${pub.slug}/${a.id} has "Lire aussi"`);
          assert.ok(!ours.includes(`${prefix}/${pub.slug}/${a.id}`), 'never the article itself');
          for (const p of doc.querySelectorAll('.article-body p')) {
            if (!/^\s*(Lire aussi|اقرأ أيضا)/.test(p.textContent ?? '')) continue;
            for (const link of p.querySelectorAll('a')) {
              const href = link.getAttribute('href') ?? '';
              assert.ok(
                !href.startsWith(origin),
                `${pub.slug}/${a.id}: no link to the publisher's site: ${href}`,
              );
              assert.match(href, new RegExp(`^${prefix}/${pub.slug}/\\d+$`));
              rewritten++;
            }
          }
        }
      }
      assert.ok(rewritten > 10, `the publishers' lines point to our copies (${rewritten})`);
    });

    test('wrong slug is 301 to the right one; unknown id, other edition, bad id are real 404 pages', async () => {
      const a = one('le-quotidien');
      const moved = await get(`/fr/rabat-soir/${a.id}`);
      assert.equal(moved.statusCode, 301);
      assert.equal(moved.headers.location, `/fr/le-quotidien/${a.id}`);
      for (const url of [
        '/fr/le-quotidien/99999999',
        `/fr/al-akhbar/${one('al-akhbar').id}`,
        '/fr/le-quotidien/abc',
        '/fr/nobody',
        '/fr/a/b/c',
      ]) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', url);
        assert.match(res.body, /<html lang="fr" dir="ltr">/, url);
        assert.match(res.body, /Page introuvable/, url);
        assert.match(res.body, /class="ticker"/, url);
      }
      const ar = await get('/ar/al-akhbar/99999999');
      assert.equal(ar.statusCode, 404);
      assert.match(ar.body, /dir="rtl"/);
      assert.match(ar.body, /الصفحة غير موجودة/);
      // The API keeps its JSON 404.
      const api = await get('/api/v1/nothing');
      assert.equal(api.statusCode, 404);
      assert.match(String(api.headers['content-type']), /json/);
    });

    test('a source page pages by key through every article once', async () => {
      const expected = articles.get('le-quotidien')!;
      const seen: number[] = [];
      let url: string | null = '/fr/le-quotidien';
      let pages = 0;
      while (url) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        const doc = parseHtml(res.body);
        assert.ok(doc.querySelector('.ticker'));
        assert.equal(doc.querySelector('h1')?.textContent, 'Le Quotidien');
        for (const link of doc.querySelectorAll('.cards h2 a, .cards h3 a'))
          seen.push(Number(link.getAttribute('href')?.split('/').pop()));
        const next = doc.querySelector('.pager a[rel=next]')?.getAttribute('href') ?? null;
        if (next) assert.match(next, /^\/fr\/le-quotidien\?avant=[\w-]+$/);
        url = next;
        pages++;
      }
      assert.ok(pages >= 2, 'more than one page');
      assert.equal(seen.length, expected.length);
      assert.deepEqual(
        [...seen].sort((x, y) => x - y),
        expected.map((x) => x.id).sort((x, y) => x - y),
      );
      assert.equal((await get('/fr/le-quotidien?avant=garbage')).statusCode, 400);
    });

    test('category, author, day archive and sources pages', async () => {
      const cat = await get('/fr/categorie/economie');
      assert.equal(cat.statusCode, 200);
      const catDoc = parseHtml(cat.body);
      assert.ok(catDoc.querySelectorAll('.cards li').length > 0);
      assert.ok(catDoc.querySelector('link[rel=alternate][href="/fr/categorie/economie/rss.xml"]'));
      assert.ok(catDoc.querySelector('.ticker'));
      assert.equal((await get('/fr/categorie/nothing-here')).statusCode, 404);

      const arCat = await get(`/ar/categorie/${encodeURIComponent('وطني')}`);
      assert.equal(arCat.statusCode, 200);

      const withAuthor = [...articles.values()]
        .flat()
        .find((x) => x.author && articles.get('le-quotidien')!.includes(x));
      assert.ok(withAuthor?.author);
      const author = await get(`/fr/auteur/${encodeURIComponent(withAuthor.author)}`);
      assert.equal(author.statusCode, 200);
      const authorDoc = parseHtml(author.body);
      const ids = [...authorDoc.querySelectorAll('.cards h2 a, .cards h3 a')].map((x) =>
        x.getAttribute('href'),
      );
      assert.ok(ids.includes(`/fr/le-quotidien/${withAuthor.id}`));
      assert.equal((await get('/fr/auteur/Personne%20Inconnue')).statusCode, 404);

      const page = parseHtml((await get(`/fr/le-quotidien/${withAuthor.id}`)).body);
      const day = page.querySelector('.published a[href^="/fr/archives/"]')?.getAttribute('href') ?? '';
      const archive = await get(day);
      assert.equal(archive.statusCode, 200, day);
      assert.ok(parseHtml(archive.body).querySelectorAll('.cards li').length > 0);
      for (const bad of ['/fr/archives/2026-02-30', '/fr/archives/hier', '/fr/archives/2026-1-1'])
        assert.equal((await get(bad)).statusCode, 404, bad);

      const sources = await get('/ar/sources');
      assert.equal(sources.statusCode, 200);
      const names = [...parseHtml(sources.body).querySelectorAll('.source-list a')].map((x) => x.textContent);
      assert.deepEqual(names.sort(), ['الأخبار المغربية', 'اليوم 24', 'صوت المغرب'].sort());
    });

    test('feeds out: RSS 2.0 and Atom for the edition, a source and a category, well-formed, linking our pages', async () => {
      const frIds = new Set(
        ['le-quotidien', 'l-eco-du-jour', 'rabat-soir'].flatMap((s) => articles.get(s)!.map((x) => x.id)),
      );
      const total = frIds.size;
      for (const [path, count] of [
        ['/fr/', Math.min(50, total)],
        ['/fr/le-quotidien/', articles.get('le-quotidien')!.length],
        ['/fr/categorie/economie/', -1],
      ] as const) {
        for (const kind of ['rss', 'atom'] as const) {
          const url = `${path}${kind}.xml`;
          const res = await get(url);
          assert.equal(res.statusCode, 200, url);
          assert.equal(res.headers['content-type'], `application/${kind}+xml; charset=utf-8`);
          const doc = parseXml(res.body);
          const items = doc.getElementsByTagName(kind === 'rss' ? 'item' : 'entry');
          if (count >= 0) assert.equal(items.length, Math.min(count, 50), url);
          else assert.ok(items.length > 0, url);
          const feed = parseFeed(res.body, { url: `${BASE}${url}`, timezone: 'UTC', now: new Date() });
          assert.equal(feed.entries.length, items.length);
          for (const e of feed.entries) {
            const m = new RegExp(`^${BASE}/fr/([a-z-]+)/(\\d+)$`).exec(e.url ?? '');
            assert.ok(m, e.url ?? 'no url');
            assert.ok(frIds.has(Number(m[2])));
            assert.ok(e.title);
            assert.ok(e.publishedAt);
          }
        }
      }
      assert.equal((await get('/fr/nobody/rss.xml')).statusCode, 404);
    });

    test('sitemap index, daily sitemaps, news sitemap and robots.txt', async () => {
      const robots = await get('/robots.txt');
      assert.equal(robots.statusCode, 200);
      assert.equal(robots.headers['content-type'], 'text/plain; charset=utf-8');
      assert.match(robots.body, /^User-agent: \*$/m);
      assert.match(robots.body, new RegExp(`^Sitemap: ${BASE}/sitemap.xml$`, 'm'));

      const index = parseXml((await get('/sitemap.xml')).body);
      const locs = [...index.getElementsByTagName('loc')].map((l) => l.textContent ?? '');
      assert.ok(locs.includes(`${BASE}/sitemaps/news.xml`));
      const days = locs.filter((l) => /\/sitemaps\/\d{4}-\d\d-\d\d\.xml$/.test(l));
      assert.ok(days.length >= 1);
      const all = new Set<string>();
      for (const day of days) {
        const res = await get(day.slice(BASE.length));
        assert.equal(res.statusCode, 200);
        for (const l of parseXml(res.body).getElementsByTagName('loc')) all.add(l.textContent ?? '');
      }
      const total = [...articles.values()].reduce((n, l) => n + l.length, 0);
      assert.equal(all.size, total, 'every article in exactly one daily sitemap');
      for (const u of all) assert.match(u, new RegExp(`^${BASE}/(fr|ar)/[a-z0-9-]+/\\d+$`));

      const news = await get('/sitemaps/news.xml');
      const newsDoc = parseXml(news.body);
      assert.equal(
        newsDoc.documentElement.getAttribute('xmlns:news'),
        'http://www.google.com/schemas/sitemap-news/0.9',
      );
      const cutoff = Date.now() - 48 * 3_600_000;
      const recent = (await Promise.all([...articles.keys()].map((s) => articleRows(w.store, s))))
        .flat()
        .filter((r) => Date.parse(r.published_at) >= cutoff).length;
      assert.equal(newsDoc.getElementsByTagName('url').length, Math.min(recent, 1000));
      assert.equal((await get('/sitemaps/2026-02-30.xml')).statusCode, 404);
      assert.equal((await get('/sitemaps/whatever.xml')).statusCode, 404);
    });

    test('no page loads anything from another origin; article page ≤ 60 KB with its CSS; CSS served hashed and cached', async () => {
      const a = one('le-quotidien');
      const pages = [
        '/fr/',
        '/ar/',
        `/fr/le-quotidien/${a.id}`,
        `/ar/al-akhbar/${one('al-akhbar').id}`,
        `/ar/al-youm/${one('al-youm').id}`,
        '/fr/le-quotidien',
        '/fr/categorie/economie',
        '/fr/sources',
        '/fr/nowhere/at/all',
      ];
      let cssPath = '';
      for (const url of pages) {
        const res = await get(url);
        const doc = parseHtml(res.body);
        for (const u of loadedUrls(doc)) assert.match(u, /^\/(?!\/)/, `${url} loads ${u}`);
        cssPath = doc.querySelector('link[rel=stylesheet]')?.getAttribute('href') ?? '';
      }
      assert.match(cssPath, /^\/static\/site\.[0-9a-f]{12}\.css$/);
      const css = await get(cssPath);
      assert.equal(css.statusCode, 200);
      assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
      assert.match(String(css.headers['cache-control']), /max-age=31536000, immutable/);
      assert.doesNotMatch(css.body, /url\(|@import/);
      assert.match(css.body, /margin-inline|padding-inline|inset-inline/);
      for (const id of [a.id, one('al-akhbar').id]) {
        const slug = id === a.id ? 'fr/le-quotidien' : 'ar/al-akhbar';
        const page = await get(`/${slug}/${id}`);
        const weight = Buffer.byteLength(page.body) + Buffer.byteLength(css.body);
        assert.ok(weight <= 60 * 1024, `${slug}/${id}: ${weight} bytes`);
      }
      assert.equal((await get('/static/nothing.css')).statusCode, 404);
    });

    test('a favicon: linked from every page, and /favicon.ico leads to it (no 404 at each visit)', async () => {
      const home = parseHtml((await get('/fr/')).body);
      const icon = home.querySelector('link[rel=icon]')?.getAttribute('href') ?? '';
      assert.match(icon, /^\/static\/favicon\.[0-9a-f]{12}\.svg$/);
      const ico = await get('/favicon.ico');
      assert.equal(ico.statusCode, 301);
      assert.equal(ico.headers.location, icon);
      const svg = await get(icon);
      assert.equal(svg.statusCode, 200);
      assert.equal(svg.headers['content-type'], 'image/svg+xml');
      assert.match(svg.body, /^<svg /);
    });

    test('each edition has a web app manifest in its language and direction, linked from its pages', async () => {
      for (const [edition, lang, dir] of [
        ['/fr/', 'fr', 'ltr'],
        ['/ar/', 'ar', 'rtl'],
      ] as const) {
        const page = parseHtml((await get(edition)).body);
        const href = page.querySelector('link[rel=manifest]')?.getAttribute('href');
        assert.equal(href, `${edition}manifest.webmanifest`);
        const res = await get(href);
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^application\/manifest\+json/);
        const manifest = res.json() as Record<string, unknown> & { icons: Array<{ src: string }> };
        assert.equal(manifest.lang, lang);
        assert.equal(manifest.dir, dir);
        assert.equal(manifest.start_url, edition);
        assert.ok(String(manifest.name).length > 0);
        assert.equal((await get(manifest.icons[0]!.src)).statusCode, 200, 'its icon is served');
        assert.ok(page.querySelector('meta[name=theme-color]'));
      }
    });
  });
}

describe('sitemap queries', () => {
  test('the news sitemap keeps the newest articles past its limit, a day sitemap the oldest first', async () => {
    const w = await crawlWorld();
    try {
      await w.crawl();
      const all = await publishedBetween(
        w.store,
        '1970-01-01T00:00:00.000Z',
        '9999-12-31T00:00:00.000Z',
        10_000,
      );
      assert.ok(all.length > 5);
      const key = (e: { publishedAt: string; id: number }) =>
        `${e.publishedAt}|${String(e.id).padStart(9, '0')}`;
      const sorted = [...all].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      const newest = await publishedBetween(
        w.store,
        '1970-01-01T00:00:00.000Z',
        '9999-12-31T00:00:00.000Z',
        3,
        true,
      );
      assert.deepEqual(
        newest.map((e) => e.id),
        sorted
          .slice(-3)
          .reverse()
          .map((e) => e.id),
      );
      const oldest = await publishedBetween(
        w.store,
        '1970-01-01T00:00:00.000Z',
        '9999-12-31T00:00:00.000Z',
        3,
      );
      assert.deepEqual(
        oldest.map((e) => e.id),
        sorted.slice(0, 3).map((e) => e.id),
      );
    } finally {
      await w.close();
    }
  });
});

describe('a configured site: Arabic at the root, canonical to ourselves', () => {
  let w: CrawlWorld;
  let app: FastifyInstance;
  before(async () => {
    w = await crawlWorld();
    await w.crawl();
    app = await buildServer({
      store: w.store,
      log: silentLogger,
      site: {
        editions: [
          { language: 'ar', prefix: '/', name: 'أخبار', sources: ['al-akhbar', 'al-youm'] },
          { language: 'fr', prefix: '/fr', name: 'Nouvelles', sources: 'all' },
        ],
        timezone: 'Africa/Casablanca',
        baseUrl: BASE,
        canonical: 'self',
      },
    });
  });
  after(async () => {
    await app?.close();
    await w?.close();
  });

  test('the root edition serves / and its articles without a prefix', async () => {
    const home = await app.inject('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<html lang="ar" dir="rtl">/);
    const doc = parseHtml(home.body);
    const links = [...doc.querySelectorAll('.ticker a')].map((a) => a.getAttribute('href') ?? '');
    assert.ok(links.length > 0);
    for (const l of links) assert.match(l, /^\/(al-akhbar|al-youm)\/\d+$/);
    const article = await app.inject(links[0]!);
    assert.equal(article.statusCode, 200);
    assert.equal(
      parseHtml(article.body).querySelector('link[rel=canonical]')?.getAttribute('href'),
      `${BASE}${links[0]}`,
    );
    // A source the edition does not list is not found there.
    const rows = await articleRows(w.store, 'sawt-al-maghrib');
    assert.equal((await app.inject(`/sawt-al-maghrib/${rows[0]!.id}`)).statusCode, 404);
    assert.equal((await app.inject('/fr/')).statusCode, 200);
    assert.equal((await app.inject('/rss.xml')).statusCode, 200);
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    const missing = await app.inject('/no-such-source');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /dir="rtl"/);
  });
});
