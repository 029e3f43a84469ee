// The fixture press server: formats, charsets, conditional GET, every
// fault, the load feeds and the sources file. Only loopback is contacted.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
import iconv from 'iconv-lite';
import { parse as parseYaml } from 'yaml';
import {
  type PressServer,
  type Publication,
  startPressServer,
  WRONG_FEED_PATH,
} from '../fixtures/press-server/index.ts';

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** ms from the request to the response headers, and to the end of the body. */
  headersMs: number;
  totalMs: number;
}

/** A plain GET with no connection pool (agent: false) and no decompression: the raw bytes. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method, headers, agent: false }, (res) => {
      const headersMs = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          headersMs,
          totalMs: performance.now() - started,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Well-formedness, roughly: every element closed explicitly and in order (htmlparser2 in XML mode). */
function assertWellFormedXml(xml: string, label: string): void {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onclosetag(name, isImplied) {
        // Implied closes are also reported for <x/>: those end with '/>' where the parser stands.
        if (isImplied && xml[parser.endIndex - 1] !== '/') problems.push(`<${name}> not closed`);
      },
      onerror(error) {
        problems.push(error.message);
      },
    },
    { xmlMode: true },
  );
  parser.write(xml);
  parser.end();
  assert.deepEqual(problems.slice(0, 5), [], `${label} is not well-formed`);
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function pub(server: PressServer, slug: string): Publication {
  const found = server.publications.find((p) => p.slug === slug);
  assert.ok(found, `no publication ${slug}`);
  return found;
}

function feedUrl(server: PressServer, slug: string, index = 0): string {
  return pub(server, slug).feeds[index]!.url;
}

describe('press server: lifecycle', () => {
  test('starts on port-0 listeners and closes without leaking handles', async () => {
    const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const before = servers();
    // Two at once: no fixed port means no collision.
    const [a, b] = await Promise.all([startPressServer(), startPressServer()]);
    assert.equal(servers(), before + 14); // 2 × (6 origins + the forbidden recorder)
    const origins = [...a.publications, ...b.publications].map((p) => p.origin);
    assert.equal(new Set(origins).size, 12, 'each publication has its own origin');
    assert.match(a.forbiddenOrigin, /^http:\/\/127\.0\.0\.2:\d+$/);
    assert.deepEqual(a.allowHosts, ['127.0.0.1']);
    // A request in flight on a slow fault must not keep the process alive after close().
    a.setFault('le-quotidien', { kind: 'slow', ms: 60_000 });
    const pending = get(feedUrl(a, 'le-quotidien')).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all([a.close(), b.close()]);
    assert.ok((await pending) instanceof Error, 'the stalled request was cut by close()');
    // libuv frees closed handles on a later turn of the loop.
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(servers(), before);
    const leftovers = process
      .getActiveResourcesInfo()
      .filter((r) => r === 'TCPSocketWrap' || r === 'Timeout');
    assert.deepEqual(leftovers, []);
  });
});

describe('press server: built-in publications', () => {
  let server: PressServer;
  before(async () => {
    server = await startPressServer();
  });
  after(() => server.close());

  test('three French and three Arabic publications covering rss, atom, rdf and json', () => {
    assert.equal(server.publications.length, 6);
    assert.equal(server.publications.filter((p) => p.language === 'fr').length, 3);
    assert.equal(server.publications.filter((p) => p.language === 'ar').length, 3);
    const formats = new Set(server.publications.flatMap((p) => p.feeds.map((f) => f.format)));
    assert.deepEqual([...formats].sort(), ['atom', 'json', 'rdf', 'rss']);
    for (const p of server.publications) {
      for (const f of p.feeds) {
        const n = p.entries(f.url).length;
        assert.ok(n >= 10 && n <= 20, `${f.url} has ${n} entries`);
      }
    }
  });

  test('each feed is well-formed and lists exactly its entries', async () => {
    for (const p of server.publications) {
      const legacy =
        p.slug === 'rabat-soir' ? 'windows-1252' : p.slug === 'sawt-al-maghrib' ? 'windows-1256' : null;
      for (const f of p.feeds) {
        const res = await get(f.url);
        assert.equal(res.status, 200, f.url);
        const text = legacy ? iconv.decode(res.body, legacy) : res.body.toString('utf8');
        const entries = p.entries(f.url);
        if (f.format === 'json') {
          const doc = JSON.parse(text) as {
            version: string;
            items: Array<{ id: string; url: string; title: string }>;
          };
          assert.equal(doc.version, 'https://jsonfeed.org/version/1.1');
          assert.deepEqual(
            doc.items.map((i) => [i.id, i.url, i.title]),
            entries.map((e) => [e.guid, e.url, e.title]),
          );
          assert.match(String(res.headers['content-type']), /^application\/feed\+json/);
          continue;
        }
        assertWellFormedXml(text, f.url);
        const itemTag = { rss: '<item>', atom: '<entry>', rdf: '<item rdf:about=', 'news-sitemap': '<url>' }[
          f.format
        ];
        assert.equal(count(text, itemTag), entries.length, `${f.url}: items`);
        if (f.format === 'rss') assert.match(text, /<rss version="2\.0"/);
        if (f.format === 'atom') assert.match(text, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
        if (f.format === 'rdf') assert.match(text, /<rdf:RDF xmlns:rdf=/);
        for (const e of entries) {
          const title =
            f.format === 'news-sitemap'
              ? `<news:title><![CDATA[${e.title}]]></news:title>`
              : `<title${f.format === 'atom' ? ' type="text"' : ''}>${xmlEscape(e.title)}</title>`;
          assert.ok(text.includes(title), e.title);
          assert.ok(text.includes(xmlEscape(e.url)), e.url);
          if (e.guid) assert.ok(text.includes(xmlEscape(e.guid)), e.guid);
          const age = Date.now() - Date.parse(e.publishedAt);
          assert.ok(age >= 0 && age < 5 * 86_400_000, `${e.publishedAt} is within the last few days`);
        }
      }
    }
  });

  test('RSS extras: content:encoded, media:content, enclosures, categories, tashkeel', async () => {
    const quotidien = (await get(feedUrl(server, 'le-quotidien'))).body.toString('utf8');
    assert.match(quotidien, /<content:encoded><!\[CDATA\[<p><img src="\/images\//);
    assert.match(
      quotidien,
      /<media:content url="http:\/\/127\.0\.0\.1:\d+\/images\/[^"]+\.jpg" medium="image"/,
    );
    assert.match(quotidien, /<guid isPermaLink="false">le-quotidien-0-\d+<\/guid>/);
    const akhbar = (await get(feedUrl(server, 'al-akhbar'))).body.toString('utf8');
    assert.match(akhbar, /<enclosure url="[^"]+\.jpg" length="0" type="image\/jpeg"\/>/);
    assert.match(akhbar, /<category>وطني<\/category>/);
    assert.match(akhbar, /[\u064B-\u0652]/, 'Arabic diacritics (tashkeel)');
    assert.match(akhbar, /<guid isPermaLink="true">http:\/\/127\.0\.0\.1:\d+\/\d{4}\/\d{2}\/%D8/);
    const sawt = iconv.decode((await get(feedUrl(server, 'sawt-al-maghrib'))).body, 'windows-1256');
    assert.doesNotMatch(sawt, /<guid/, 'sawt-al-maghrib items have no guid');
    for (const e of pub(server, 'sawt-al-maghrib').entries(feedUrl(server, 'sawt-al-maghrib'))) {
      assert.equal(e.guid, null);
    }
  });

  test('dates: RFC 822 with +0100, some without a zone, one with a French month name', async () => {
    const texts = await Promise.all(
      server.publications.flatMap((p) =>
        p.feeds.map(async (f) => iconv.decode((await get(f.url)).body, 'latin1')),
      ),
    );
    const pubDates = texts.flatMap((t) => [...t.matchAll(/<pubDate>([^<]+)<\/pubDate>/g)].map((m) => m[1]!));
    assert.ok(pubDates.some((d) => /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0100$/.test(d)));
    assert.ok(
      pubDates.some((d) => /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2}$/.test(d)),
      'a date with no zone',
    );
    // Decoded as latin1 here, so é (0xE9 in windows-1252) reads the same.
    const french = pubDates.filter((d) =>
      /(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)/.test(d),
    );
    assert.equal(french.length, 1, `one French date: ${french.join(' | ')}`);
  });

  test('charsets: windows-1252 bytes behind iso-8859-1, windows-1256 named only in the XML declaration', async () => {
    const soir = await get(feedUrl(server, 'rabat-soir'));
    assert.equal(soir.headers['content-type'], 'application/rss+xml; charset=iso-8859-1');
    assert.match(soir.body.subarray(0, 60).toString('latin1'), /encoding="ISO-8859-1"/);
    for (const [ch, byte] of [
      ['’', 0x92],
      ['œ', 0x9c],
      ['€', 0x80],
      ['…', 0x85],
    ] as const) {
      assert.ok(soir.body.includes(byte), `${ch} as 0x${byte.toString(16)}`);
    }
    assert.ok(!soir.body.includes(Buffer.from('’', 'utf8')), 'no UTF-8 sequences');
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(soir.body));
    const title = pub(server, 'rabat-soir').entries(feedUrl(server, 'rabat-soir'))[0]!.title;
    assert.ok(iconv.decode(soir.body, 'windows-1252').includes(xmlEscape(title)));

    const sawt = await get(feedUrl(server, 'sawt-al-maghrib'));
    assert.equal(sawt.headers['content-type'], 'application/rss+xml', 'no charset in the header');
    assert.match(sawt.body.subarray(0, 60).toString('latin1'), /encoding="windows-1256"/);
    assert.ok(sawt.body.includes(0xc7), 'ا is 0xC7 in windows-1256');
    assert.ok(!sawt.body.includes(Buffer.from('ا', 'utf8')));
    const arabic = pub(server, 'sawt-al-maghrib').entries(feedUrl(server, 'sawt-al-maghrib'))[0]!.title;
    assert.ok(iconv.decode(sawt.body, 'windows-1256').includes(arabic));

    const akhbar = await get(feedUrl(server, 'al-akhbar'));
    assert.equal(akhbar.headers['content-type'], 'application/rss+xml; charset=utf-8');
    assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(akhbar.body));
  });

  test('conditional GET: strong ETag and Last-Modified answer 304 with no body', async () => {
    const url = feedUrl(server, 'le-quotidien');
    const first = await get(url);
    const etag = String(first.headers['etag']);
    const lastModified = String(first.headers['last-modified']);
    assert.match(etag, /^"[0-9a-f]+"$/);
    assert.ok(!Number.isNaN(Date.parse(lastModified)));
    const byEtag = await get(url, { 'if-none-match': etag });
    assert.equal(byEtag.status, 304);
    assert.equal(byEtag.body.length, 0);
    assert.equal(byEtag.headers['etag'], etag);
    assert.equal((await get(url, { 'if-modified-since': lastModified })).status, 304);
    assert.equal((await get(url, { 'if-none-match': '"other"' })).status, 200);
    // If-None-Match decides when present, even with a matching date.
    assert.equal(
      (await get(url, { 'if-none-match': '"other"', 'if-modified-since': lastModified })).status,
      200,
    );
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    assert.equal((await get(url, { 'if-modified-since': earlier })).status, 200);
  });

  test('conditional GET: a weak ETag matches only byte for byte', async () => {
    const url = feedUrl(server, 'al-akhbar');
    const etag = String((await get(url)).headers['etag']);
    assert.match(etag, /^W\/"[0-9a-f]+"$/);
    assert.equal((await get(url, { 'if-none-match': etag })).status, 304);
    assert.equal((await get(url, { 'if-none-match': etag.slice(2) })).status, 200);
  });

  test('Last-Modified only, and gzip when asked (l-eco-du-jour)', async () => {
    const url = feedUrl(server, 'l-eco-du-jour');
    const plain = await get(url);
    assert.equal(plain.headers['etag'], undefined);
    assert.equal(plain.headers['content-encoding'], undefined);
    const lastModified = String(plain.headers['last-modified']);
    const notModified = await get(url, { 'if-modified-since': lastModified });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.body.length, 0);
    const zipped = await get(url, { 'accept-encoding': 'br, gzip;q=0.8' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers['vary'], 'Accept-Encoding');
    assert.ok(zipped.body.length < plain.body.length);
    assert.deepEqual(gunzipSync(zipped.body), plain.body);
    assert.equal((await get(url, { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding'], undefined);
  });

  test('homepages advertise the real feeds for discovery', async () => {
    for (const p of server.publications) {
      const html = iconv.decode((await get(p.homepage)).body, 'latin1');
      const hrefs = [...html.matchAll(/<link rel="alternate" type="([^"]+)"[^>]*href="([^"]+)"/g)].map(
        (m) => new URL(m[2]!, p.homepage).href,
      );
      assert.deepEqual(
        hrefs,
        p.feeds.map((f) => f.url),
        p.slug,
      );
    }
  });

  test('robots.txt: le-quotidien disallows /private/', async () => {
    const robots = (await get(`${pub(server, 'le-quotidien').origin}/robots.txt`)).body.toString();
    assert.match(robots, /User-agent: \*\nDisallow: \/private\//);
    const other = (await get(`${pub(server, 'al-youm').origin}/robots.txt`)).body.toString();
    assert.doesNotMatch(other, /Disallow: \/private\//);
    assert.equal((await get(`${pub(server, 'le-quotidien').origin}/private/brouillons.html`)).status, 200);
  });

  test('article pages: article, figure, read-also box, JSON-LD NewsArticle, Open Graph', async () => {
    for (const p of server.publications) {
      const entry = p.entries(p.feeds[0]!.url)[1]!;
      assert.match(new URL(entry.url).pathname, /^\/\d{4}\/\d{2}\/[^/]+\.html$/);
      const res = await get(entry.url);
      assert.equal(res.status, 200, entry.url);
      const charset =
        p.slug === 'rabat-soir' ? 'windows-1252' : p.slug === 'sawt-al-maghrib' ? 'windows-1256' : 'utf-8';
      const html = iconv.decode(res.body, charset);
      assert.match(html, /<article class="post">/);
      assert.ok(count(html, '<p>') >= 6, 'several paragraphs');
      assert.match(html, /<figure class="lead-image"><img src="\/images\/[^"]+\.jpg"/);
      assert.ok(html.includes(p.language === 'fr' ? 'Lire aussi' : 'اقرأ أيضا'));
      assert.match(html, /<nav class="main-nav">/);
      assert.match(html, /class="share-bar"/);
      assert.match(html, /<footer class="site-footer">/);
      assert.ok(html.includes(`<meta property="og:title" content="${xmlEscape(entry.title)}">`));
      const ld = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(html);
      assert.ok(ld, 'JSON-LD');
      const doc = JSON.parse(ld[1]!) as { '@type': string; headline: string; datePublished: string };
      assert.equal(doc['@type'], 'NewsArticle');
      assert.equal(doc.headline, entry.title);
      assert.equal(Date.parse(doc.datePublished), Date.parse(entry.publishedAt));
    }
  });

  test('images are real JPEG and PNG bytes, with a 1×1 tracking pixel', async () => {
    const origin = pub(server, 'le-quotidien').origin;
    const jpeg = await get(`${origin}/images/some-photo.jpg`);
    assert.equal(jpeg.headers['content-type'], 'image/jpeg');
    assert.deepEqual([...jpeg.body.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    assert.deepEqual([...jpeg.body.subarray(-2)], [0xff, 0xd9]);
    const logo = await get(`${origin}/images/logo.png`);
    assert.equal(logo.headers['content-type'], 'image/png');
    assert.equal(logo.body.subarray(1, 4).toString('latin1'), 'PNG');
    const pixel = await get(`${origin}/images/pixel.png?a=1`);
    assert.equal(pixel.body.readUInt32BE(16), 1, 'width 1');
    assert.equal(pixel.body.readUInt32BE(20), 1, 'height 1');
    assert.equal((await get(`${origin}/images/nothing.gif`)).status, 404);
  });

  test('requests are recorded with origin, method, path, headers and timings', async () => {
    const p = pub(server, 'al-youm');
    const from = server.requests.length;
    await get(
      `${p.origin}/robots.txt?x=1`,
      { 'user-agent': 'Kiosque-test/1 (+http://example.invalid/)' },
      'HEAD',
    );
    const rec = server.requests[from]!;
    assert.equal(rec.origin, p.origin);
    assert.equal(rec.method, 'HEAD');
    assert.equal(rec.path, '/robots.txt?x=1');
    assert.equal(rec.headers['user-agent'], 'Kiosque-test/1 (+http://example.invalid/)');
    assert.ok(Math.abs(rec.startedAt - Date.now()) < 5000);
    await new Promise((r) => setTimeout(r, 5));
    assert.ok(rec.endedAt !== null && rec.endedAt >= rec.startedAt);
  });
});

describe('press server: publish, edit, reset', () => {
  let server: PressServer;
  before(async () => {
    server = await startPressServer();
  });
  after(() => server.close());

  test('publish adds entries at the top and changes ETag and Last-Modified', async () => {
    const url = feedUrl(server, 'le-quotidien');
    const before = await get(url);
    const entries = pub(server, 'le-quotidien').entries(url);
    server.publish('le-quotidien', 2);
    const afterEntries = pub(server, 'le-quotidien').entries(url);
    assert.equal(afterEntries.length, entries.length + 2);
    assert.deepEqual(afterEntries.slice(2), entries);
    assert.ok(Date.parse(afterEntries[0]!.publishedAt) >= Date.parse(entries[0]!.publishedAt));
    const res = await get(url, { 'if-none-match': String(before.headers['etag']) });
    assert.equal(res.status, 200);
    assert.notEqual(res.headers['etag'], before.headers['etag']);
    assert.ok(
      Date.parse(String(res.headers['last-modified'])) > Date.parse(String(before.headers['last-modified'])),
    );
    assert.equal(
      (await get(url, { 'if-modified-since': String(before.headers['last-modified']) })).status,
      200,
    );
    assert.ok(res.body.toString().includes(xmlEscape(afterEntries[0]!.title)));
    // Both feeds of the publication got the new entries, and their pages exist.
    assert.equal(pub(server, 'le-quotidien').entries(feedUrl(server, 'le-quotidien', 1)).length, 12);
    assert.equal((await get(afterEntries[0]!.url)).status, 200);
  });

  test('edit changes the title and body, keeping guid and link', async () => {
    const url = feedUrl(server, 'al-akhbar');
    const before = pub(server, 'al-akhbar').entries(url)[3]!;
    const etag = String((await get(url)).headers['etag']);
    server.edit('al-akhbar', 3);
    const after = pub(server, 'al-akhbar').entries(url)[3]!;
    assert.equal(after.guid, before.guid);
    assert.equal(after.url, before.url);
    assert.notEqual(after.title, before.title);
    assert.equal((await get(url, { 'if-none-match': etag })).status, 200);
    const page = (await get(after.url)).body.toString('utf8');
    assert.ok(page.includes(`<h1 class="entry-title">${xmlEscape(after.title)}</h1>`));
    assert.throws(() => server.edit('al-akhbar', 999), /no entry 999/);
    assert.throws(() => server.publish('nope'), /no publication 'nope'/);
  });

  test('reset restores the initial content, clears requests and faults', async () => {
    const fresh = await startPressServer();
    try {
      const url = feedUrl(fresh, 'le-quotidien');
      const initial = await get(url);
      fresh.publish('le-quotidien', 3);
      fresh.setFault('le-quotidien', { kind: 'status', status: 500 });
      assert.equal((await get(url)).status, 500);
      const requests = fresh.requests;
      fresh.reset();
      assert.equal(requests.length, 0, 'the same array, emptied');
      const again = await get(url);
      assert.equal(again.status, 200);
      assert.equal(again.headers['etag'], initial.headers['etag']);
      assert.deepEqual(again.body, initial.body);
      assert.equal(fresh.requests.length, 1);
    } finally {
      await fresh.close();
    }
  });
});

describe('press server: faults', () => {
  let server: PressServer;
  before(async () => {
    server = await startPressServer();
  });
  after(() => server.close());
  const url = () => feedUrl(server, 'le-quotidien');

  test('slow: the headers come late; times: 1 then normal', async () => {
    server.setFault('le-quotidien', { kind: 'slow', ms: 300, times: 1 });
    const slow = await get(url());
    assert.equal(slow.status, 200);
    assert.ok(slow.headersMs >= 280, `headers after ${slow.headersMs} ms`);
    const fast = await get(url());
    assert.ok(fast.headersMs < 250, `then normal: ${fast.headersMs} ms`);
  });

  test('slow-body: headers at once, then a stall mid-body', async () => {
    server.setFault('le-quotidien', { kind: 'slow-body', ms: 300, times: 1 });
    const res = await get(url());
    assert.ok(res.headersMs < 200, `headers after ${res.headersMs} ms`);
    assert.ok(res.totalMs >= 280, `body after ${res.totalMs} ms`);
    assert.equal(res.body.length, Number(res.headers['content-length']));
  });

  test('reset: the socket is destroyed', async () => {
    server.setFault('le-quotidien', { kind: 'reset', times: 1 });
    await assert.rejects(
      get(url()),
      (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /hang up/.test(e.message),
    );
  });

  test('status and retry-after', async () => {
    for (const status of [404, 410, 500, 503] as const) {
      server.setFault('le-quotidien', { kind: 'status', status, times: 1 });
      assert.equal((await get(url())).status, status);
    }
    server.setFault('le-quotidien', { kind: 'retry-after', status: 429, retryAfter: '120', times: 1 });
    const limited = await get(url());
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '120');
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    server.setFault('le-quotidien', { kind: 'retry-after', status: 503, retryAfter: date, times: 1 });
    const busy = await get(url());
    assert.equal(busy.status, 503);
    assert.equal(busy.headers['retry-after'], date);
    assert.equal((await get(url())).status, 200);
  });

  test('redirect: a chain of n hops ending at the same feed under a new URL', async () => {
    const normal = await get(url());
    server.setFault('le-quotidien', { kind: 'redirect', hops: 3, status: 308 });
    let location = url();
    const hops: string[] = [];
    let res = await get(location);
    while (res.status >= 300 && res.status < 400) {
      assert.equal(res.status, 308);
      location = new URL(String(res.headers['location']), location).href;
      hops.push(location);
      assert.ok(hops.length <= 5, 'no loop');
      res = await get(location);
    }
    assert.equal(hops.length, 3);
    assert.equal(location, pub(server, 'le-quotidien').feeds[0]!.movedUrl);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, normal.body);
    assert.deepEqual(
      pub(server, 'le-quotidien').entries(location),
      pub(server, 'le-quotidien').entries(url()),
    );
    server.setFault('le-quotidien', { kind: 'redirect', hops: 1 });
    const one = await get(url());
    assert.equal(one.status, 301);
    assert.equal(one.headers['location'], pub(server, 'le-quotidien').feeds[0]!.movedUrl);
    server.setFault('le-quotidien', null);
  });

  test('redirect-to the forbidden origin, which records what reaches it', async () => {
    const target = `${server.forbiddenOrigin}/steal`;
    server.setFault('le-quotidien', { kind: 'redirect-to', location: target, times: 1 });
    const res = await get(url());
    assert.equal(res.status, 302);
    assert.equal(res.headers['location'], target);
    assert.equal(server.forbiddenRequests.length, 0);
    // Only this test touches the recorder, to prove it records.
    const reached = await get(target);
    assert.equal(reached.body.toString(), 'you should not be here\n');
    assert.equal(server.forbiddenRequests.length, 1);
    assert.equal(server.forbiddenRequests[0]!.path, '/steal');
    assert.ok(!server.requests.some((r) => r.origin === server.forbiddenOrigin));
    server.forbiddenRequests.length = 0;
  });

  test('wrong-charset: claims utf-8, sends windows-1252 (French) or windows-1256 (Arabic)', async () => {
    server.setFault('le-quotidien', { kind: 'wrong-charset', times: 1 });
    const fr = await get(url());
    assert.equal(fr.headers['content-type'], 'application/rss+xml; charset=utf-8');
    assert.match(fr.body.subarray(0, 60).toString('latin1'), /encoding="utf-8"/);
    assert.ok(fr.body.includes(0x92));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(fr.body));
    assert.equal(fr.headers['etag'], undefined);
    server.setFault('al-akhbar', { kind: 'wrong-charset', times: 1 });
    const ar = await get(feedUrl(server, 'al-akhbar'));
    assert.ok(ar.body.includes(0xc7));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(ar.body));
  });

  test('huge: streams without Content-Length and stops when the client goes away', async () => {
    server.setFault('le-quotidien', { kind: 'huge', bytes: 50 * 1024 * 1024 });
    const from = server.requests.length;
    const received = await new Promise<{ bytes: number; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const req = request(url(), { agent: false }, (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (bytes > 1024 * 1024) {
              req.destroy();
              resolve({ bytes, headers: res.headers });
            }
          });
        });
        req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
        req.end();
      },
    );
    assert.equal(received.headers['content-length'], undefined);
    assert.equal(received.headers['transfer-encoding'], 'chunked');
    await new Promise((r) => setTimeout(r, 100));
    assert.notEqual(server.requests[from]!.endedAt, null, 'the server saw the client leave');
    // A small one is a complete, valid-looking feed.
    server.setFault('le-quotidien', { kind: 'huge', bytes: 300_000, times: 1 });
    const small = await get(url());
    assert.equal(small.body.length, 300_000);
    assert.ok(small.body.toString().endsWith('</channel></rss>\n'));
    assertWellFormedXml(small.body.toString(), 'huge feed');
    server.setFault('le-quotidien', null);
  });

  test('xml-bomb, xxe, html, bot-challenge', async () => {
    server.setFault('le-quotidien', { kind: 'xml-bomb', times: 1 });
    const bomb = (await get(url())).body.toString();
    assert.match(bomb, /<!ENTITY lol9 "(&lol8;){10}">/);
    assert.ok(bomb.length < 5000);
    server.setFault('le-quotidien', { kind: 'xxe', times: 1 });
    assert.match((await get(url())).body.toString(), /<!ENTITY xxe SYSTEM "file:\/\/\/etc\/passwd">/);
    server.setFault('le-quotidien', { kind: 'html', times: 1 });
    const html = await get(url());
    assert.equal(html.status, 200);
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.match(html.body.toString(), /^<!DOCTYPE html>/);
    server.setFault('le-quotidien', { kind: 'bot-challenge', times: 1 });
    const wall = await get(url());
    assert.equal(wall.status, 403);
    assert.equal(wall.headers['cf-mitigated'], 'challenge');
    assert.equal(wall.headers['server'], 'cloudflare');
    assert.match(wall.body.toString(), /Just a moment\.\.\./);
  });

  test('changing: a new entry on every request, no validators', async () => {
    const feed = url();
    const before = pub(server, 'le-quotidien').entries(feed).length;
    server.setFault('le-quotidien', { kind: 'changing' });
    const a = await get(feed);
    const b = await get(feed, { 'if-none-match': String(a.headers['etag']) });
    server.setFault('le-quotidien', null);
    assert.equal(a.headers['etag'], undefined);
    assert.equal(a.headers['last-modified'], undefined);
    assert.equal(b.status, 200);
    assert.notDeepEqual(a.body, b.body);
    assert.equal(count(b.body.toString(), '<item>'), before + 2);
    assert.equal(pub(server, 'le-quotidien').entries(feed).length, before + 2);
  });

  test('gzip: forced even when not asked', async () => {
    server.setFault('le-quotidien', { kind: 'gzip', times: 1 });
    const res = await get(url());
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(res.body).toString(), /<rss version="2\.0"/);
  });

  test('broken-guids: every item has the same guid', async () => {
    server.setFault('al-akhbar', { kind: 'broken-guids', times: 1 });
    const text = (await get(feedUrl(server, 'al-akhbar'))).body.toString();
    const guids = [...text.matchAll(/<guid[^>]*>([^<]+)<\/guid>/g)].map((m) => m[1]);
    assert.ok(guids.length >= 10);
    assert.equal(new Set(guids).size, 1);
  });

  test('a fault on a given path leaves the feeds alone; null clears every fault', async () => {
    const article = pub(server, 'al-youm').entries(feedUrl(server, 'al-youm'))[0]!.url;
    server.setFault('al-youm', { kind: 'status', status: 500, path: new URL(article).pathname });
    server.setFault('al-youm', { kind: 'status', status: 503, path: '/robots.txt', times: 2 });
    assert.equal((await get(article)).status, 500);
    assert.equal((await get(feedUrl(server, 'al-youm'))).status, 200);
    const robots = `${pub(server, 'al-youm').origin}/robots.txt`;
    assert.equal((await get(robots)).status, 503);
    assert.equal((await get(robots)).status, 503);
    assert.equal((await get(robots)).status, 200);
    server.setFault('al-youm', null);
    assert.equal((await get(article)).status, 200);
  });
});

describe('press server: sources file', () => {
  let server: PressServer;
  before(async () => {
    server = await startPressServer();
  });
  after(() => server.close());

  interface YamlSource {
    slug: string;
    homepage: string;
    language: string;
    feeds: Array<{ url: string; category?: string }>;
  }

  test('valid YAML listing every publication and its real feeds', () => {
    const doc = parseYaml(server.sourcesYaml()) as { sources: YamlSource[] };
    assert.deepEqual(
      doc.sources.map((s) => s.slug),
      ['le-quotidien', 'l-eco-du-jour', 'rabat-soir', 'al-akhbar', 'sawt-al-maghrib', 'al-youm'],
    );
    for (const s of doc.sources) {
      const p = pub(server, s.slug);
      assert.equal(s.homepage, p.homepage);
      assert.equal(s.language, p.language);
      assert.deepEqual(
        s.feeds.map((f) => f.url),
        p.feeds.map((f) => f.url),
      );
    }
  });

  test('only and wrongFeedFor', async () => {
    const doc = parseYaml(
      server.sourcesYaml({ only: ['rabat-soir', 'al-youm'], wrongFeedFor: ['al-youm'] }),
    ) as { sources: YamlSource[] };
    assert.deepEqual(
      doc.sources.map((s) => s.slug),
      ['rabat-soir', 'al-youm'],
    );
    const wrong = doc.sources[1]!.feeds;
    assert.deepEqual(wrong, [{ url: pub(server, 'al-youm').origin + WRONG_FEED_PATH }]);
    assert.equal((await get(wrong[0]!.url)).status, 404);
  });
});

describe('press server: generated load feeds', () => {
  test('500 feeds × 50 entries: every feed serves 50 unique guids', async () => {
    const server = await startPressServer({
      publications: [],
      generated: { feeds: 500, entriesPerFeed: 50, origins: 20, language: 'mixed' },
    });
    try {
      assert.equal(server.publications.length, 500);
      assert.equal(new Set(server.publications.map((p) => p.origin)).size, 20);
      const allGuids = new Set<string>();
      const allTitles = new Set<string>();
      for (const p of server.publications) {
        const entries = p.entries(p.feeds[0]!.url);
        assert.equal(entries.length, 50);
        for (const e of entries) {
          allGuids.add(e.guid!);
          allTitles.add(e.title);
        }
      }
      assert.equal(allGuids.size, 25_000, 'guids unique across all feeds');
      assert.equal(allTitles.size, 25_000, 'titles unique across all feeds');
      // Serve every feed, a few at a time.
      const queue = [...server.publications];
      let bytes = 0;
      const worker = async () => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const res = await get(p.feeds[0]!.url);
          assert.equal(res.status, 200);
          const guids = [...res.body.toString().matchAll(/<guid isPermaLink="false">([^<]+)<\/guid>/g)].map(
            (m) => m[1],
          );
          assert.equal(new Set(guids).size, 50, p.feeds[0]!.url);
          bytes += res.body.length;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      const perEntry = bytes / 25_000;
      assert.ok(perEntry > 1000 && perEntry < 3000, `${Math.round(perEntry)} bytes per entry`);
      const sample = server.publications[1]!;
      assert.equal(sample.language, 'ar');
      const home = (await get(sample.homepage)).body.toString();
      assert.ok(home.includes(`href="${new URL(sample.feeds[0]!.url).pathname}"`));
      assert.equal((await get(sample.entries(sample.feeds[0]!.url)[0]!.url)).status, 200);
      const yaml = parseYaml(server.sourcesYaml()) as { sources: unknown[] };
      assert.equal(yaml.sources.length, 500);
    } finally {
      await server.close();
    }
  });
});
