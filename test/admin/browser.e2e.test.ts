// The console in a real browser (Debian's Chromium, driven by
// playwright-core), over a real crawl: the login form, the takedown form,
// then the article page answering 410 — forms only, no JavaScript needed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { BACKENDS } from '../store/backends.ts';
import { type AdminWorld, adminWorld, OPERATOR, PASSWORD } from './helpers.ts';
import { articleRows } from '../../src/store/index.ts';
import { CHROMIUM, SKIP_BROWSER } from '../browser.ts';

const SKIP = SKIP_BROWSER;

describe('the console in Chromium', { skip: SKIP }, () => {
  let world: AdminWorld;
  let base: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    if (SKIP) return;
    world = await adminWorld(BACKENDS[0]!);
    base = await world.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ javaScriptEnabled: false });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.route('**/*', (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort(),
    );
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  test('log in, take an article down, and its page answers 410', async () => {
    const slug = world.w.server.publications.find((p) => p.language === 'fr')!.slug;
    const article = (await articleRows(world.w.store, slug))[0]!;
    const articleUrl = `${base}/fr/${slug}/${article.id}`;
    assert.equal((await page.goto(articleUrl))?.status(), 200);

    // The console sends a stranger to its login form.
    await page.goto(`${base}/admin/takedowns`);
    assert.match(page.url(), /\/admin\/login\?suite=%2Fadmin%2Ftakedowns$/);
    await page.fill('input[name=name]', OPERATOR);
    await page.fill('input[name=password]', 'a wrong password');
    await page.click('button[type=submit]');
    assert.match(await page.locator('.flash.error').innerText(), /Nom ou mot de passe incorrect/);
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([
      page.waitForURL(`${base}/admin/takedowns`),
      page.click('form.stack button[type=submit]'),
    ]);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'kiosque_admin');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Strict');
    assert.equal(cookie?.path, '/admin');

    await page.fill(
      'form[action="/admin/takedowns/article"] input[name=article]',
      `/fr/${slug}/${article.id}`,
    );
    await page.fill('form[action="/admin/takedowns/article"] textarea[name=reason]', 'Courriel de l’éditeur');
    await Promise.all([
      page.waitForURL(/\/admin\/takedowns\?msg=article-taken-down$/),
      page.click('form[action="/admin/takedowns/article"] button[type=submit]'),
    ]);
    assert.match(await page.locator('.flash').first().innerText(), /Article retiré/);
    assert.match(await page.locator('table.admin').innerText(), /Courriel de l’éditeur/);

    const gone = await page.goto(articleUrl);
    assert.equal(gone?.status(), 410);
    assert.match(await page.locator('main').innerText(), /retiré à la demande de son éditeur/);

    await page.goto(`${base}/admin/audit`);
    assert.match(await page.locator('table.admin').innerText(), /article retiré/);
    // The 401 of the wrong password and the 410 are answers we meant; nothing else failed.
    const unexpected = errors.filter((e) => !/status of (401|410)\b/.test(e));
    assert.deepEqual(unexpected, [], 'no CSP refusals, no missing files');
  });
});
