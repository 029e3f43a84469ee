// The pure parts of the site: escaping, dates in the site's zone, category
// slugs, image rewriting in article bodies, XML text, and rendering speed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sanitizeArticleHtml } from '../../src/sanitize/index.ts';
import type { SiteArticle } from '../../src/store/index.ts';
import { defaultSiteConfig } from '../../src/web/site-config.ts';
import { prepareBody } from '../../src/web/site/body.ts';
import { dayBounds, displayDate, isDay, localDay } from '../../src/web/site/dates.ts';
import { xmlText } from '../../src/web/site/feeds-out.ts';
import { html, jsonForScript, trustedHtml } from '../../src/web/html.ts';
import type { Chrome } from '../../src/web/site/layout.ts';
import { articlePage, articlePageBytes } from '../../src/web/site/templates.ts';
import { categorySlug } from '../../src/web/site/paths.ts';
import { WORDS } from '../../src/web/site/words.ts';
import { articleView, resolveEdition, shorten } from '../../src/web/site/views.ts';

describe('site rendering, pure parts', () => {
  test('counts take the singular, dual and plural each language asks for', () => {
    const fr = WORDS.fr;
    assert.equal(fr.story.coverage(1), 'Couverture : 1 source');
    assert.equal(fr.story.coverage(4), 'Couverture : 4 sources');
    assert.equal(fr.articles(0), '0 article');
    assert.equal(fr.articles(2), '2 articles');
    const ar = WORDS.ar;
    assert.equal(ar.story.coverage(1), 'التغطية: مصدر واحد');
    assert.equal(ar.story.coverage(2), 'التغطية: مصدران');
    assert.equal(ar.story.coverage(5), 'التغطية: 5 مصادر');
    assert.equal(ar.story.coverage(12), 'التغطية: 12 مصدرًا');
    assert.equal(ar.articles(100), '100 مقال');
    assert.equal(ar.articles(3), '3 مقالات');
  });

  test('html escapes every value unless it is Html', () => {
    const evil = `<script>alert("x")</script>&'`;
    assert.equal(
      html`<p title="${evil}">${evil}${trustedHtml('<b>ok</b>')}${[evil, html`<i>${1}</i>`]}</p>`.value,
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;<b>ok</b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;<i>1</i></p>',
    );
    assert.equal(html`${null}${undefined}${false}${0}`.value, '0');
    const ld = jsonForScript({ t: '</script><script>alert(1)</script>' }).value;
    assert.doesNotMatch(ld, /</);
    assert.deepEqual(JSON.parse(ld), { t: '</script><script>alert(1)</script>' });
    const all = jsonForScript({ t: 'a<b>c&d\u2028e\u2029f' }).value;
    assert.equal(all, '{"t":"a\\u003cb\\u003ec\\u0026d\\u2028e\\u2029f"}');
    assert.deepEqual(JSON.parse(all), { t: 'a<b>c&d\u2028e\u2029f' });
  });

  test('shorten: whitespace collapsed, cut at a word, the same whether the text is long or not', () => {
    assert.equal(shorten('  Le   roi\n\na inauguré  ', 200), 'Le roi a inauguré');
    assert.equal(shorten('un deux trois quatre cinq six', 14), 'un deux trois…');
    const words = Array.from({ length: 400 }, (_, i) => `mot${i}`).join(' ');
    assert.equal(shorten(words, 30), 'mot0 mot1 mot2 mot3 mot4 mot5…');
    // A text whose start is mostly spaces: the prefix alone holds too few characters.
    const spaced = `${'a '.padEnd(900, ' ')}${words}`;
    assert.equal(shorten(spaced, 30), 'a mot0 mot1 mot2 mot3 mot4…');
  });

  test('dates in Africa/Casablanca: display, local day, day bounds', () => {
    const tz = 'Africa/Casablanca';
    // Morocco is at UTC+1 most of the year.
    assert.equal(displayDate('2026-11-28T23:30:00.000Z', tz), '29 - 11 - 2026');
    assert.equal(localDay('2026-11-28T22:59:00.000Z', tz), '2026-11-28');
    assert.deepEqual(dayBounds('2026-11-29', tz), {
      from: '2026-11-28T23:00:00.000Z',
      to: '2026-11-29T23:00:00.000Z',
    });
    assert.deepEqual(dayBounds('2026-03-01', 'UTC'), {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
    });
    // A day with a change of offset (Paris, end of summer time) is 25 hours long.
    const b = dayBounds('2026-10-25', 'Europe/Paris');
    assert.ok(b);
    assert.equal(Date.parse(b.to) - Date.parse(b.from), 25 * 3_600_000);
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', 'x'])
      assert.equal(isDay(bad), false, bad);
    assert.equal(dayBounds('2026-02-30', tz), null);
  });

  test('category slugs keep letters of any script and drop accents and diacritics', () => {
    assert.equal(categorySlug('Économie'), 'economie');
    assert.equal(categorySlug('Société & Culture'), 'societe-culture');
    assert.equal(categorySlug('وطني'), 'وطني');
    assert.equal(categorySlug('رِيَاضَة'), 'رياضة');
    assert.equal(categorySlug(' -- '), null);
  });

  test('article images point to /img/<id>, unknown ones are dropped, each has a report form outside phrasing', () => {
    const { html: safe } = sanitizeArticleHtml(
      '<p>Avant <img src="https://pub.example/a.jpg?x=1&y=2" alt="A" width="800" height="450"> après</p>' +
        '<figure><img src="https://pub.example/b.jpg" alt="B"><figcaption>B</figcaption></figure>' +
        '<p><a href="https://pub.example/x"><img src="https://pub.example/c.jpg" alt="C"></a></p>' +
        '<p><img src="https://tracker.example/unknown.jpg" alt="?"></p>',
      'https://pub.example/article',
    );
    const unknown = { width: null, height: null };
    const ids = new Map([
      ['https://pub.example/a.jpg?x=1&y=2', { id: 11, ...unknown }],
      ['https://pub.example/b.jpg', { id: 12, ...unknown }],
      // Measured by the proxy: its size wins over the publisher's.
      ['https://pub.example/c.jpg', { id: 13, width: 1600, height: 1200 }],
    ]);
    const out = prepareBody(safe, ids, 'Signaler cette image');
    assert.deepEqual(out.imageIds, [11, 12, 13]);
    assert.doesNotMatch(out.html, /pub\.example\/[abc]\.jpg|tracker/);
    const imgs = [...out.html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    assert.equal(imgs.length, 3);
    for (const img of imgs) {
      assert.match(
        img,
        /^<img src="\/img\/\d+\?w=640" srcset="\/img\/\d+\?w=320 320w, [^"]+" sizes="[^"]+" width="\d+" height="\d+"/,
      );
      assert.match(img, / loading="lazy" decoding="async">$/);
    }
    // The publisher's size when it gave both; the 16:9 guess, marked, when it gave none.
    assert.match(imgs[0]!, /\?w=960 800w" sizes="[^"]+" width="800" height="450" alt="A"/);
    assert.match(imgs[1]!, /width="1280" height="720" class="unsized" alt="B"/);
    assert.match(imgs[2]!, /\?w=1280 1280w" sizes="[^"]+" width="1600" height="1200" alt="C"/);
    const forms = [
      ...out.html.matchAll(
        /<form method="post" action="\/api\/v1\/images\/(\d+)\/report" class="report-image">/g,
      ),
    ];
    assert.deepEqual(
      forms.map((f) => Number(f[1])),
      [11, 12, 13],
    );
    // No form inside a paragraph or a link: they come right after it closes.
    assert.match(out.html, /après<\/p><form[^>]+images\/11\//);
    assert.match(out.html, /<\/a><\/p><form[^>]+images\/13\//);
    assert.match(
      out.html,
      /<figure><img src="\/img\/12\?w=640"[^>]*><form[^>]+images\/12\/[\s\S]*?<\/form><figcaption>/,
    );
  });

  test('xmlText escapes markup and drops characters XML forbids', () => {
    assert.equal(
      xmlText('a & b <c> "d" \'e\'\u0001\u000b\ud800'),
      'a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;',
    );
    assert.equal(xmlText('😀 مرحبا'), '😀 مرحبا');
  });

  test('an article page renders, and its top follows the ticker it is given', () => {
    const site = defaultSiteConfig({});
    const source = {
      id: 1,
      slug: 'le-quotidien',
      name: 'Le Quotidien',
      homepage: 'https://q.example/',
      language: 'fr',
      enabled: true,
    };
    const edition = resolveEdition(site.editions[0]!, [source]);
    const paragraphs = Array.from(
      { length: 25 },
      (_, i) => `<p>Paragraphe ${i} : ${'des mots du Maroc '.repeat(30)}</p>`,
    );
    const article: SiteArticle = {
      id: 42,
      sourceId: 1,
      title: 'Rabat : un titre',
      summary: 'Un résumé.',
      publishedAt: '2026-11-29T10:00:00.000Z',
      category: 'Économie',
      author: 'Youssef Alaoui',
      canonicalUrl: 'https://q.example/2026/11/titre.html',
      leadImageId: 7,
      contentHtml: `<p><img src="https://q.example/i.jpg" alt=""></p>${paragraphs.join('')}`,
      leadImageUrl: 'https://q.example/i.jpg',
      language: 'fr',
      updatedAt: '2026-11-29T10:05:00.000Z',
      images: [
        { id: 7, url: 'https://q.example/i.jpg', position: 0, caption: null, width: 960, height: 540 },
      ],
      source,
    };
    const cards = Array.from({ length: 40 }, (_, i) => ({ ...article, id: 100 + i, title: `Titre ${i}` }));
    const chrome: Chrome = {
      site,
      edition,
      others: [{ name: 'كيوسك', language: 'ar', url: '/ar/' }],
      ticker: [],
      categories: [],
      cssPath: '/static/site.x.css',
    };
    const render = () => {
      const view = articleView(article, cards.slice(0, 5), edition, site);
      return articlePage({ ...chrome, ticker: view.readAlso.concat(view.readAlso) }, view);
    };
    const page = render();
    assert.match(
      page,
      /Publié dans <a href="\/fr\/le-quotidien">Le Quotidien<\/a> le <a [^>]+><time [^>]+>29 - 11 - 2026<\/time>/,
    );
    // (Its speed is measured by npm run bench:web, not here.)
    // The header and ticker are rendered once per ticker and kept: a new
    // ticker (new articles) must show, and the old one must not linger.
    const view = articleView(article, cards.slice(0, 5), edition, site);
    const tickerA = [{ ...view.readAlso[0]!, title: 'Premier titre du fil' }];
    const tickerB = [{ ...view.readAlso[0]!, title: 'Second titre du fil' }];
    const a = articlePage({ ...chrome, ticker: tickerA }, view);
    assert.match(a, /Premier titre du fil/);
    assert.equal(articlePage({ ...chrome, ticker: tickerA }, view), a);
    const b = articlePage({ ...chrome, ticker: tickerB }, view);
    assert.match(b, /Second titre du fil/);
    assert.doesNotMatch(b, /Premier titre du fil/);
    const c = articlePage(
      {
        ...chrome,
        ticker: tickerB,
        categories: [{ name: 'Sport', slug: 'sport', url: '/fr/categorie/sport' }],
      },
      view,
    );
    assert.match(c, /href="\/fr\/categorie\/sport">Sport</);
    // The bytes the route sends are the text's, the shared top's included
    // (encoded once per top): after a new ticker too, and in Arabic.
    for (const ticker of [tickerA, tickerB, tickerA]) {
      const text = articlePage({ ...chrome, ticker }, view);
      assert.ok(articlePageBytes({ ...chrome, ticker }, view).equals(Buffer.from(text)));
    }
    // Title, description, canonical and image (each shown several times in
    // the head) are escaped everywhere.
    const evil = articlePage(
      chrome,
      articleView(
        {
          ...article,
          title: 'A <b>"&\'',
          summary: 'Un <i>résumé</i> & "plus"',
          canonicalUrl: 'https://q.example/a?x=1&y="2"',
        },
        [],
        edition,
        { ...site, canonical: 'publisher' },
      ),
    );
    const head = evil.slice(0, evil.indexOf('</head>'));
    assert.equal(head.split('A &lt;b&gt;&quot;&amp;&#39; — Le Quotidien').length - 1, 3);
    assert.equal(head.split('Un &lt;i&gt;résumé&lt;/i&gt; &amp; &quot;plus&quot;').length - 1, 3);
    assert.equal(head.split('https://q.example/a?x=1&amp;y=&quot;2&quot;').length - 1, 2);
    assert.doesNotMatch(head.replace(/<script type="application\/ld\+json">.*<\/script>/, ''), /<b>|<i>|&y=/);
    const ar = resolveEdition(site.editions[1]!, [{ ...edition.sources[0]!, language: 'ar' }]);
    const arView = articleView({ ...article, title: 'عنوان — «الخبر»' }, [], ar, site);
    const arChrome = { ...chrome, edition: ar, ticker: [{ ...view.readAlso[0]!, title: 'خبر 😀' }] };
    assert.ok(articlePageBytes(arChrome, arView).equals(Buffer.from(articlePage(arChrome, arView))));
  });
});
