// The fixture press server's article pages, fetched on loopback through the
// crawler's own HTTP client (charsets and all), then extracted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { extractArticle } from '../../src/extract/index.ts';
import { createHttpClient, defaultHttpClientOptions, type HttpClient } from '../../src/fetch/index.ts';
import { type PressServer, startPressServer } from '../fixtures/press-server/index.ts';

describe('press server article pages', () => {
  let server: PressServer;
  let client: HttpClient;
  before(async () => {
    server = await startPressServer();
    client = createHttpClient({
      ...defaultHttpClientOptions({}),
      allowHosts: server.allowHosts,
      hostDelayMs: 0,
      respectRobots: false,
      totalTimeoutMs: 5000,
    });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('body, title, date and lead image on every publication', async () => {
    let checked = 0;
    for (const pub of server.publications) {
      const feed = pub.feeds[0]!;
      for (const entry of pub.entries(feed.url).slice(0, 3)) {
        const res = await client.fetch({ url: entry.url, kind: 'page' });
        assert.ok(res.ok && !res.notModified, `${entry.url}: ${res.ok ? '' : res.error.message}`);
        const a = extractArticle(res.text, res.url);
        const label = `${pub.slug} ${entry.url}`;
        assert.equal(a.title, entry.title.replace(/\s+/g, ' ').trim(), label);
        assert.equal(
          a.publishedAt?.getTime(),
          Math.floor(Date.parse(entry.publishedAt) / 1000) * 1000,
          label,
        );
        assert.match(a.leadImage ?? '', new RegExp(`^${pub.origin}/images/.+\\.(?:jpg|png)$`), label);
        assert.equal(a.language, pub.language, label);
        assert.equal(a.dir, pub.language === 'ar' ? 'rtl' : 'ltr', label);
        assert.equal(a.method, 'readability', label);
        assert.ok(a.text.length > 300, `${label}: ${a.text.length} chars`);
        // The body's paragraphs, without the page's clutter.
        assert.ok(a.excerpt && a.text.startsWith(a.excerpt.replace(/…$/, '').slice(0, 60)), label);
        for (const junk of [
          'Lire aussi',
          'اقرأ أيضا',
          'Partager',
          'WhatsApp',
          'Commentaires',
          'التعليقات',
          'Les plus lus',
          'الأكثر قراءة',
          'Publicité',
          'Tous droits réservés',
          'Photo d’illustration',
          'صورة تعبيرية',
        ]) {
          assert.ok(!a.text.includes(junk), `${label}: text has ${junk}`);
        }
        assert.ok(a.text.split('\n\n').length >= 4, `${label}: paragraphs kept apart`);
        assert.ok(a.author && a.author.length > 0, label);
        checked++;
      }
    }
    assert.ok(checked >= 12);
  });
});
