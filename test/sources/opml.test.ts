import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SourceConfig } from '../../src/sources/index.ts';
import { parseOpml, parseSourcesFile, readOpml, toOpml } from '../../src/sources/index.ts';
import { KiosqueError } from '../../src/util/errors.ts';

// What a reader exports from Feedly or Inoreader: folders in folders, feeds
// titled per section, some without htmlUrl, one that is not a web feed.
const FEEDLY_EXPORT = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head>
    <title>Abonnements de Salma dans feedly Cloud</title>
  </head>
  <body>
    <outline text="Presse marocaine" title="Presse marocaine">
      <outline text="Économie" title="Économie">
        <outline type="rss" text="Médias24" title="Médias24" xmlUrl="https://medias24.com/feed/" htmlUrl="https://medias24.com"/>
        <outline type="rss" text="LesEco.ma" title="LesEco.ma" xmlUrl="https://leseco.ma/feed/" htmlUrl="https://leseco.ma/"/>
      </outline>
      <outline text="Politique">
        <outline type="rss" text="Le360 - Politique" title="Le360 - Politique"
                 xmlUrl="https://fr.le360.ma/arc/outboundfeeds/rss/category/politique/?outputType=xml"
                 htmlUrl="https://fr.le360.ma/"/>
      </outline>
    </outline>
    <outline text="عربي" title="عربي">
      <outline type="rss" text="هسبريس" title="هسبريس" xmlUrl="https://www.hespress.com/feed" htmlUrl="https://www.hespress.com/"/>
      <outline type="rss" text="اليوم 24" xmlUrl="https://alyaoum24.com/feed"/>
    </outline>
    <outline type="rss" text="TelQuel" title="TelQuel" xmlUrl="https://telquel.ma/feed" htmlUrl="https://telquel.ma/" language="fr-FR"/>
    <outline type="rss" text="Le360" title="Le360" xmlUrl="https://fr.le360.ma/arc/outboundfeeds/rss/?outputType=xml" htmlUrl="https://fr.le360.ma/"/>
    <outline type="rss" text="Le360" title="Le360" xmlUrl="https://fr.le360.ma/arc/outboundfeeds/rss/?outputType=xml" htmlUrl="https://fr.le360.ma/"/>
    <outline type="rss" text="L&apos;Opinion &amp; Co" xmlUrl="https://www.lopinion.ma/xml/syndication.rss" htmlUrl="https://www.lopinion.ma/"/>
    <outline type="rss" text="Lettre" xmlUrl="mailto:news@example.ma"/>
    <outline type="rss" text="Mystery" xmlURL="https://example.ma/rss" category="/Divers/Blogs"/>
  </body>
</opml>
`;

describe('parseOpml: a feed reader export', () => {
  const imported = readOpml(FEEDLY_EXPORT);
  const bySlug = new Map(imported.sources.map((s) => [s.slug, s]));

  test('one source per publication, in document order', () => {
    assert.deepEqual(
      imported.sources.map((s) => s.slug),
      ['medias24', 'leseco-ma', 'le360', 'hespress', 'alyaoum24', 'telquel', 'lopinion-co', 'mystery'],
    );
  });

  test('the nearest folder becomes the category', () => {
    assert.deepEqual(bySlug.get('medias24')?.feeds, [
      { url: 'https://medias24.com/feed/', category: 'Économie' },
    ]);
    assert.deepEqual(bySlug.get('hespress')?.feeds, [
      { url: 'https://www.hespress.com/feed', category: 'عربي' },
    ]);
    assert.deepEqual(bySlug.get('telquel')?.feeds, [{ url: 'https://telquel.ma/feed' }]);
  });

  test('outlines sharing a homepage are one source with several feeds, named by the shortest title', () => {
    const le360 = bySlug.get('le360');
    assert.equal(le360?.name, 'Le360');
    assert.deepEqual(le360?.feeds, [
      {
        url: 'https://fr.le360.ma/arc/outboundfeeds/rss/category/politique/?outputType=xml',
        category: 'Politique',
      },
      { url: 'https://fr.le360.ma/arc/outboundfeeds/rss/?outputType=xml' },
    ]);
  });

  test('language: attribute, else Arabic script in the name, else French', () => {
    assert.equal(bySlug.get('telquel')?.language, 'fr');
    assert.equal(bySlug.get('telquel')?.languageGuessed, false);
    assert.equal(bySlug.get('hespress')?.language, 'ar');
    assert.equal(bySlug.get('hespress')?.languageGuessed, true);
    assert.equal(bySlug.get('medias24')?.language, 'fr');
  });

  test('an Arabic name takes its slug from the host; no htmlUrl means the feed origin', () => {
    const alyaoum = bySlug.get('alyaoum24');
    assert.equal(alyaoum?.name, 'اليوم 24');
    assert.equal(alyaoum?.homepage, 'https://alyaoum24.com/');
  });

  test('entities in attributes are decoded; attribute case does not matter; category attribute used', () => {
    assert.equal(bySlug.get('lopinion-co')?.name, "L'Opinion & Co");
    assert.deepEqual(bySlug.get('mystery')?.feeds, [{ url: 'https://example.ma/rss', category: 'Blogs' }]);
  });

  test('defaults and skipped outlines', () => {
    for (const source of imported.sources) {
      assert.equal(source.mode, 'full');
      assert.equal(source.enabled, true);
      assert.equal(source.timezone, 'Africa/Casablanca');
    }
    assert.deepEqual(imported.skipped, [
      { xmlUrl: 'mailto:news@example.ma', reason: 'xmlUrl is not an absolute http(s) URL' },
    ]);
    assert.equal(parseOpml(FEEDLY_EXPORT).length, imported.sources.length);
  });

  test('two publications with the same name get distinct slugs', () => {
    const opml = `<opml version="2.0"><body>
      <outline text="Le Matin" xmlUrl="https://lematin.ma/rss" htmlUrl="https://lematin.ma/"/>
      <outline text="Le Matin" xmlUrl="https://lematin.ch/rss" htmlUrl="https://lematin.ch/"/>
      <outline text="RSS" xmlUrl="https://rss.example.ma/feed"/>
    </body></opml>`;
    assert.deepEqual(
      parseOpml(opml).map((s) => s.slug),
      ['le-matin', 'le-matin-2', 'rss-2'],
    );
  });
});

describe('parseOpml: refusals', () => {
  test('a DOCTYPE declaring an external entity (XXE) is refused', () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE opml [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://x.ma/feed"/></body></opml>`;
    assert.throws(
      () => parseOpml(xxe),
      (err: unknown) => err instanceof KiosqueError && err.kind === 'config' && /entities/.test(err.message),
    );
  });

  test('a billion-laughs entity bomb is refused', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<opml><body><outline text="&lol2;" xmlUrl="https://x.ma/feed"/></body></opml>`;
    assert.throws(() => parseOpml(bomb), /XXE or entity-expansion/);
  });

  test('a plain DOCTYPE without entities is fine', () => {
    const opml = `<!DOCTYPE opml><opml version="2.0"><body><outline text="A" xmlUrl="https://a.ma/feed"/></body></opml>`;
    assert.equal(parseOpml(opml).length, 1);
  });

  test('a document that is not OPML is refused', () => {
    assert.throws(
      () => parseOpml('<rss version="2.0"><channel></channel></rss>'),
      (err: unknown) =>
        err instanceof KiosqueError && err.kind === 'config' && /root element is <rss>/.test(err.message),
    );
    assert.throws(() => parseOpml(''), /not an OPML document/);
  });
});

describe('toOpml', () => {
  const sources: SourceConfig[] = [
    {
      slug: 'le360',
      name: 'Le360',
      homepage: 'https://fr.le360.ma/',
      language: 'fr',
      timezone: 'Africa/Casablanca',
      feeds: [
        { url: 'https://fr.le360.ma/feed/' },
        { url: 'https://fr.le360.ma/politique/feed/?a=1&b=2', category: 'Politique' },
      ],
      mode: 'full',
      enabled: true,
    },
    {
      slug: 'hespress',
      name: 'هسبريس',
      homepage: 'https://www.hespress.com/',
      language: 'ar',
      timezone: 'Africa/Casablanca',
      feeds: [{ url: 'https://www.hespress.com/feed', category: 'Politique' }],
      mode: 'excerpt',
      enabled: true,
    },
    {
      slug: 'quotes',
      name: 'Le "Journal" <de> l\'Est & co',
      homepage: 'https://est.example.ma/',
      language: 'fr',
      timezone: 'Europe/Paris',
      feeds: [{ url: 'https://est.example.ma/rss', category: 'R&D <labo>' }],
      mode: 'title',
      enabled: false,
    },
  ];

  test('writes OPML 2.0 with escaped attributes and category folders', () => {
    const opml = toOpml(sources, 'Presse & co');
    assert.match(opml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0"/);
    assert.match(opml, /<title>Presse &amp; co<\/title>/);
    assert.match(opml, /xmlUrl="https:\/\/fr.le360.ma\/politique\/feed\/\?a=1&amp;b=2"/);
    assert.match(opml, /text="Le &quot;Journal&quot; &lt;de&gt; l&apos;Est &amp; co"/);
    assert.match(opml, /<outline text="R&amp;D &lt;labo&gt;"/);
    // Both feeds of the Politique category sit in one folder.
    assert.equal(opml.match(/<outline text="Politique"/g)?.length, 1);
  });

  test('round-trips through parseOpml', () => {
    const back = parseOpml(toOpml(sources)).map(({ languageGuessed, ...source }) => {
      assert.equal(languageGuessed, false);
      return source;
    });
    assert.deepEqual(back, sources);
  });

  test('the result of a round trip is a valid sources file', () => {
    const back = parseOpml(toOpml(sources));
    const yaml = `sources:\n${back
      .map(
        (s) =>
          `  - slug: ${s.slug}\n    name: ${JSON.stringify(s.name)}\n    homepage: ${s.homepage}\n    language: ${s.language}\n    feeds: [${s.feeds.map((f) => JSON.stringify(f.url)).join(', ')}]`,
      )
      .join('\n')}\n`;
    assert.equal(parseSourcesFile(yaml, 'x.yaml').length, 3);
  });
});
