// Worst cases, generated here (no 30 MB fixtures in the repository): each
// must be parsed or refused in well under two seconds of CPU, never quadratic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed, type ParsedFeed } from '../../src/feeds/index.ts';
import { KiosqueError } from '../../src/util/errors.ts';

const OPTIONS = {
  url: 'https://www.exemple.ma/rss',
  timezone: 'Africa/Casablanca',
  now: new Date('2025-06-01T12:00:00Z'),
};
const BUDGET_MS = 2000;

function rss(items: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://www.exemple.ma/</link>${items}</channel></rss>`;
}

// CPU time of the parse alone, so a busy shared machine does not make the test flaky.
function timed(text: string): { feed: ParsedFeed | null; error: unknown; cpuMs: number } {
  const before = process.cpuUsage();
  let feed: ParsedFeed | null = null;
  let error: unknown = null;
  try {
    feed = parseFeed(text, OPTIONS);
  } catch (err) {
    error = err;
  }
  const used = process.cpuUsage(before);
  return { feed, error, cpuMs: (used.user + used.system) / 1000 };
}

test('a 400 KB feed dense with entity references', () => {
  const dense = '&amp;&lt;p&gt;&eacute;&#233;&#x2019;&nbsp;&rsquo;'.repeat(400_000 / 50);
  const { feed, cpuMs } = timed(
    rss(`<item><title>${'&eacute;'.repeat(2000)}</title><description>${dense}</description></item>`),
  );
  assert.ok(cpuMs < BUDGET_MS, `${cpuMs} ms`);
  assert.equal(feed!.entries[0]!.title.slice(0, 3), 'ééé');
  assert.ok(feed!.entries[0]!.summary!.length <= 1000);
});

test('a 30 MB text node', () => {
  const { feed, cpuMs } = timed(
    rss(`<item><title>Énorme</title><description>${'mot '.repeat(7_500_000)}</description></item>`),
  );
  assert.ok(cpuMs < BUDGET_MS, `${cpuMs} ms`);
  assert.equal(feed!.entries[0]!.title, 'Énorme');
  assert.ok(feed!.entries[0]!.summary!.length <= 1000);
});

test('100,000 nested tags, closed, unclosed, and with stray close tags', () => {
  const inputs = [
    rss(
      `<item><title>Profond</title><description>${'<div>'.repeat(100_000)}fond${'</div>'.repeat(100_000)}</description></item>`,
    ),
    rss(`<item><title>Profond</title><x>${'<x>'.repeat(100_000)}</x></item>`),
    rss(`<item><title>Profond</title>${'<x>'.repeat(50_000)}${'</y>'.repeat(100_000)}</item>`),
    rss(
      `<item><title>Profond</title><content:encoded>${'&lt;b&gt;'.repeat(100_000)}texte</content:encoded></item>`,
    ),
  ];
  for (const input of inputs) {
    const { feed, error, cpuMs } = timed(input);
    assert.ok(cpuMs < BUDGET_MS, `${cpuMs} ms`);
    assert.equal(error, null);
    assert.equal(feed!.entries[0]!.title, 'Profond');
  }
});

test('100,000 items', () => {
  const { feed, cpuMs } = timed(rss('<item><title>t</title><link>/a</link></item>'.repeat(100_000)));
  assert.ok(cpuMs < 4 * BUDGET_MS, `${cpuMs} ms`);
  assert.equal(feed!.entries.length, 100_000);
});

test('pathological CDATA, comments, images and angle brackets stay linear', () => {
  const inputs = [
    rss(`<item><title>x</title><description>${'<![CDATA[ a '.repeat(100_000)}</description></item>`),
    rss(`<item><title>x</title><description>${'<![CDATA[ a '.repeat(100_000)}]]></description></item>`),
    rss(
      `<item><title>x</title><description>${'<![CDATA[ a '.repeat(50_000)}${']]>'.repeat(50_000)}</description></item>`,
    ),
    rss(`<item><title>x</title>${'<d><![CDATA[ a '.repeat(50_000)}</d></item>`),
    rss(`<item><title>x</title><description>${'&lt;img '.repeat(100_000)}</description></item>`),
    rss(
      `<item><title>${'&lt;!-- '.repeat(100_000)}</title><description>${'<'.repeat(300_000)}</description></item>`,
    ),
    rss(`<item><title>x</title><description>${'<!--'.repeat(100_000)}</description></item>`),
    rss(
      `<item><title>x</title><link>${'?&'.repeat(200_000)}</link><pubDate>${'1'.repeat(100_000)}</pubDate></item>`,
    ),
  ];
  for (const input of inputs) {
    const { error, cpuMs } = timed(input);
    assert.ok(cpuMs < BUDGET_MS, `${cpuMs} ms`);
    assert.equal(error, null);
  }
});

test('a billion laughs is refused at once, before any expansion', () => {
  const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'a'.repeat(100)}">${Array.from({ length: 10 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i || ''};`.repeat(10)}">`).join('')}]>${rss('<item><title>&a10;</title></item>')}`;
  const { error, cpuMs } = timed(bomb);
  assert.ok(cpuMs < 100, `${cpuMs} ms`);
  assert.ok(error instanceof KiosqueError && error.kind === 'unsafe_xml');
});

test('a typical 50-entry feed parses whole (its speed is measured by npm run bench:ingest, not here)', () => {
  const item = (i: number) =>
    `<item><title>Titre ${i} &amp; l&#8217;été</title><link>https://www.exemple.ma/a/${i}?utm_source=rss</link><guid>g${i}</guid><pubDate>Mon, 03 Mar 2025 14:05:00 +0100</pubDate><dc:creator>Rédaction</dc:creator><description><![CDATA[<p>Résumé ${i} ${'texte '.repeat(40)}</p>]]></description><content:encoded><![CDATA[<p>${'Un paragraphe. '.repeat(60)}</p><img src="/i/${i}.jpg">]]></content:encoded><category>Maroc</category></item>`;
  const feed = rss(Array.from({ length: 50 }, (_, i) => item(i)).join('\n'));
  const parsed = parseFeed(feed, OPTIONS);
  assert.equal(parsed.entries.length, 50);
  assert.equal(parsed.entries[7]?.title, 'Titre 7 & l\u2019été');
});

// An archive dump: thousands of entries in no particular order. With
// maxEntries the parse keeps the newest while reading (so the tree of the
// others is never held), and must choose exactly what reading them all and
// then keeping the newest would: dated ones newest first, ties and undated
// ones in the feed's order.
test('maxEntries keeps the newest entries while reading, as a full read would', () => {
  const day = Date.parse('2025-05-01T00:00:00Z');
  const items: string[] = [];
  const atomEntries: string[] = [];
  for (let i = 0; i < 5_000; i++) {
    // A spread of dates, out of order, some repeated, every 7th undated.
    const when = i % 7 === 0 ? null : new Date(day + ((i * 7919) % 3001) * 600_000);
    const pub = when ? `<pubDate>${when.toUTCString()}</pubDate>` : '';
    items.push(`<item><title>n${i}</title><link>/a/${i}</link>${pub}</item>`);
    const published = when ? `<published>${when.toISOString()}</published>` : '';
    atomEntries.push(`<entry><title>n${i}</title><id>urn:n${i}</id>${published}</entry>`);
  }
  const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>${atomEntries.join('')}</feed>`;
  for (const text of [rss(items.join('')), atom]) {
    const whole = parseFeed(text, OPTIONS);
    assert.equal(whole.entries.length, 5_000);
    assert.equal(whole.omitted, undefined);
    const expected = whole.entries
      .map((e, i) => ({ e, i }))
      .sort(
        (a, b) =>
          (b.e.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY) -
            (a.e.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY) || a.i - b.i,
      )
      .slice(0, 1_000)
      .map((x) => x.e.title)
      .sort();
    const bounded = parseFeed(text, { ...OPTIONS, maxEntries: 1_000 });
    assert.equal(bounded.entries.length, 1_000);
    assert.equal(bounded.omitted, 4_000);
    assert.deepEqual(bounded.entries.map((e) => e.title).sort(), expected);
  }
  // A feed under the bound is read whole, with nothing said omitted.
  const small = parseFeed(rss(items.slice(0, 50).join('')), { ...OPTIONS, maxEntries: 1_000 });
  assert.equal(small.entries.length, 50);
  assert.equal(small.omitted, undefined);
});
