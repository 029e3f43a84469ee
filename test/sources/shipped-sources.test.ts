import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { isValidSlug, loadSourcesFile } from '../../src/sources/index.ts';

const SHIPPED = fileURLToPath(new URL('../../config/sources.yaml', import.meta.url));

describe('config/sources.yaml', () => {
  test('loads, with at least 25 publications in both languages', async () => {
    const sources = await loadSourcesFile(SHIPPED);
    assert.ok(sources.length >= 25, `only ${sources.length} sources`);
    const fr = sources.filter((s) => s.language === 'fr');
    const ar = sources.filter((s) => s.language === 'ar');
    assert.ok(fr.length >= 10, `${fr.length} French sources`);
    assert.ok(ar.length >= 10, `${ar.length} Arabic sources`);
    for (const slug of ['hespress', 'hespress-fr', 'le360', 'le360-ar', 'medias24', 'telquel', 'alyaoum24']) {
      assert.ok(
        sources.some((s) => s.slug === slug),
        `missing ${slug}`,
      );
    }
  });

  test('every slug valid, every feed URL used once, https everywhere', async () => {
    const sources = await loadSourcesFile(SHIPPED);
    const feeds = new Set<string>();
    for (const source of sources) {
      assert.ok(isValidSlug(source.slug), source.slug);
      assert.ok(source.homepage.startsWith('https://'), source.homepage);
      for (const feed of source.feeds) {
        assert.ok(!feeds.has(feed.url), `${feed.url} appears twice`);
        feeds.add(feed.url);
        // A feed on another host than the homepage would be a copy-paste slip.
        assert.equal(new URL(feed.url).host, new URL(source.homepage).host, feed.url);
      }
    }
  });

  test('mostly full mode, a few excerpt', async () => {
    const sources = await loadSourcesFile(SHIPPED);
    const excerpt = sources.filter((s) => s.mode === 'excerpt').length;
    assert.ok(excerpt >= 1 && excerpt < sources.length / 2);
  });
});
