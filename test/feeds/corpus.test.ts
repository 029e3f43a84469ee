// The damaged-feed corpus: one fixture per kind of real-world damage, each
// with what it must parse to. Fixtures live in test/fixtures/feeds/.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectFeedFormat, parseFeed, type ParsedFeed } from '../../src/feeds/index.ts';
import { KiosqueError } from '../../src/util/errors.ts';

const OPTIONS = {
  url: 'https://www.exemple.ma/rss/une.xml',
  timezone: 'Africa/Casablanca',
  now: new Date('2025-06-01T12:00:00Z'),
};

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
}

function parse(name: string): ParsedFeed {
  return parseFeed(fixture(name), OPTIONS);
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

const cases: Record<string, (feed: ParsedFeed) => void> = {
  'undefined-entities.rss': (feed) => {
    assert.equal(feed.title, 'L’Actualité du Royaume');
    assert.equal(feed.entries[0]!.title, 'L’été à Rabat : chaleur record…');
    assert.equal(
      feed.entries[0]!.summary,
      'Les habitants de Rabat ont vécu une journée « caniculaire »… © Exemple',
    );
  },
  'stray-ampersands.rss': (feed) => {
    const [entry] = feed.entries;
    assert.equal(entry!.title, 'AT&T et Maroc Telecom & partenaires signent un accord');
    assert.equal(entry!.url, 'https://www.exemple.ma/article.php?id=42&cat=7');
    assert.equal(entry!.summary, 'R&D : les opérateurs investissent. Q&A avec les dirigeants & analystes.');
    assert.equal(feed.homepage, 'https://www.exemple.ma/tech/?edition=fr&rubrique=tech');
  },
  'broken-cdata.rss': (feed) => {
    assert.deepEqual(
      feed.entries.map((e) => e.title),
      ['Article un', 'Article deux doublement enveloppé', 'Article trois', 'Article quatre'],
    );
    assert.equal(feed.entries[0]!.summary, 'Texte du premier article, jamais fermé.');
    assert.equal(feed.entries[1]!.contentHtml, '<p>Résumé deux</p>');
    assert.equal(feed.entries[2]!.summary, 'Le code ]]> reste intact.');
    assert.equal(feed.entries[3]!.url, 'https://www.exemple.ma/a/4');
  },
  'html-in-titles.rss': (feed) => {
    assert.equal(feed.title, 'Le Journal');
    assert.deepEqual(
      feed.entries.map((e) => e.title),
      [
        'Gras et italique dans le titre',
        'Urgent : séisme ressenti à Agadir',
        'Double encodage : l’été & l’hiver',
        'Espaces et retours à la ligne',
      ],
    );
  },
  'missing-guids.rss': (feed) => {
    const [noGuid, emptyGuid, permalink, notPermalink, untitled] = feed.entries;
    assert.equal(noGuid!.guid, null);
    assert.equal(emptyGuid!.guid, null);
    assert.equal(permalink!.url, 'https://www.exemple.ma/a/permalien');
    assert.equal(permalink!.guid, 'https://www.exemple.ma/a/permalien?utm_campaign=x');
    assert.equal(notPermalink!.url, null);
    assert.equal(
      untitled!.title,
      'Un article sans titre dont le résumé est assez long pour qu’on en tire un…'.replace('’', "'"),
    );
    assert.ok(untitled!.title.length <= 80);
  },
  'repeated-guid.rss': (feed) => {
    // Parsed as given: the ingest stage decides the guid is not trustworthy.
    assert.deepEqual(
      feed.entries.map((e) => e.guid),
      ['https://www.exemple.ma/', 'https://www.exemple.ma/', 'https://www.exemple.ma/'],
    );
    assert.deepEqual(
      feed.entries.map((e) => e.url),
      ['https://www.exemple.ma/a/1', 'https://www.exemple.ma/a/2', 'https://www.exemple.ma/a/3'],
    );
  },
  'relative-links-xml-base.atom': (feed) => {
    assert.equal(feed.homepage, 'https://www.exemple.ma/');
    assert.deepEqual(
      feed.entries.map((e) => e.url),
      [
        'https://www.exemple.ma/fr/politique/article-1.html',
        'https://static.exemple.ma/economie/article-2.html',
        'https://cdn.exemple.ma/sport/article-3',
      ],
    );
    assert.deepEqual(feed.entries[1]!.images, [
      { url: 'https://static.exemple.ma/economie/images/deux.jpg', from: 'content' },
    ]);
  },
  'relative-links.rss': (feed) => {
    assert.equal(feed.homepage, 'https://www.exemple.ma/');
    assert.deepEqual(
      feed.entries.map((e) => e.url),
      [
        'https://www.exemple.ma/culture/festival-gnaoua.html',
        'https://www.exemple.ma/rss/culture/mawazine.html?page=2&lang=fr',
        null,
        'https://www.exemple.ma/culture/avec-espaces.html',
      ],
    );
  },
  'dates-every-form.rss': (feed) => {
    const byName = Object.fromEntries(feed.entries.map((e) => [e.title, iso(e.publishedAt)]));
    assert.deepEqual(byName, {
      'rfc822-gmt': '2025-03-03T14:05:00.000Z',
      'rfc822-offset': '2025-02-04T08:30:00.000Z',
      'rfc822-named-zone': '2025-02-04T14:30:00.000Z',
      'rfc822-sloppy': '2025-02-04T08:30:00.000Z',
      'iso-z': '2025-02-04T09:30:00.000Z',
      'iso-fraction-offset': '2025-02-04T08:30:00.250Z',
      'iso-no-zone-winter': '2025-02-04T08:30:00.000Z', // Casablanca is UTC+1
      'iso-no-zone-ramadan': '2025-03-10T12:00:00.000Z', // UTC+0 during Ramadan
      'fr-day-name': '2025-03-03T14:05:00.000Z',
      'fr-a-h': '2025-03-03T14:05:00.000Z',
      'fr-abbrev': '2025-02-02T23:00:00.000Z',
      'fr-premier': '2024-12-31T23:00:00.000Z',
      'fr-no-accents': '2025-02-03T09:00:00.000Z',
      'ar-moroccan': '2024-07-15T09:00:00.000Z',
      'ar-levant': '2024-07-15T09:00:00.000Z',
      'ar-digits-tashkeel': '2025-03-03T00:00:00.000Z',
      epoch: '2025-03-03T14:05:00.000Z',
      'invalid-text': null,
      'invalid-zeros': null,
      'invalid-epoch-1970': null,
      'invalid-next-year': null,
      'invalid-empty': null,
    });
  },
  'bom-whitespace.rss': (feed) => {
    assert.equal(feed.title, 'Avec BOM');
    assert.equal(feed.entries[0]!.title, 'Après le BOM');
  },
  'namespaced-prefixes.rss': (feed) => {
    // <atom:link rel="self"> is the feed itself, never the homepage.
    assert.equal(feed.homepage, 'https://www.exemple.ma/accueil');
    const [a10, undeclared] = feed.entries;
    assert.equal(a10!.url, 'https://www.exemple.ma/a/a10');
    assert.equal(a10!.author, 'Salma Bennani');
    assert.deepEqual(a10!.categories, ['Économie']);
    assert.equal(a10!.contentHtml, '<p>Contenu complet.</p>');
    assert.equal(iso(a10!.publishedAt), '2025-03-03T09:00:00.000Z');
    assert.equal(iso(a10!.updatedAt), '2025-03-04T10:00:00.000Z');
    assert.deepEqual(a10!.images, [{ url: 'https://cdn.exemple.ma/a10.jpg', from: 'media:content' }]);
    assert.equal(undeclared!.author, 'Karim Alaoui');
    assert.equal(undeclared!.contentHtml, '<p>Sans déclaration.</p>');
  },
  'uppercase-tags.rss': (feed) => {
    assert.equal(feed.version, 'rss 2.0');
    assert.equal(feed.title, 'MAJUSCULES');
    const [entry] = feed.entries;
    assert.equal(entry!.guid, 'maj-1');
    assert.equal(entry!.url, 'https://www.exemple.ma/a/maj');
    assert.equal(entry!.summary, 'Balises en casse mixte');
    assert.deepEqual(entry!.categories, ['Sport']);
    assert.equal(iso(entry!.publishedAt), '2025-03-03T14:05:00.000Z');
  },
  'arabic-tashkeel.rss': (feed) => {
    assert.equal(feed.title, 'الأَخْبَار');
    const [first, second] = feed.entries;
    assert.equal(first!.title, 'الحُكُومَةُ تُعْلِنُ عَنْ بَرْنَامَجٍ جَدِيدٍ لِلتَّشْغِيلِ');
    assert.equal(first!.author, 'هيئة التحرير');
    assert.deepEqual(first!.categories, ['سياسة']);
    assert.equal(first!.summary, 'أَعْلَنَتِ الحُكُومَةُ اليَوْمَ عَنْ بَرْنَامَجٍ. وَسَيَبْدَأُ التَّنْفِيذُ فِي شَتَنْبَر.');
    assert.equal(
      first!.url,
      `https://ar.exemple.ma/${encodeURIComponent('سياسة')}/${encodeURIComponent('برنامج-التشغيل')}`,
    );
    assert.equal(iso(first!.publishedAt), '2025-03-03T14:05:00.000Z');
    assert.equal(iso(second!.publishedAt), '2024-08-20T17:30:00.000Z');
  },
  'french-accents.atom': (feed) => {
    assert.equal(feed.title, 'Économie & Société');
    const [entry] = feed.entries;
    assert.equal(entry!.title, 'Le dirham s’apprécie face à l’euro : « bonne nouvelle »');
    assert.equal(entry!.url, 'https://www.exemple.ma/economie/dirham?id=5');
    assert.equal(entry!.author, 'Rédaction');
    assert.deepEqual(entry!.categories, ['Économie', 'finance']);
    assert.equal(entry!.summary, "Hausse de 0,5 % ; les exportateurs s'inquiètent.");
    assert.equal(
      entry!.contentHtml,
      '<p>Le dirham a gagné <strong>0,5 %</strong>.</p><p>Les économistes réagissent.</p>',
    );
    assert.equal(iso(entry!.publishedAt), '2025-03-03T08:00:00.000Z');
    assert.equal(iso(entry!.updatedAt), '2025-03-03T10:00:00.000Z');
  },
  'rss091-netscape-doctype.rss': (feed) => {
    assert.equal(feed.version, 'rss 0.91');
    assert.equal(feed.entries[0]!.title, 'Article démodé');
    assert.equal(feed.entries[0]!.publishedAt, null);
  },
  'rss092.rss': (feed) => {
    assert.equal(feed.version, 'rss 0.92');
    assert.equal(feed.entries[0]!.title, 'Un élément sans titre ni lien.');
    assert.deepEqual(feed.entries[0]!.images, []);
    assert.deepEqual(feed.entries[1]!.images, [
      { url: 'https://www.exemple.ma/images/092.JPG', from: 'enclosure' },
    ]);
  },
  'rss1-rdf.rdf': (feed) => {
    assert.equal(feed.format, 'rdf');
    assert.equal(feed.version, 'rss 1.0');
    const [first, second] = feed.entries;
    assert.equal(first!.guid, 'https://www.exemple.ma/a/rdf-1');
    assert.equal(first!.summary, 'Résumé RDF.');
    assert.equal(first!.author, 'Youssef');
    assert.deepEqual(first!.categories, ['Culture']);
    assert.equal(iso(first!.publishedAt), '2025-03-03T10:00:00.000Z');
    assert.equal(second!.url, 'https://www.exemple.ma/a/rdf-2'); // rdf:about is the permalink
  },
  'atom03.atom': (feed) => {
    assert.equal(feed.version, 'atom 0.3');
    assert.equal(feed.homepage, 'https://www.exemple.ma/');
    assert.equal(feed.entries[0]!.contentHtml, '<p>Contenu <b>échappé</b></p>');
    assert.equal(iso(feed.entries[0]!.publishedAt), '2025-03-03T08:00:00.000Z');
    assert.equal(iso(feed.entries[0]!.updatedAt), '2025-03-03T10:00:00.000Z');
    assert.equal(feed.entries[1]!.contentHtml, '<p>Encodé en base64</p>');
  },
  'atom10-content-types.atom': (feed) => {
    assert.equal(feed.homepage, 'https://www.exemple.ma/'); // text/html preferred over JSON
    const [text, xhtml] = feed.entries;
    assert.equal(text!.title, 'Texte brut');
    assert.equal(text!.author, 'Nadia, Omar');
    assert.equal(text!.contentHtml, '<p>Première ligne &amp; suite.</p>\n<p>Deuxième paragraphe.</p>');
    assert.equal(xhtml!.title, 'Titre XHTML');
    assert.equal(xhtml!.summary, 'Résumé HTML');
    assert.equal(xhtml!.contentHtml, '<p>Résumé</p><p>HTML</p>'); // out-of-line content: the summary's HTML
    assert.deepEqual(xhtml!.images, [
      { url: 'https://www.exemple.ma/img/xhtml.png', from: 'enclosure', type: 'image/png' },
    ]);
  },
  'jsonfeed-1.1.json': (feed) => {
    assert.equal(feed.format, 'json');
    assert.equal(feed.version, 'json 1.1');
    assert.equal(feed.homepage, 'https://www.exemple.ma/');
    const [first, second] = feed.entries;
    assert.equal(first!.url, 'https://www.exemple.ma/a/json-1?page=1');
    assert.equal(first!.author, 'Leila, Hamid');
    assert.deepEqual(first!.categories, ['Politique', 'Élections']);
    assert.equal(iso(first!.publishedAt), '2025-03-03T09:00:00.000Z');
    assert.equal(iso(first!.updatedAt), '2025-03-03T11:00:00.000Z');
    assert.deepEqual(
      first!.images.map((i) => i.url),
      ['https://www.exemple.ma/img/json-1.jpg', 'https://www.exemple.ma/img/banner.jpg'],
    );
    assert.equal(second!.guid, '2');
    assert.equal(second!.url, 'https://www.exemple.ma/a/json-2');
    assert.equal(second!.author, 'Rédaction');
    assert.equal(second!.contentHtml, '<p>Texte brut &lt;avec&gt; chevrons.</p>\n<p>Second paragraphe.</p>');
  },
  'jsonfeed-1.0.json': (feed) => {
    assert.equal(feed.version, 'json 1.0');
    assert.equal(feed.entries[0]!.author, 'Ancienne rédaction');
  },
  'media-images.rss': (feed) => {
    const [all, lazy, none] = feed.entries;
    assert.deepEqual(all!.images, [
      { url: 'https://www.exemple.ma/img/enclosure.jpg', from: 'enclosure', type: 'image/jpeg' },
      {
        url: 'https://www.exemple.ma/img/media.jpg',
        from: 'media:content',
        width: 800,
        height: 600,
        caption: 'Légende de la photo',
      },
      { url: 'https://www.exemple.ma/img/group.webp', from: 'media:content', type: 'image/webp' },
      { url: 'https://www.exemple.ma/img/thumb.jpg', from: 'media:thumbnail', width: 150, height: 100 },
      { url: 'https://www.exemple.ma/img/itunes.png', from: 'itunes' },
    ]);
    assert.deepEqual(lazy!.images, [
      { url: 'https://www.exemple.ma/img/lazy.jpg?w=800&h=600', from: 'content' },
    ]);
    assert.deepEqual(none!.images, []);
  },
  'mojibake.rss': (feed) => {
    assert.equal(feed.title, 'Édition du matin');
    assert.equal(feed.entries[0]!.title, "L'été sera chaud à Fès");
    assert.equal(feed.entries[0]!.summary, 'Les températures dépassent 40 °C.');
  },
  'raw-html-description.rss': (feed) => {
    const [entry] = feed.entries;
    assert.equal(entry!.summary, 'Premier paragraphe. Deuxième lien.');
    assert.equal(
      entry!.contentHtml,
      '<p>Premier paragraphe.</p><p>Deuxième <a href="https://www.exemple.ma/x?a=1&amp;b=2">lien</a>.</p>',
    );
  },
};

const refused: Record<string, { kind: string; message: RegExp }> = {
  'html-page.html': { kind: 'not_a_feed', message: /an HTML page, not a feed/ },
  'empty.xml': { kind: 'not_a_feed', message: /empty/ },
  'garbage.txt': { kind: 'not_a_feed', message: /neither XML nor JSON/ },
  'not-a-json-feed.json': { kind: 'not_a_feed', message: /not a JSON Feed/ },
  'billion-laughs.xml': { kind: 'unsafe_xml', message: /declares entities/ },
  'xxe.xml': { kind: 'unsafe_xml', message: /declares entities/ },
};

describe('feed corpus', () => {
  for (const [name, check] of Object.entries(cases)) {
    test(name, () => check(parse(name)));
  }
  for (const [name, expected] of Object.entries(refused)) {
    test(`${name} is refused (${expected.kind})`, () => {
      assert.throws(
        () => parse(name),
        (err: unknown) =>
          err instanceof KiosqueError &&
          err.kind === expected.kind &&
          expected.message.test(err.message) &&
          err.url === OPTIONS.url,
      );
    });
  }

  test('every entry of every feed has the contract shape', () => {
    for (const name of Object.keys(cases)) {
      for (const entry of parse(name).entries) {
        assert.equal(typeof entry.title, 'string');
        assert.ok(entry.summary === null || entry.summary.length <= 1000);
        assert.ok(entry.publishedAt === null || entry.publishedAt instanceof Date);
        for (const image of entry.images) assert.match(image.url, /^https?:\/\//);
        assert.ok(entry.url === null || /^https?:\/\//.test(entry.url), `${name}: ${entry.url}`);
      }
    }
  });

  test('detectFeedFormat sniffs the content', () => {
    assert.equal(detectFeedFormat(fixture('bom-whitespace.rss')), 'rss');
    assert.equal(detectFeedFormat(fixture('rss1-rdf.rdf')), 'rdf');
    assert.equal(detectFeedFormat(fixture('atom03.atom')), 'atom');
    assert.equal(detectFeedFormat(fixture('jsonfeed-1.1.json')), 'json');
    assert.equal(detectFeedFormat(fixture('rss091-netscape-doctype.rss')), 'rss');
    assert.equal(detectFeedFormat(fixture('html-page.html')), null);
    assert.equal(detectFeedFormat(''), null);
  });

  test('a plain DOCTYPE and an empty internal subset are fine; a subset with declarations is not', () => {
    const body = '<rss version="2.0"><channel><title>T</title></channel></rss>';
    assert.equal(parseFeed(`<!DOCTYPE rss SYSTEM "http://ex.ma/rss.dtd">${body}`, OPTIONS).title, 'T');
    assert.equal(parseFeed(`<!DOCTYPE rss [ ]>${body}`, OPTIONS).title, 'T');
    assert.throws(
      () => parseFeed(`<!DOCTYPE rss [<!ELEMENT rss ANY>]>${body}`, OPTIONS),
      (err: unknown) => err instanceof KiosqueError && err.kind === 'unsafe_xml',
    );
    assert.throws(
      () => parseFeed(`<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://10.0.0.1/x.dtd"> %p;]>${body}`, OPTIONS),
      (err: unknown) => err instanceof KiosqueError && err.kind === 'unsafe_xml',
    );
  });

  test('an undeclared entity is left as written, never expanded from anywhere', () => {
    const feed = parseFeed('<rss><channel><item><title>a &xxe; b</title></item></channel></rss>', OPTIONS);
    assert.equal(feed.entries[0]!.title, 'a &xxe; b');
  });

  test('junk printed before the XML declaration is skipped', () => {
    const text =
      '<br />\n<b>Warning</b>: something in /var/www/feed.php<br />\n<?xml version="1.0"?><rss><channel><title>T</title></channel></rss>';
    assert.equal(parseFeed(text, OPTIONS).title, 'T');
  });
});
