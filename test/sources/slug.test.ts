import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidSlug, RESERVED_SLUGS, slugFromHost, slugify, uniqueSlug } from '../../src/sources/index.ts';

describe('slugs', () => {
  test('slugify folds accents, drops apostrophes, joins words with hyphens', () => {
    const cases: Array<[string, string]> = [
      ['Médias24', 'medias24'],
      ["L'Économiste", 'leconomiste'],
      ['Aujourd’hui le Maroc', 'aujourdhui-le-maroc'],
      ['La Vie éco', 'la-vie-eco'],
      ['  Maroc — Diplomatique!! ', 'maroc-diplomatique'],
      ['Cœur de ville', 'coeur-de-ville'],
      ['هسبريس', ''],
    ];
    for (const [name, slug] of cases) assert.equal(slugify(name), slug, name);
  });

  test('slugify keeps slugs within 64 characters', () => {
    const slug = slugify('Le très long nom '.repeat(10));
    assert.ok(slug.length <= 64 && isValidSlug(slug), slug);
  });

  test('slugFromHost drops www and the public suffix', () => {
    assert.equal(slugFromHost('https://www.alyaoum24.com/'), 'alyaoum24');
    assert.equal(slugFromHost('https://ar.le360.ma/'), 'ar-le360');
    assert.equal(slugFromHost('not a url'), '');
  });

  test('uniqueSlug suffixes -2, -3 and avoids reserved words', () => {
    const taken = new Set(['le360', 'le360-2']);
    assert.equal(
      uniqueSlug('le360', (s) => taken.has(s)),
      'le360-3',
    );
    assert.equal(
      uniqueSlug('rss', () => false),
      'rss-2',
    );
    assert.equal(
      uniqueSlug('', () => false),
      'publication',
    );
  });

  test('the reserved words include the routes of the site and API', () => {
    for (const word of [
      'api',
      'admin',
      'feed',
      'sitemap.xml',
      'robots.txt',
      'healthz',
      'favicon.ico',
      'fr',
      'ar',
    ]) {
      assert.ok(RESERVED_SLUGS.has(word), word);
      assert.equal(isValidSlug(word), false, word);
    }
    assert.equal(RESERVED_SLUGS.size, 35);
  });
});
