// The XSS suite in a real browser: every vector, sanitized, goes into one
// page served from loopback to headless Chromium (Debian's package, driven by
// playwright-core). If anything ran, it called window.__xss(id), which records
// the id in the page and beacons /hit/<id> to the server. The page then
// re-parses each container through innerHTML (the mutation-XSS trigger),
// dispatches the events inline handlers wait for, and clicks every link
// (letting non-http links through, so a javascript: URL would run). Two
// control vectors inserted unsanitized must run, or the test proves nothing.
// Every request not to loopback is aborted.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { sanitizeArticleHtml } from '../../src/sanitize/index.ts';
import { CONTROL_VECTORS, xssVectors } from './xss-vectors.ts';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = process.env.KIOSQUE_SKIP_BROWSER_TESTS === '1';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function pageHtml(origin: string): string {
  const vectors = xssVectors().map((v) => {
    const { html } = sanitizeArticleHtml(v.html, `${origin}/2025/03/article.html`);
    return `<div class="vector" id="v-${v.id}">${html}</div>`;
  });
  return `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>kiosque-xss</title>
<style>@keyframes spin { from { opacity: 1 } to { opacity: 0.9 } } .vector * { animation: spin 10ms }</style>
<script>
window.__hits = [];
window.__xss = function (id) {
  window.__hits.push(String(id));
  try { window.__kiosqueHit(String(id)); } catch (e) {}
  try { navigator.sendBeacon('/hit/' + encodeURIComponent(id)); } catch (e) {}
};
window.alert = window.confirm = window.prompt = function () { window.__xss('dialog'); };
</script></head>
<body>
${vectors.join('\n')}
<div id="control">${CONTROL_VECTORS.join('\n')}</div>
</body></html>`;
}

/** Runs in the page: mutation round trip, events, clicks; returns what the browser itself sees. */
function exercise(): { problems: string[]; links: number } {
  const problems: string[] = [];
  const allowed = new Set(
    'P H2 H3 H4 A IMG FIGURE FIGCAPTION BLOCKQUOTE UL OL LI STRONG EM B I BR HR TABLE THEAD TBODY TR TH TD'.split(
      ' ',
    ),
  );
  document.addEventListener(
    'click',
    (e) => {
      const a = (e.target as Element).closest('a');
      // http(s) and mailto links would leave the page: stop them; anything else may run.
      if (a && /^(?:https?|mailto):$/.test(a.protocol)) e.preventDefault();
    },
    true,
  );
  const containers = Array.from(document.querySelectorAll<HTMLElement>('.vector'));
  for (const c of containers) {
    // Serialize and parse again: where mutation XSS would come alive.
    const serialized = c.innerHTML;
    c.innerHTML = serialized;
  }
  let links = 0;
  for (const c of containers) {
    for (const el of Array.from(c.querySelectorAll<HTMLElement>('*'))) {
      if (!allowed.has(el.tagName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
        problems.push(`${c.id}: <${el.tagName}>`);
      }
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) problems.push(`${c.id}: ${el.tagName} ${attr.name}`);
      }
      if (el instanceof HTMLAnchorElement && !/^(?:https?|mailto):$/.test(el.protocol)) {
        problems.push(`${c.id}: link to ${el.protocol}`);
      }
      if (el instanceof HTMLImageElement && !/^https?:/.test(el.src)) {
        problems.push(`${c.id}: image from ${el.src}`);
      }
      for (const type of ['mouseover', 'mouseenter', 'pointerenter', 'focus', 'blur', 'animationstart']) {
        el.dispatchEvent(new Event(type, { bubbles: true }));
      }
      el.focus();
      if (el instanceof HTMLAnchorElement) {
        links++;
        el.click();
      }
    }
  }
  document.getElementById('control-link')?.click();
  return { problems, links };
}

describe('sanitized XSS vectors in headless Chromium', () => {
  if (SKIP) {
    test('browser XSS test', {
      skip: 'KIOSQUE_SKIP_BROWSER_TESTS=1: headless Chromium tests skipped',
    }, () => {});
    return;
  }
  if (!existsSync(CHROMIUM)) {
    test('browser XSS test', () => {
      assert.fail(
        `${CHROMIUM} is missing: install Debian's Chromium with "apt-get update && apt-get install -y chromium", ` +
          'or set KIOSQUE_SKIP_BROWSER_TESTS=1 to skip the browser tests',
      );
    });
    return;
  }

  let server: Server;
  let origin = '';
  let browser: Browser;
  const serverHits: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(pageHtml(origin));
        return;
      }
      if (path.startsWith('/hit/')) serverHits.push(path.slice(5));
      res.writeHead(path.startsWith('/hit/') ? 204 : 404);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('no sanitized vector runs, the unsanitized controls do', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    const events: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' && url.port === new URL(origin).port) return route.continue();
      blocked.push(url.href);
      return route.abort();
    });
    // Recorded on this side too, so a vector that navigates the page away cannot erase its trace.
    const pageHits: string[] = [];
    await page.exposeFunction('__kiosqueHit', (id: string) => {
      pageHits.push(id);
    });
    page.on('dialog', (d) => {
      events.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('popup', (p) => events.push(`popup: ${p.url()}`));
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame() && f.url() !== `${origin}/`) events.push(`navigated to ${f.url()}`);
    });
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    const { problems, links } = await page.evaluate(exercise);
    // Handlers and beacons land asynchronously: wait for the controls, then a little more.
    for (let waited = 0; waited < 5_000; waited += 50) {
      if (pageHits.includes('control-img') && pageHits.includes('control-link')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page.waitForTimeout(300);
    const title = await page.title();
    await page.close();

    // The controls ran: the page can catch an execution, so silence below means something.
    assert.ok(pageHits.includes('control-img'), `control image did not run: ${pageHits}`);
    assert.ok(pageHits.includes('control-link'), `control link did not run: ${pageHits}`);
    assert.ok(serverHits.includes('control-img'), 'the beacon reached the loopback server');

    const ran = pageHits.filter((h) => !h.startsWith('control'));
    const ranOnServer = serverHits.filter((h) => !h.startsWith('control'));
    const names = new Map(xssVectors().map((v) => [String(v.id), v.name]));
    assert.deepEqual(
      ran.map((id) => `#${id} ${names.get(id) ?? ''}`),
      [],
      'sanitized vectors that ran',
    );
    assert.deepEqual(ranOnServer, [], 'sanitized vectors that reached the server');
    assert.deepEqual(problems, [], 'what the browser sees in the sanitized containers');
    assert.deepEqual(events, [], 'dialogs, popups or navigations');
    assert.equal(title, 'kiosque-xss');
    assert.ok(links > 5, `links were clicked (${links})`);
    // Nothing left loopback: the sanitized URLs point at the loopback origin or were dropped.
    assert.deepEqual(
      blocked.filter((u) => !u.startsWith('https://ok.example/')),
      [],
    );
  });
});
