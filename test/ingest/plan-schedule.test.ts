import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FeedEntry } from '../../src/feeds/types.ts';
import { cacheFloor, decideSchedule, learnInterval } from '../../src/ingest/index.ts';
import {
  guidsAreBroken,
  PRINT_CHARS,
  planArticles,
  planChangedArticles,
  readPrints,
} from '../../src/ingest/plan.ts';

const entry = (n: number, extra: Partial<FeedEntry> = {}): FeedEntry => ({
  guid: `g${n}`,
  url: `https://pub.example/${n}.html`,
  title: `Titre ${n}`,
  author: null,
  summary: `Résumé ${n}`,
  contentHtml: `<p>Premier paragraphe ${n}.</p><p>Second paragraphe.</p>`,
  categories: ['Politique'],
  publishedAt: new Date(Date.UTC(2026, 10, 28, 10, n)),
  updatedAt: null,
  images: [],
  ...extra,
});
const ctx = { language: 'fr', feedCategory: null, fetchedAt: new Date('2026-11-29T00:00:00Z') };

describe('planChangedArticles: what the feed said last time is not planned again', () => {
  const feed = [entry(1), entry(2), entry(3)];
  const first = planChangedArticles(feed, ctx, readPrints(null));

  test('with no prints every entry is planned, as planArticles plans it, and each has its print', () => {
    assert.deepEqual(first.candidates, planArticles(feed, ctx));
    assert.equal(first.prints.length, feed.length * PRINT_CHARS);
    assert.equal(readPrints(first.prints).size, feed.length);
  });

  test('a new entry and an edited one are planned; the others are left out', () => {
    const next = [entry(4), entry(1), entry(2, { title: 'Titre 2, corrigé' }), entry(3)];
    const run = planChangedArticles(next, ctx, readPrints(first.prints));
    assert.deepEqual(
      run.candidates.map((c) => c.title),
      ['Titre 4', 'Titre 2, corrigé'],
    );
    // The planned ones are the same articles planArticles makes of the whole feed.
    const whole = planArticles(next, ctx);
    assert.deepEqual(run.candidates, [whole[0], whole[2]]);
  });

  test('what the plan depends on beyond the entry plans them all again', () => {
    const known = readPrints(first.prints);
    // The source's settings: its mode, its language, the feed's category.
    assert.equal(
      planChangedArticles(feed, { ...ctx, mode: 'excerpt' }, known).candidates.length,
      feed.length,
    );
    assert.equal(planChangedArticles(feed, { ...ctx, language: 'ar' }, known).candidates.length, feed.length);
    assert.equal(
      planChangedArticles(feed, { ...ctx, feedCategory: 'Sport' }, known).candidates.length,
      feed.length,
    );
    // The document: a guid repeated in it makes every guid worthless, so every identity changes.
    const repeated = planChangedArticles([...feed, entry(9, { guid: 'g1' })], ctx, known);
    assert.equal(repeated.candidates.length, feed.length + 1);
    assert.ok(repeated.candidates.every((c) => !c.identity.startsWith('guid:')));
    // An image or a date of the entry.
    const changed = [
      entry(1, { images: [{ url: 'https://cdn.example/a.jpg', from: 'enclosure' }] }),
      entry(2, { updatedAt: new Date(Date.UTC(2026, 10, 28, 12)) }),
      entry(3),
    ];
    assert.deepEqual(
      planChangedArticles(changed, ctx, known).candidates.map((c) => c.guid),
      ['g1', 'g2'],
    );
  });

  test('prints that are not whole are ignored', () => {
    assert.equal(readPrints(first.prints.slice(0, PRINT_CHARS + 3)).size, 1);
    assert.equal(readPrints('').size, 0);
  });
});

describe('planArticles', () => {
  test("an excerpt keeps no body but shows its lead image: the feed's own, else the body's first", () => {
    const withImages = {
      contentHtml:
        '<p><img src="/img/une.jpg" alt="La une"></p><p>Texte.</p><p><img src="/img/deux.jpg"></p>',
    };
    const [fromBody] = planArticles([entry(1, withImages)], { ...ctx, mode: 'excerpt' });
    assert.equal(fromBody!.contentHtml, null);
    assert.equal(fromBody!.text, 'Résumé 1');
    assert.equal(fromBody!.leadImageUrl, 'https://pub.example/img/une.jpg');
    assert.deepEqual(
      fromBody!.images.map((i) => i.url),
      ['https://pub.example/img/une.jpg'],
    );
    const [fromFeed] = planArticles(
      [
        entry(2, {
          ...withImages,
          images: [{ url: 'https://cdn.example/media.jpg', from: 'media:content' }],
        }),
      ],
      { ...ctx, mode: 'excerpt' },
    );
    assert.deepEqual(
      fromFeed!.images.map((i) => i.url),
      ['https://cdn.example/media.jpg'],
    );
    // A full source keeps them all.
    const [full] = planArticles([entry(3, withImages)], ctx);
    assert.equal(full!.images.length, 2);
  });

  test('a good guid is the identity; text keeps paragraph breaks', () => {
    const [a] = planArticles([entry(1)], ctx);
    assert.equal(a!.identity, 'guid:g1');
    assert.equal(a!.matchByUrl, true);
    assert.equal(a!.category, 'Politique');
    assert.match(a!.text!, /1\.\s*\n+\s*Second/);
    assert.equal(a!.publishedAtGuessed, false);
  });

  test('one guid repeated for every item: the URL decides', () => {
    const entries = [entry(1, { guid: 'same' }), entry(2, { guid: 'same' })];
    assert.equal(guidsAreBroken(entries), true);
    assert.deepEqual(
      planArticles(entries, ctx).map((a) => a.identity),
      ['url:https://pub.example/1.html', 'url:https://pub.example/2.html'],
    );
  });

  test('guids built from the title are not trusted', () => {
    const entries = [entry(1, { guid: 'Titre 1' }), entry(2, { guid: 'Titre 2' })];
    assert.equal(guidsAreBroken(entries), true);
  });

  test('no guid and one URL for every item: a hash of URL and date', () => {
    const entries = [
      entry(1, { guid: null, url: 'https://pub.example/' }),
      entry(2, { guid: null, url: 'https://pub.example/' }),
    ];
    const planned = planArticles(entries, ctx);
    assert.match(planned[0]!.identity, /^hash:[0-9a-f]{40}$/);
    assert.notEqual(planned[0]!.identity, planned[1]!.identity);
    assert.equal(planned[0]!.matchByUrl, false);
    // Stable from one run to the next.
    assert.equal(planArticles(entries, ctx)[0]!.identity, planned[0]!.identity);
  });

  test('NUL characters from a publisher are dropped (PostgreSQL refuses them in text)', () => {
    const [a] = planArticles(
      [entry(1, { title: 'Ti\u0000tre', summary: 'a\u0000b', guid: 'g\u00001' })],
      ctx,
    );
    assert.equal(a!.title, 'Titre');
    assert.equal(a!.summary, 'ab');
    assert.equal(a!.identity, 'guid:g1');
  });

  test('no date: the fetch time stands in, marked as a guess', () => {
    const [a] = planArticles([entry(1, { publishedAt: null, updatedAt: null })], ctx);
    assert.equal(a!.publishedAt, '2026-11-29T00:00:00.000Z');
    assert.equal(a!.publishedAtGuessed, true);
    const [b] = planArticles(
      [entry(1, { publishedAt: null, updatedAt: new Date('2026-11-28T08:00:00Z') })],
      ctx,
    );
    assert.equal(b!.publishedAt, '2026-11-28T08:00:00.000Z');
  });

  test('the feed category wins; title mode keeps title and link only; content changes change the hash', () => {
    const [a] = planArticles([entry(1)], { ...ctx, feedCategory: 'Sport', mode: 'title' });
    assert.equal(a!.category, 'Sport');
    assert.equal(a!.contentHtml, null);
    assert.equal(a!.summary, null);
    const [x] = planArticles([entry(1)], ctx);
    const [y] = planArticles([entry(1, { title: 'Titre modifié' })], ctx);
    assert.notEqual(x!.contentHash, y!.contentHash);
  });
});

describe('schedule', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const noJitter = () => 0.5;

  test('a feed publishing every 20 minutes is polled every 10', () => {
    const dates = Array.from({ length: 10 }, (_, i) => new Date(now.getTime() - i * 20 * 60_000));
    assert.equal(learnInterval(900, dates, now), 600);
  });

  test('the interval stays between 2 minutes and 6 hours', () => {
    const burst = Array.from({ length: 10 }, (_, i) => new Date(now.getTime() - i * 10_000));
    assert.equal(learnInterval(900, burst, now), 120);
    assert.equal(learnInterval(6 * 3600, [], now), 6 * 3600);
  });

  test('errors back off exponentially and a feed failing for a day is marked failing', () => {
    let state = { intervalS: 900, consecutiveErrors: 0, failingSince: null as string | null };
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const d = decideSchedule({ ...state, outcome: 'error', entryDates: [], now, random: noJitter });
      waits.push((Date.parse(d.nextFetchAt) - now.getTime()) / 60_000);
      state = {
        intervalS: d.intervalS,
        consecutiveErrors: d.consecutiveErrors,
        failingSince: d.failingSince,
      };
      assert.equal(d.status, 'error');
    }
    assert.deepEqual(waits, [15, 30, 60, 120, 240, 360, 360]);
    const dayLater = new Date(now.getTime() + 25 * 3600_000);
    const d = decideSchedule({ ...state, outcome: 'error', entryDates: [], now: dayLater, random: noJitter });
    assert.equal(d.status, 'failing');
    const healed = decideSchedule({
      ...state,
      outcome: 'ok',
      entryDates: [],
      now: dayLater,
      random: noJitter,
    });
    assert.deepEqual([healed.status, healed.consecutiveErrors, healed.failingSince], ['ok', 0, null]);
  });

  test("a publisher's Retry-After is remembered and respected", () => {
    const retryAfter = new Date(now.getTime() + 3 * 3600_000);
    const d = decideSchedule({
      intervalS: 900,
      consecutiveErrors: 0,
      failingSince: null,
      outcome: 'error',
      error: { kind: 'rate_limited', message: 'HTTP 429', retryAfter },
      entryDates: [],
      now,
      random: noJitter,
    });
    assert.equal(d.retryAfterUntil, retryAfter.toISOString());
    assert.ok(Date.parse(d.nextFetchAt) >= retryAfter.getTime());
  });

  test('jitter spreads polls by ±10%', () => {
    const lo = decideSchedule({
      intervalS: 1000,
      consecutiveErrors: 0,
      failingSince: null,
      outcome: 'not_modified',
      entryDates: [],
      now,
      random: () => 0,
    });
    const hi = decideSchedule({
      intervalS: 1000,
      consecutiveErrors: 0,
      failingSince: null,
      outcome: 'not_modified',
      entryDates: [],
      now,
      random: () => 1,
    });
    assert.equal((Date.parse(lo.nextFetchAt) - now.getTime()) / 1000, 1125);
    assert.equal((Date.parse(hi.nextFetchAt) - now.getTime()) / 1000, 1375);
  });

  test("the publisher's Cache-Control max-age or Expires is a floor between polls, within the six-hour ceiling", () => {
    const at = (d: { nextFetchAt: string }) => (Date.parse(d.nextFetchAt) - now.getTime()) / 1000;
    const ok = {
      intervalS: 600,
      consecutiveErrors: 0,
      failingSince: null,
      entryDates: [],
      now,
      random: noJitter,
    };
    // Polled sooner by its rhythm (600 s × 1.25 after a 304), later because the publisher asked.
    const floor = cacheFloor({ 'cache-control': 'public, max-age=1800' }, now);
    assert.equal(at(decideSchedule({ ...ok, outcome: 'not_modified', freshUntil: floor })), 1800);
    assert.equal(at(decideSchedule({ ...ok, outcome: 'not_modified', freshUntil: null })), 750);
    // A shorter max-age than the rhythm changes nothing.
    const short = cacheFloor({ 'cache-control': 'max-age=60' }, now);
    assert.equal(at(decideSchedule({ ...ok, outcome: 'not_modified', freshUntil: short })), 750);
    // A year is six hours.
    const year = cacheFloor({ 'cache-control': 'max-age=31536000' }, now);
    assert.equal(at(decideSchedule({ ...ok, outcome: 'ok', freshUntil: year })), 6 * 3600);
  });

  test('cacheFloor reads max-age less Age, else Expires against the Date header, and nothing from no-cache', () => {
    const seconds = (h: Record<string, string>) => {
      const d = cacheFloor(h, now);
      return d ? (d.getTime() - now.getTime()) / 1000 : null;
    };
    assert.equal(seconds({ 'cache-control': 'max-age=600' }), 600);
    assert.equal(seconds({ 'cache-control': 'public, max-age="300", must-revalidate' }), 300);
    assert.equal(seconds({ 'cache-control': 'max-age=600', age: '200' }), 400);
    assert.equal(seconds({ 'cache-control': 'max-age=600', age: '900' }), null);
    assert.equal(seconds({ 'cache-control': 'no-cache, max-age=600' }), null);
    assert.equal(seconds({ 'cache-control': 'no-store' }), null);
    assert.equal(seconds({ 'cache-control': 'max-age=0' }), null);
    // max-age wins over Expires; Expires counts from the answer's own Date (a publisher's clock two hours off).
    assert.equal(seconds({ 'cache-control': 'max-age=60', expires: 'Sun, 29 Nov 2026 13:00:00 GMT' }), 60);
    assert.equal(
      seconds({ expires: 'Sun, 29 Nov 2026 14:15:00 GMT', date: 'Sun, 29 Nov 2026 14:00:00 GMT' }),
      900,
    );
    assert.equal(seconds({ expires: 'Sun, 29 Nov 2026 12:10:00 GMT' }), 600);
    assert.equal(seconds({ expires: '0' }), null);
    assert.equal(seconds({ expires: 'Sun, 29 Nov 2026 11:00:00 GMT' }), null);
    assert.equal(seconds({}), null);
  });

  test('a live publication (an article in the last 6 hours) is asked every 90 s, whatever its average gap; a quiet one by its rhythm', () => {
    const at = (d: { nextFetchAt: string }) => (Date.parse(d.nextFetchAt) - now.getTime()) / 1000;
    const base = { consecutiveErrors: 0, failingSince: null, now, random: noJitter };
    const every30min = Array.from({ length: 10 }, (_, i) => new Date(now.getTime() - (i + 1) * 30 * 60_000));
    // Its rhythm alone: a quarter of an hour; live: 90 s, and it stays so through 304s.
    assert.equal(at(decideSchedule({ ...base, intervalS: 900, outcome: 'ok', entryDates: every30min })), 900);
    const live = decideSchedule({
      ...base,
      intervalS: 900,
      outcome: 'ok',
      entryDates: every30min,
      newestArticleAt: every30min[0]!,
    });
    assert.equal(live.intervalS, 90);
    const again = decideSchedule({
      ...base,
      intervalS: live.intervalS,
      outcome: 'not_modified',
      entryDates: [],
      newestArticleAt: every30min[0]!,
    });
    assert.equal(again.intervalS, 90);
    // Quiet for 7 hours: 304s slow it down again.
    const quiet = decideSchedule({
      ...base,
      intervalS: 90,
      outcome: 'not_modified',
      entryDates: [],
      newestArticleAt: new Date(now.getTime() - 7 * 3600_000),
    });
    assert.equal(quiet.intervalS, 120);
  });

  test('the politeness budget holds whatever the rhythm, jitter included', () => {
    const base = { consecutiveErrors: 0, failingSince: null, now, entryDates: [], newestArticleAt: now };
    for (const perHour of [60, 20, 6]) {
      for (const r of [0, 0.5, 0.999]) {
        const d = decideSchedule({
          ...base,
          intervalS: 90,
          outcome: 'not_modified',
          random: () => r,
          requestsPerHour: perHour,
        });
        const waitS = (Date.parse(d.nextFetchAt) - now.getTime()) / 1000;
        assert.ok(waitS >= 3600 / perHour, `${perHour} an hour: waits ${waitS} s`);
      }
    }
  });
});
