import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { SourceConfig } from '../../src/sources/index.ts';
import { mergeIntoSourcesYaml, parseOpml, parseSourcesFile } from '../../src/sources/index.ts';
import { KiosqueError } from '../../src/util/errors.ts';

const EXISTING = `# Kiosque sources — edited by hand, keep these notes.

sources:
  # French press
  - slug: le360
    name: Le360
    homepage: https://fr.le360.ma/
    language: fr
    feeds:
      - https://fr.le360.ma/feed/   # the main feed

  - slug: hespress
    name: "هسبريس"
    homepage: https://www.hespress.com/
    language: ar
    feeds:
      - https://www.hespress.com/feed
    mode: excerpt # paywall tests
`;

function source(
  over: Partial<SourceConfig> & Pick<SourceConfig, 'slug' | 'homepage' | 'feeds'>,
): SourceConfig {
  return {
    name: over.slug,
    language: 'fr',
    timezone: 'Africa/Casablanca',
    mode: 'full',
    enabled: true,
    ...over,
  };
}

describe('mergeIntoSourcesYaml', () => {
  test('appends new sources and keeps every comment and line of the file', () => {
    const result = mergeIntoSourcesYaml(EXISTING, [
      source({
        slug: 'telquel',
        name: 'TelQuel',
        homepage: 'https://telquel.ma/',
        feeds: [
          { url: 'https://telquel.ma/feed' },
          { url: 'https://telquel.ma/categorie/economie/feed', category: 'Économie' },
        ],
      }),
    ]);
    assert.deepEqual(result.added, ['telquel']);
    assert.deepEqual(result.skipped, []);
    assert.ok(result.text.startsWith(EXISTING), result.text);
    assert.match(result.text, /# the main feed/);
    const sources = parseSourcesFile(result.text, 'merged.yaml');
    assert.deepEqual(
      sources.map((s) => s.slug),
      ['le360', 'hespress', 'telquel'],
    );
    assert.deepEqual(sources[2]?.feeds, [
      { url: 'https://telquel.ma/feed' },
      { url: 'https://telquel.ma/categorie/economie/feed', category: 'Économie' },
    ]);
    // Defaults are not written out; the new entry follows the blank-line layout.
    assert.doesNotMatch(result.text.slice(EXISTING.length), /timezone|mode|enabled/);
    assert.match(result.text.slice(EXISTING.length), /^\n {2}- slug: telquel\n/);
  });

  test('skips a source whose feed is already in the file', () => {
    const result = mergeIntoSourcesYaml(EXISTING, [
      source({
        slug: 'le360-fr',
        homepage: 'https://fr.le360.ma/',
        feeds: [{ url: 'https://FR.le360.ma/feed/' }],
      }),
    ]);
    assert.deepEqual(result.added, []);
    assert.deepEqual(result.skipped, [
      { slug: 'le360-fr', reason: 'feed https://fr.le360.ma/feed/ is already in the file (source "le360")' },
    ]);
    assert.equal(result.text, EXISTING);
  });

  test('skips a source whose slug and homepage are already there', () => {
    const result = mergeIntoSourcesYaml(EXISTING, [
      source({ slug: 'le360', homepage: 'https://fr.le360.ma', feeds: [{ url: 'https://fr.le360.ma/rss' }] }),
    ]);
    assert.equal(result.skipped.length, 1);
    assert.match(result.skipped[0]!.reason, /already in the file/);
  });

  test('renames a new publication whose slug is taken: -2, then -3', () => {
    const result = mergeIntoSourcesYaml(EXISTING, [
      source({
        slug: 'le360',
        homepage: 'https://le360.example.com/',
        feeds: [{ url: 'https://le360.example.com/feed' }],
      }),
      source({
        slug: 'le360',
        homepage: 'https://le360.example.net/',
        feeds: [{ url: 'https://le360.example.net/feed' }],
      }),
    ]);
    assert.deepEqual(result.added, ['le360-2', 'le360-3']);
    assert.deepEqual(
      parseSourcesFile(result.text, 'merged.yaml').map((s) => s.slug),
      ['le360', 'hespress', 'le360-2', 'le360-3'],
    );
  });

  test('writes non-default settings', () => {
    const result = mergeIntoSourcesYaml(EXISTING, [
      source({
        slug: 'ledesk',
        homepage: 'https://ledesk.ma/',
        feeds: [{ url: 'https://ledesk.ma/feed/' }],
        mode: 'excerpt',
        enabled: false,
        timezone: 'Europe/Paris',
        fetch: { maxBytes: 1024, headers: { 'X-A': 'b' } },
        extract: { remove: ['.paywall'] },
      }),
    ]);
    const [, , ledesk] = parseSourcesFile(result.text, 'merged.yaml');
    assert.equal(ledesk?.mode, 'excerpt');
    assert.equal(ledesk?.enabled, false);
    assert.equal(ledesk?.timezone, 'Europe/Paris');
    assert.deepEqual(ledesk?.fetch, { maxBytes: 1024, headers: { 'X-A': 'b' } });
    assert.deepEqual(ledesk?.extract, { remove: ['.paywall'] });
  });

  test('into an empty file, or one with "sources: []"', () => {
    const incoming = [
      source({
        slug: 'goud',
        homepage: 'https://www.goud.ma/',
        feeds: [{ url: 'https://www.goud.ma/feed/' }],
      }),
    ];
    for (const text of ['', '# my sources\n', 'sources: []\n']) {
      const result = mergeIntoSourcesYaml(text, incoming);
      assert.deepEqual(result.added, ['goud'], text);
      assert.equal(parseSourcesFile(result.text, 'x.yaml')[0]?.slug, 'goud');
      if (text.startsWith('#')) assert.match(result.text, /# my sources/);
    }
  });

  test('keeps a file written with unindented lists unindented', () => {
    const text =
      'sources:\n- slug: a\n  name: A\n  homepage: https://a.ma/\n  language: fr\n  feeds:\n  - https://a.ma/feed\n';
    const result = mergeIntoSourcesYaml(text, [
      source({ slug: 'b', homepage: 'https://b.ma/', feeds: [{ url: 'https://b.ma/feed' }] }),
    ]);
    assert.ok(result.text.startsWith(text), result.text);
    assert.equal(parseSourcesFile(result.text, 'x.yaml').length, 2);
  });

  test('an OPML import merges into the shipped sources file and the result still loads', () => {
    const shipped = readFileSync(new URL('../../config/sources.yaml', import.meta.url), 'utf8');
    const imported = parseOpml(`<opml version="2.0"><body>
      <outline text="Hespress" xmlUrl="https://www.hespress.com/feed" htmlUrl="https://www.hespress.com/"/>
      <outline text="Nouveau Média" xmlUrl="https://nouveau-media.ma/feed/" htmlUrl="https://nouveau-media.ma/"/>
      <outline text="Le360" xmlUrl="https://le360.example.org/feed" htmlUrl="https://le360.example.org/"/>
    </body></opml>`);
    const result = mergeIntoSourcesYaml(shipped, imported);
    assert.deepEqual(result.added, ['nouveau-media', 'le360-2']);
    assert.deepEqual(
      result.skipped.map((s) => s.slug),
      ['hespress'],
    );
    assert.ok(result.text.startsWith(shipped));
    const all = parseSourcesFile(result.text, 'config/sources.yaml');
    assert.equal(all.at(-1)?.slug, 'le360-2');
  });

  test('refuses a file that is not valid YAML', () => {
    assert.throws(
      () => mergeIntoSourcesYaml('sources: [\n', []),
      (err: unknown) => err instanceof KiosqueError && err.kind === 'config',
    );
  });
});
