// Search in a real browser with JavaScript off: the header's form of any
// page leads to the results, the page's own form changes the order, the
// pager goes on, and the Arabic edition searches right to left.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { openDatabase, Store } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { defaultSiteConfig } from '../../src/web/site-config.ts';
import { CORPUS, DOSSIERS, loadCorpus } from './corpus.ts';
import { CHROMIUM, SKIP_BROWSER } from '../browser.ts';

const SKIP = SKIP_BROWSER;
const RESULTS = new URL('../../test-results/', import.meta.url);

describe('search in Chromium, without JavaScript', { skip: SKIP }, () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    if (SKIP) return;
    dir = mkdtempSync(join(tmpdir(), 'kiosque-search-e2e-'));
    store = new Store(await openDatabase(`sqlite:${join(dir, 'kiosque.db')}`));
    await loadCorpus(store, [...CORPUS, ...DOSSIERS]);
    app = await buildServer({ store, log: silentLogger, site: defaultSiteConfig({}) });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    mkdirSync(RESULTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('header form → results with highlights → sort by date → next page; then in Arabic', async () => {
    await page.goto(`${base}/fr/`);
    await page.fill('header form[role=search] input[name=q]', 'economie');
    await Promise.all([
      page.waitForURL(/\/fr\/recherche\?q=economie$/),
      page.press('header input[name=q]', 'Enter'),
    ]);
    const first = page.locator('ol.search-results > li');
    assert.equal(await first.count(), 20);
    assert.match(await first.first().locator('h2 mark').first().innerText(), /conomi/i);
    await page.screenshot({ path: new URL('search-fr.png', RESULTS).pathname, fullPage: false });

    await page.selectOption('.search-page-form select[name=tri]', 'date');
    await Promise.all([page.waitForURL(/tri=date/), page.click('.search-page-form button[type=submit]')]);
    const dated = await page
      .locator('ol.search-results time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    assert.deepEqual(dated, [...dated].sort().reverse(), 'newest first');

    await Promise.all([page.waitForURL(/avant=/), page.click('nav.pager a[rel=next]')]);
    assert.equal(await page.locator('ol.search-results > li').count(), 9);

    await page.goto(`${base}/ar/`);
    await page.fill('header input[name=q]', 'الحكومة');
    await Promise.all([page.waitForURL(/\/ar\/recherche\?q=/), page.press('header input[name=q]', 'Enter')]);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.locator('ol.search-results > li').count(), 2);
    assert.ok((await page.locator('.snippet mark').count()) >= 1);
    await page.screenshot({ path: new URL('search-ar.png', RESULTS).pathname, fullPage: false });
  });
});
