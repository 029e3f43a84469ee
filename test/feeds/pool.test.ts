// The bounded parser: same result as parseFeed, from worker threads that are
// reused, killed and replaced when over their time or memory bound.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closeFeedParserPool, parseFeed, parseFeedBounded } from '../../src/feeds/index.ts';
import { KiosqueError } from '../../src/util/errors.ts';

const OPTIONS = {
  url: 'https://www.exemple.ma/rss',
  timezone: 'Africa/Casablanca',
  now: new Date('2025-06-01T12:00:00Z'),
};
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const small = `<rss version="2.0"><channel><title>Petit</title><item><title>Un</title><link>/a/1</link><pubDate>Mon, 03 Mar 2025 14:05:00 GMT</pubDate></item></channel></rss>`;
const huge = `<rss version="2.0"><channel><title>Énorme</title><item><title>x</title><description>${'mot '.repeat(7_500_000)}</description></item></channel></rss>`;

function isKind(kind: string) {
  return (err: unknown) => err instanceof KiosqueError && err.kind === kind;
}

describe('parseFeedBounded', () => {
  after(() => closeFeedParserPool());

  test('gives what parseFeed gives, dates included', async () => {
    const feed = await parseFeedBounded(small, OPTIONS);
    assert.deepEqual(feed, parseFeed(small, OPTIONS));
    assert.ok(feed.entries[0]!.publishedAt instanceof Date);
  });

  test('rejects with the parser error kinds', async () => {
    await assert.rejects(parseFeedBounded('<html><body>page</body></html>', OPTIONS), isKind('not_a_feed'));
    await assert.rejects(
      parseFeedBounded('<!DOCTYPE rss [<!ENTITY a "b">]><rss/>', OPTIONS),
      (err: unknown) => isKind('unsafe_xml')(err) && (err as KiosqueError).url === OPTIONS.url,
    );
  });

  test('parses several feeds at once', async () => {
    const feeds = await Promise.all(Array.from({ length: 8 }, () => parseFeedBounded(small, OPTIONS)));
    assert.equal(feeds.length, 8);
    for (const feed of feeds) assert.equal(feed.entries[0]!.url, 'https://www.exemple.ma/a/1');
  });

  test('a parse over the time bound is killed with parse_timeout, and the pool recovers', async () => {
    await parseFeedBounded(small, OPTIONS); // a ready worker, so start-up is not what times out
    await assert.rejects(parseFeedBounded(huge, OPTIONS, { timeoutMs: 2 }), isKind('parse_timeout'));
    const feed = await parseFeedBounded(small, OPTIONS);
    assert.equal(feed.title, 'Petit');
  });

  test('a parse over the memory bound is killed with too_large, and the pool recovers', async () => {
    const many = `<rss><channel>${'<item><title>t</title><link>/a</link><category>c</category></item>'.repeat(200_000)}</channel></rss>`;
    await assert.rejects(
      parseFeedBounded(many, OPTIONS, { maxHeapMb: 8, timeoutMs: 20_000 }),
      isKind('too_large'),
    );
    assert.equal((await parseFeedBounded(small, OPTIONS)).title, 'Petit');
  });

  test('never blocks the caller event loop', async () => {
    await parseFeedBounded(small, OPTIONS);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const feed = await parseFeedBounded(huge, OPTIONS);
    clearInterval(timer);
    assert.equal(feed.title, 'Énorme');
    assert.ok(ticks >= 3, `only ${ticks} ticks during the parse`);
  });

  test('works from a plain node process that only registered tsx, and lets it exit when idle', async () => {
    // Like bin/kiosque.js: no --import tsx, register() in the main thread only.
    const script = `
      import { register } from 'tsx/esm/api';
      register();
      const { parseFeedBounded } = await import('./src/feeds/index.ts');
      const feed = await parseFeedBounded(${JSON.stringify(small)}, { url: 'https://www.exemple.ma/rss', timezone: 'UTC', now: new Date('2025-06-01T00:00:00Z') });
      console.log(JSON.stringify({ title: feed.title, date: feed.entries[0].publishedAt instanceof Date }));
    `;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { cwd: ROOT, timeout: 20_000, env: { ...process.env, NODE_OPTIONS: '' } },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    // The process ended by itself: the idle worker does not keep it alive.
    assert.deepEqual(JSON.parse(output.trim()), { title: 'Petit', date: true });
  });
});
