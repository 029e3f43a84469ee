// The reader's site in a real browser (Debian's Chromium, driven by
// playwright-core), on a store filled by a real crawl of the fixture press
// server: home, a ticker headline, the article page's parts, then the
// Arabic edition, right to left. Screenshots go to test-results/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { CHROMIUM, SKIP_BROWSER } from '../browser.ts';

const SKIP = SKIP_BROWSER;
const RESULTS = new URL('../../test-results/', import.meta.url);

describe('the site in Chromium', { skip: SKIP }, () => {
  let w: CrawlWorld;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];

  before(async () => {
    if (SKIP) return;
    w = await crawlWorld();
    await w.crawl();
    app = await buildServer({
      store: w.store,
      log: silentLogger,
      images: { cacheDir: `${w.dir}/image-cache`, client: w.client },
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
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
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Only our own origin: anything else is recorded and refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    mkdirSync(RESULTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await w?.close();
  });

  test('home, a ticker headline, the article page, then the Arabic edition right to left', async () => {
    // What the proxy answered Chromium's own image requests (its Accept, not fetch()'s).
    const imageTypes = new Map<string, string>();
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/img/'))
        imageTypes.set(url.pathname + url.search, r.headers()['content-type'] ?? '');
    });
    await page.goto(`${base}/`);
    assert.match(page.url(), /\/fr\/$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    const headline = page.locator('.ticker a').first();
    const title = (await headline.innerText()).trim();
    assert.ok(title.length > 5);
    await page.screenshot({ path: new URL('home-fr.png', RESULTS).pathname, fullPage: false });

    await Promise.all([page.waitForURL(/\/fr\/[a-z0-9-]+\/\d+$/), headline.click()]);
    assert.equal((await page.locator('h1').first().innerText()).trim(), title);
    const body = await page.locator('main').innerText();
    assert.match(body, /Publié dans .+ le \d\d - \d\d - \d{4}/);
    assert.match(body, /Cliquez ici pour lire l'article depuis sa source/);
    const original = page.locator('a', { hasText: "Cliquez ici pour lire l'article depuis sa source" });
    assert.match((await original.getAttribute('href')) ?? '', /^http:\/\/127\.0\.0\.1:\d+\//);
    const images = page.locator('main img');
    const count = await images.count();
    assert.ok(count >= 1, 'the article shows its images');
    for (let i = 0; i < count; i++) {
      const img = images.nth(i);
      assert.match((await img.getAttribute('src')) ?? '', /^\/img\/\d+\?w=\d+$/);
      assert.match((await img.getAttribute('srcset')) ?? '', /^\/img\/\d+\?w=320 320w, /);
      assert.match((await img.getAttribute('width')) ?? '', /^\d+$/);
      assert.match((await img.getAttribute('height')) ?? '', /^\d+$/);
      // Chromium took one of the resized copies, as AVIF, no wider than it shows it.
      await img.scrollIntoViewIfNeeded();
      const shown = await img.evaluate(
        (el: HTMLImageElement) =>
          new Promise<{ src: string; natural: number }>((resolve) => {
            if (el.complete && el.naturalWidth > 0) resolve({ src: el.currentSrc, natural: el.naturalWidth });
            else
              el.addEventListener('load', () => resolve({ src: el.currentSrc, natural: el.naturalWidth }), {
                once: true,
              });
          }),
      );
      assert.match(shown.src, /\/img\/\d+\?w=(320|640|960|1280)$/);
      assert.ok(shown.natural <= Number(/w=(\d+)/.exec(shown.src)?.[1]), JSON.stringify(shown));
      assert.equal(imageTypes.get(new URL(shown.src).pathname + new URL(shown.src).search), 'image/avif');
    }
    // Every picture had its box before its bytes: nothing moved as they came in.
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries() as Array<PerformanceEntry & { value: number }>)
              total += e.value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 200);
        }),
    );
    assert.ok(shift < 0.01, `cumulative layout shift ${shift}`);
    assert.equal(await page.locator('form.report-image').count(), count);
    await page.screenshot({ path: new URL('article-fr.png', RESULTS).pathname, fullPage: true });

    // The language switch in the header.
    await Promise.all([page.waitForURL(/\/ar\/$/), page.locator('a[hreflang="ar"]').first().click()]);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    const direction = await page.evaluate(() => getComputedStyle(document.body).direction);
    assert.equal(direction, 'rtl');
    await page.screenshot({ path: new URL('home-ar.png', RESULTS).pathname, fullPage: false });
    const arHeadline = page.locator('.ticker a').first();
    await Promise.all([page.waitForURL(/\/ar\/[a-z0-9-]+\/\d+$/), arHeadline.click()]);
    assert.match(await page.locator('main').innerText(), /نشر في .+ يوم \d\d - \d\d - \d{4}/);
    await page.screenshot({ path: new URL('article-ar.png', RESULTS).pathname, fullPage: true });

    assert.deepEqual(outside, [], 'the site asked another origin');
  });
});
