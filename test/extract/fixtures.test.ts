// French and Arabic press layouts (WordPress, Drupal, custom CMSs): what a
// reader must get from each page, and what must not come along.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { extractArticle } from '../../src/extract/index.ts';

// One folder per page, in the layout of Readability's test pages: the page
// as fetched (source.html) and what a reader must get from it beside it
// (expected.json; its "why" says where a value is not what it seems).
const PAGES = new URL('../fixtures/pages/', import.meta.url);

interface Case {
  name: string;
  url: string;
  title: string;
  author: string | null;
  publishedAt: string;
  leadImage: string;
  language: string;
  dir: 'rtl' | 'ltr';
  method: string;
  mustHave: string[];
  mustNotHave: string[];
  images?: string[];
}

const page = (name: string) => readFileSync(new URL(`${name}/source.html`, PAGES), 'utf8');

const CASES: Case[] = readdirSync(PAGES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((name) => ({ name, ...JSON.parse(readFileSync(new URL(`${name}/expected.json`, PAGES), 'utf8')) }));

const caseOf = (name: string): Case => {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no page fixture ${name}`);
  return c;
};

describe('press layouts', () => {
  test('the page folders are read', () => assert.ok(CASES.length >= 4, `${CASES.length} page folders`));

  for (const c of CASES) {
    test(c.name, () => {
      const a = extractArticle(page(c.name), c.url);
      assert.equal(a.title, c.title);
      assert.equal(a.author, c.author);
      assert.equal(a.publishedAt?.toISOString(), c.publishedAt);
      assert.equal(a.leadImage, c.leadImage);
      assert.equal(a.language, c.language);
      assert.equal(a.dir, c.dir);
      assert.equal(a.method, c.method);
      for (const s of c.mustHave) assert.ok(a.text.includes(s), `text lacks: ${s}`);
      for (const s of c.mustNotHave) assert.ok(!a.text.includes(s), `text has: ${s}`);
      if (c.images)
        assert.deepEqual(
          a.images.map((i) => i.url),
          c.images,
        );
      // Paragraphs stay apart: no word of one glued to the next.
      assert.ok(/\n\n/.test(a.text));
    });
  }

  test('the teaser comes first, once', () => {
    const a = extractArticle(page('fr-drupal-teaser'), caseOf('fr-drupal-teaser').url);
    assert.ok(a.text.startsWith('Les pluies de mars ont changé la donne : la récolte'));
    assert.equal(a.text.split('Les pluies de mars ont changé la donne').length, 2);
  });

  test('lazy images keep their data-src, srcset and noscript information', () => {
    const a = extractArticle(page('fr-wordpress'), caseOf('fr-wordpress').url);
    assert.match(a.contentHtml, /data-src="\/wp-content\/uploads\/2025\/03\/tramway-casa\.jpg"/);
    assert.match(a.contentHtml, /data-srcset="[^"]*tramway-casa-768\.jpg 768w/);
    assert.deepEqual(a.images[0], {
      url: 'https://lematin-express.ma/wp-content/uploads/2025/03/tramway-casa.jpg',
      alt: 'Le tramway de Casablanca',
      width: 1200,
      height: 675,
    });
  });

  test('metadata: modified date, site name, excerpt, JSON-LD @graph references', () => {
    const a = extractArticle(page('fr-wordpress'), caseOf('fr-wordpress').url);
    assert.equal(a.modifiedAt?.toISOString(), '2025-03-14T10:05:00.000Z');
    assert.equal(a.siteName, 'Le Matin Express');
    assert.equal(
      a.excerpt,
      'La ligne T1 du tramway de Casablanca sera prolongée de six kilomètres d’ici la fin de l’année.',
    );
  });
});

describe('per-source rules', () => {
  test('bodySelector takes exactly that element; remove drops selectors first', () => {
    const a = extractArticle(page('fr-drupal-teaser'), caseOf('fr-drupal-teaser').url, {
      bodySelector: '.field--name-body',
      remove: ['.pub', 'p:last-child'],
    });
    assert.equal(a.method, 'selector');
    assert.ok(a.text.startsWith('Après deux années de sécheresse'));
    assert.ok(!a.text.includes('la balance commerciale'));
    assert.ok(!a.text.includes('Le prix du pain'), 'the clutter inside the chosen element still goes');
  });

  test('a selector that matches nothing (or is invalid) falls back to readability', () => {
    for (const bodySelector of ['.no-such-body', '[[[']) {
      const a = extractArticle(page('fr-drupal-teaser'), caseOf('fr-drupal-teaser').url, {
        bodySelector,
        remove: ['>>>'],
      });
      assert.equal(a.method, 'readability');
      assert.ok(a.text.includes('Après deux années de sécheresse'));
    }
  });

  test('timezone option reads zone-less dates', () => {
    const a = extractArticle(page('ar-custom-rtl'), caseOf('ar-custom-rtl').url, { timezone: 'UTC' });
    assert.equal(a.publishedAt?.toISOString(), '2025-05-09T18:45:00.000Z');
  });
});
