// Image reports in a real browser (Debian's Chromium through playwright-core),
// on a store filled by a real crawl of the fixture press server. Readers are
// told apart by their network address, so each browser context goes through
// a tiny loopback proxy of its own:
//
// - either one that connects to the server from its own loopback address
//   (Linux lets a socket bind any 127.x: 127.0.0.11, .12, .13, ...), the
//   server trusting no proxy;
// - or one that adds X-Forwarded-For, the server started with that proxy in
//   its trusted list (KIOSQUE_TRUST_PROXY).
//
// Chromium sends loopback straight to the server unless the bypass list
// says `<-loopback>`. The server reads the site version and the image
// status on every request (versionCheckMs and statusTtlMs 0) and pages go
// out with max-age=0, so what the test sees after a block needs no waiting
// (by default a block reaches the pages of every process within a second
// or two, and a browser that holds a page within KIOSQUE_PAGE_MAX_AGE_S).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { TrustedProxies } from '../../src/moderation/index.ts';
import { isImageBlocked, dbOf } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { defaultSiteConfig } from '../../src/web/site-config.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { CHROMIUM, SKIP_BROWSER } from '../browser.ts';

const SKIP = SKIP_BROWSER;
const RESULTS = new URL('../../test-results/', import.meta.url);
const FR_THANKS =
  "Merci d'avoir signalé! Cette image sera automatiquement bloquée après qu'elle soit signalée par plusieurs personnes.";
/** The proxy's placeholder is a 160×90 PNG; the press server's images are larger. */
const PLACEHOLDER_WIDTH = 160;

interface Proxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A forward proxy for plain HTTP that only reaches 127.0.0.1: from
 * `localAddress` when given, adding `forwardedFor` to X-Forwarded-For when
 * given (as a real proxy appends its peer).
 */
async function startProxy(o: { localAddress?: string; forwardedFor?: string }): Promise<Proxy> {
  const server: Server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URL expected');
      return;
    }
    if (target.hostname !== '127.0.0.1' || target.protocol !== 'http:') {
      res.writeHead(403).end('this test proxy reaches 127.0.0.1 only');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    if (o.forwardedFor) {
      const before = headers['x-forwarded-for'];
      headers['x-forwarded-for'] = before ? `${before}, ${o.forwardedFor}` : o.forwardedFor;
    }
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: target.pathname + target.search,
        headers,
        ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('image reports in Chromium', { skip: SKIP }, () => {
  let w: CrawlWorld;
  let cacheDir: string;
  let browser: Browser;
  const servers: FastifyInstance[] = [];
  const proxies: Proxy[] = [];
  const contexts: BrowserContext[] = [];
  /** Lead images and the article pages showing them, French edition, not used by any test yet. */
  let pool: Array<{ imageId: number; url: string; articleId: number; path: string }> = [];

  async function startServer(trustProxy: string | null): Promise<string> {
    const app = await buildServer({
      store: w.store,
      log: silentLogger,
      images: { cacheDir, client: w.client, statusTtlMs: 0 },
      // Pages revalidated by the browser on every visit (by default it may keep one KIOSQUE_PAGE_MAX_AGE_S, 60 s).
      pageCache: { versionCheckMs: 0, maxAgeS: 0 },
      site: defaultSiteConfig({}),
      reports: {
        threshold: 3,
        trustProxy: trustProxy ? TrustedProxies.parse(trustProxy) : null,
        limits: { perReader: 20, perAddress: 50, windowS: 600 },
      },
    });
    servers.push(app);
    return app.listen({ port: 0, host: '127.0.0.1' });
  }

  async function readerThrough(o: { localAddress?: string; forwardedFor?: string }, javaScript = true) {
    const proxy = await startProxy(o);
    proxies.push(proxy);
    const context = await browser.newContext({
      proxy: { server: proxy.url, bypass: '<-loopback>' },
      javaScriptEnabled: javaScript,
      viewport: { width: 1100, height: 900 },
    });
    contexts.push(context);
    return context.newPage();
  }

  /** An image shown by two articles (the second made to use it too), with both pages. */
  async function imageOnTwoPages() {
    const [first, second] = pool.splice(0, 2);
    assert.ok(first && second, 'two unused articles with images');
    await dbOf(w.store)
      .insertInto('article_images')
      .values({
        article_id: second.articleId,
        image_id: first.imageId,
        position: 90,
        found_in: 'test',
        caption: null,
      })
      .execute();
    await dbOf(w.store)
      .updateTable('articles')
      .set({ lead_image_url: first.url })
      .where('id', '=', second.articleId)
      .execute();
    return { imageId: first.imageId, pages: [first.path, second.path] };
  }

  async function report(page: Page, imageId: number): Promise<string> {
    const form = page.locator(`form[action="/api/v1/images/${imageId}/report"]`).first();
    await form.locator('button').click();
    const message = form.locator('.report-message');
    await message.waitFor();
    return (await message.innerText()).trim();
  }

  /** The width of the picture the browser actually shows for this image on the page. */
  async function shownWidth(page: Page, imageId: number): Promise<number> {
    const img = page.locator(`main img[src^="/img/${imageId}"]`).first();
    await img.scrollIntoViewIfNeeded();
    return img.evaluate(
      (el: HTMLImageElement) =>
        new Promise<number>((resolve) => {
          // Loaded, and what is shown is what the element now asks for (its src once a block took its srcset away).
          if (el.complete && el.naturalWidth > 0 && (el.srcset || el.currentSrc === el.src))
            resolve(el.naturalWidth);
          else el.addEventListener('load', () => resolve(el.naturalWidth), { once: true });
        }),
    );
  }

  const reportCount = async (imageId: number) =>
    Number(
      (
        await dbOf(w.store)
          .selectFrom('image_reports')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('image_id', '=', imageId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    if (SKIP) return;
    w = await crawlWorld();
    await w.crawl();
    cacheDir = mkdtempSync(join(tmpdir(), 'kiosque-report-e2e-'));
    const rows = await dbOf(w.store)
      .selectFrom('article_images')
      .innerJoin('articles', 'articles.id', 'article_images.article_id')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .innerJoin('images', 'images.id', 'article_images.image_id')
      .select(['images.id as image_id', 'images.url', 'articles.id as article_id', 'sources.slug'])
      .whereRef('images.url', '=', 'articles.lead_image_url')
      .where('sources.language', '=', 'fr')
      .orderBy('articles.id')
      .execute();
    const seen = new Set<number>();
    for (const r of rows) {
      if (seen.has(Number(r.image_id))) continue;
      seen.add(Number(r.image_id));
      pool.push({
        imageId: Number(r.image_id),
        url: r.url,
        articleId: Number(r.article_id),
        path: `/fr/${r.slug}/${r.article_id}`,
      });
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    mkdirSync(RESULTS, { recursive: true });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    for (const p of proxies) await p.close();
    for (const s of servers) await s.close();
    await w?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    pool = [];
  });

  test('three readers at 127.0.0.11–13 block an image on every page that shows it; each stays on the page', async () => {
    const base = await startServer(null);
    const { imageId, pages } = await imageOnTwoPages();
    const readers = await Promise.all(
      ['127.0.0.11', '127.0.0.12', '127.0.0.13'].map((localAddress) => readerThrough({ localAddress })),
    );
    for (const [i, page] of readers.entries()) {
      const path = pages[i % 2] as string;
      await page.goto(`${base}${path}`);
      assert.ok((await shownWidth(page, imageId)) > PLACEHOLDER_WIDTH, 'the picture itself before the block');
      assert.equal(await report(page, imageId), FR_THANKS);
      assert.equal(new URL(page.url()).pathname, path, 'the reader stays where they are');
      assert.equal(
        await isImageBlocked(w.store, imageId),
        i === 2,
        `blocked after the third reader only (${i + 1})`,
      );
    }
    // The third reader's page swaps the picture at once.
    assert.equal(await shownWidth(readers[2] as Page, imageId), PLACEHOLDER_WIDTH);
    await (readers[2] as Page).screenshot({ path: new URL('report-blocked-fr.png', RESULTS).pathname });
    // Every reader, on every page that shows it, now sees the placeholder (their cached copy is not used).
    for (const page of readers) {
      for (const path of pages) {
        await page.goto(`${base}${path}`);
        assert.equal(await page.locator(`main img[src^="/img/${imageId}?w="]`).count(), 0, path);
        assert.equal(await shownWidth(page, imageId), PLACEHOLDER_WIDTH, `${path}: the placeholder`);
        assert.equal(await page.locator(`form[action="/api/v1/images/${imageId}/report"]`).count(), 0);
      }
    }
    assert.equal(await reportCount(imageId), 3);
  });

  test('one reader reporting ten times blocks nothing', async () => {
    const base = await startServer(null);
    const { imageId, pages } = await imageOnTwoPages();
    const page = await readerThrough({ localAddress: '127.0.0.14' });
    for (let i = 0; i < 10; i++) {
      await page.goto(`${base}${pages[i % 2]}`);
      assert.equal(await report(page, imageId), FR_THANKS);
    }
    assert.equal(await reportCount(imageId), 1);
    assert.equal(await isImageBlocked(w.store, imageId), false);
    assert.ok((await shownWidth(page, imageId)) > PLACEHOLDER_WIDTH);
  });

  test('one address clearing its cookies between reports blocks nothing', async () => {
    const base = await startServer(null);
    const { imageId, pages } = await imageOnTwoPages();
    const page = await readerThrough({ localAddress: '127.0.0.15' });
    for (let i = 0; i < 4; i++) {
      await page.context().clearCookies();
      await page.goto(`${base}${pages[0]}`);
      assert.equal(await report(page, imageId), FR_THANKS);
      const cookies = (await page.context().cookies()).filter((c) => c.name === 'kiosque_reader');
      assert.equal(cookies.length, 1, 'a new cookie each time');
      assert.ok(cookies.every((c) => c.httpOnly && c.sameSite === 'Lax' && c.path === '/api/v1/images'));
    }
    assert.equal(await reportCount(imageId), 1);
    assert.equal(await isImageBlocked(w.store, imageId), false);
  });

  test('without JavaScript the form posts, answers a page with the message, and links back', async () => {
    const base = await startServer(null);
    const { imageId, pages } = await imageOnTwoPages();
    const page = await readerThrough({ localAddress: '127.0.0.16' }, false);
    await page.goto(`${base}${pages[0]}`);
    await Promise.all([
      page.waitForURL(`${base}/api/v1/images/${imageId}/report`),
      page.locator(`form[action="/api/v1/images/${imageId}/report"] button`).first().click(),
    ]);
    assert.equal((await page.locator('.report-answer').innerText()).trim(), FR_THANKS);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page.screenshot({ path: new URL('report-answer-nojs-fr.png', RESULTS).pathname });
    await Promise.all([page.waitForURL(`${base}${pages[0]}`), page.locator('main a').last().click()]);
    assert.equal(await reportCount(imageId), 1);
  });

  test('behind a trusted proxy, three forwarded addresses are three readers', async () => {
    const base = await startServer('127.0.0.1');
    const { imageId, pages } = await imageOnTwoPages();
    const readers = await Promise.all(
      ['203.0.113.31', '203.0.113.32', '203.0.113.33'].map((forwardedFor) => readerThrough({ forwardedFor })),
    );
    for (const [i, page] of readers.entries()) {
      await page.goto(`${base}${pages[i % 2]}`);
      assert.equal(await report(page, imageId), FR_THANKS);
    }
    assert.ok(await isImageBlocked(w.store, imageId));
    for (const path of pages) {
      await (readers[0] as Page).goto(`${base}${path}`);
      assert.equal(await shownWidth(readers[0] as Page, imageId), PLACEHOLDER_WIDTH, path);
    }
  });
});
