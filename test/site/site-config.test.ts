// The site file: defaults, a full file, and wrong lines refused with file:line.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config/index.ts';
import { RESERVED_SLUGS } from '../../src/sources/index.ts';
import {
  defaultSiteConfig,
  loadSiteConfig,
  parseSiteConfig,
  SiteConfigError,
} from '../../src/web/site-config.ts';

describe('site configuration', () => {
  test('defaults: French at /fr, Arabic at /ar, Casablanca, publisher canonical', () => {
    const c = defaultSiteConfig({});
    assert.deepEqual(
      c.editions.map((e) => [e.language, e.prefix, e.sources]),
      [
        ['fr', '/fr', 'all'],
        ['ar', '/ar', 'all'],
      ],
    );
    assert.equal(c.timezone, 'Africa/Casablanca');
    assert.equal(c.baseUrl, 'http://localhost:3000');
    assert.equal(c.canonical, 'publisher');
    assert.equal(
      defaultSiteConfig(loadConfig({ KIOSQUE_BASE_URL: 'https://k.example/' })).baseUrl,
      'https://k.example',
    );
    assert.throws(
      () => loadConfig({ KIOSQUE_BASE_URL: 'kiosque.example' }),
      /KIOSQUE_BASE_URL="kiosque.example" must be an absolute http\(s\) URL/,
    );
  });

  test('the shipped config/site.yaml is the defaults', () => {
    const c = loadSiteConfig({ siteFile: 'config/site.yaml' });
    assert.deepEqual(c, defaultSiteConfig({}));
  });

  test('a missing default file gives the defaults; a named missing file is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosque-site-'));
    try {
      assert.throws(
        () => loadSiteConfig(loadConfig({ KIOSQUE_SITE: join(dir, 'none.yaml') })),
        /does not exist/,
      );
      const file = join(dir, 'site.yaml');
      writeFileSync(file, 'canonical: self\n');
      assert.equal(loadSiteConfig({ siteFile: file }).canonical, 'self');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an Arabic edition at the root with named sources', () => {
    const c = parseSiteConfig(
      [
        'editions:',
        '  - { language: ar, prefix: /, name: "أخبار", sources: [al-akhbar, al-youm] }',
        '  - { language: fr, prefix: /fr, name: Nouvelles }',
        'timezone: Europe/Paris',
        'baseUrl: https://news.example/',
        'canonical: self',
      ].join('\n'),
      'site.yaml',
      {},
    );
    assert.deepEqual(c.editions[0], {
      language: 'ar',
      prefix: '/',
      name: 'أخبار',
      sources: ['al-akhbar', 'al-youm'],
    });
    assert.equal(c.editions[1]?.sources, 'all');
    assert.equal(c.timezone, 'Europe/Paris');
    assert.equal(c.baseUrl, 'https://news.example');
    assert.equal(c.canonical, 'self');
  });

  test('every wrong line is reported with file:line:column', () => {
    const text = [
      'editions:',
      '  - language: en',
      '    prefix: fr/',
      '    colour: red',
      '  - language: ar',
      '    prefix: /ar',
      '  - language: fr',
      '    prefix: /ar',
      'timezone: Mars/Olympus',
      'canonical: maybe',
      'baseUrl: ftp://x',
      'theme: dark',
    ].join('\n');
    const err = (() => {
      try {
        parseSiteConfig(text, 'site.yaml', {});
      } catch (e) {
        return e as SiteConfigError;
      }
      return null;
    })();
    assert.ok(err instanceof SiteConfigError);
    assert.equal(err.kind, 'config');
    const lines = err.problems.map((p) => p.line);
    assert.deepEqual(lines, [2, 3, 4, 8, 9, 10, 11, 12]);
    assert.match(err.message, /^site\.yaml:2:\d+: language must be "fr" or "ar"/m);
    assert.match(err.message, /site\.yaml:8:\d+: prefix "\/ar" is already used/);
    assert.match(err.message, /site\.yaml:12:1: unknown key "theme"/);
    assert.throws(() => parseSiteConfig('editions: [\n', 'bad.yaml', {}), /bad\.yaml:\d+:\d+: YAML syntax/);
  });

  test('the words the site routes are reserved as source slugs', () => {
    for (const word of [
      'categorie',
      'auteur',
      'archives',
      'sources',
      'rss.xml',
      'atom.xml',
      'sitemap.xml',
      'sitemaps',
      'robots.txt',
      'static',
      'img',
      'api',
      'fr',
      'ar',
    ]) {
      assert.ok(RESERVED_SLUGS.has(word), word);
    }
  });
});
