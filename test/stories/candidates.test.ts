// The pure half of detecting a batch, without a database: runs close in
// time, the bands worth looking up, the articles met, the candidates weighed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addBandRows,
  type BandRow,
  bandEntries,
  closeInTime,
  HOT_BAND_ROWS,
  indexTermStats,
  KEY_TERMS,
  keyHashes,
  keysMeet,
  LOOKUP_TERMS,
  lookupBands,
  MAX_CANDIDATES,
  NAME_KEYS,
  type Meeting,
  meetingArticles,
  ROWS_PER_BAND,
  rarity,
  storyTerms,
  termKey,
  termWeight,
  storyCandidates,
  bestMatch,
  termCounts,
  windowAround,
  windowShare,
} from '../../src/stories/index.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 8, 8, 12, 0);
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

test('a window spans as much before as after the article', () => {
  assert.deepEqual(windowAround(at(0), 2 * HOUR), { from: at(-2), to: at(2) });
});

test('a sorted batch is cut into runs within one window of their first article', () => {
  const batch = [0, 1, 3, 3.5, 10, 30].map((h, id) => ({ id, publishedAt: at(h) }));
  const runs = closeInTime(batch, 3 * HOUR).map((run) => run.map((a) => a.id));
  assert.deepEqual(runs, [[0, 1, 2], [3], [4], [5]]);
  assert.deepEqual(closeInTime([], HOUR), []);
});

test("a batch's terms are counted once per article that has them", () => {
  const counts = termCounts([{ terms: ['seisme', 'agadir'] }, { terms: ['seisme', 'taroudant'] }]);
  assert.deepEqual([...counts].sort(), [
    ['agadir', 1],
    ['seisme', 2],
    ['taroudant', 1],
  ]);
});

test("the index's size is the span of its ids up to the batch's newest", () => {
  const df = () => 0;
  assert.equal(indexTermStats(100, 149, df).articles, 50);
  assert.equal(indexTermStats(null, 149, df).articles, 1, 'an empty index: the batch alone');
  assert.equal(indexTermStats(200, 149, df).articles, 1, 'the index never starts after the batch');
});

test('a window holds its share of an index longer than two windows, all of a shorter one', () => {
  assert.equal(windowShare(null, at(0), HOUR), 1);
  assert.equal(windowShare(at(-1), at(0), HOUR), 1);
  assert.equal(windowShare(at(-8), at(0), HOUR), 0.25);
});

test('terms common in the window are not looked up; at most the LOOKUP_TERMS rarest are', () => {
  const sorted = (hashes: number[]) => [...hashes].sort((a, b) => a - b);
  const terms = ['seisme', 'agadir', 'magnitude', 'maroc'];
  const entries = bandEntries(terms);
  const rare = { articles: 10_000, df: () => 1 };
  assert.deepEqual(sorted(lookupBands(entries, rare, 1)), sorted(entries.map((e) => e.hash)));
  // "maroc" in every article: weightless, its bands are skipped.
  const maroc = { articles: 10_000, df: (t: string) => (t === 'maroc' ? 10_000 : 1) };
  assert.deepEqual(
    sorted(lookupBands(entries, maroc, 1)),
    sorted(entries.filter((e) => e.term !== 'maroc').map((e) => e.hash)),
  );
  // Frequent enough to bring more rows than HOT_BAND_ROWS in the window (but not weightless).
  const hot = { articles: 1_000_000, df: (t: string) => (t === 'agadir' ? 2 * HOT_BAND_ROWS : 1) };
  assert.deepEqual(
    sorted(lookupBands(entries, hot, 1)),
    sorted(entries.filter((e) => e.term !== 'agadir').map((e) => e.hash)),
  );
  assert.deepEqual(
    sorted(lookupBands(entries, hot, 0.25)),
    sorted(lookupBands(entries, rare, 1)),
    'a small share of the index',
  );
  // A long article looks up its rarest terms only: here the 24 with df 1, not the 6 with df 2.
  const many = Array.from({ length: LOOKUP_TERMS + 6 }, (_, i) => `mot${i}`);
  const rarer = { articles: 10_000, df: (t: string) => (Number(t.slice(3)) < LOOKUP_TERMS ? 1 : 2) };
  const looked = lookupBands(bandEntries(many), rarer, 1);
  assert.equal(looked.length, LOOKUP_TERMS);
  assert.deepEqual(sorted(looked), sorted(many.slice(0, LOOKUP_TERMS).map(termKey)));
});

test('articles meet in their bands within the window, the ones meeting most first, then the newest', () => {
  const indexed = new Map<number, BandRow[]>([
    [
      1,
      [
        { articleId: 10, publishedAt: at(-1) },
        { articleId: 11, publishedAt: at(-5) }, // out of the window
      ],
    ],
    [2, [{ articleId: 10, publishedAt: at(-1) }]],
    [3, [{ articleId: 12, publishedAt: at(1) }]],
  ]);
  const earlier = new Map<number, BandRow[]>();
  addBandRows(earlier, { id: 13, publishedAt: at(0), bands: [3, 9] });
  addBandRows(earlier, { id: 20, publishedAt: at(0), bands: [1] });
  const met = meetingArticles({ id: 20, publishedAt: at(0) }, [1, 2, 3], indexed, earlier, 2 * HOUR);
  assert.deepEqual(met, [
    { articleId: 10, publishedAt: at(-1), count: 2 },
    { articleId: 13, publishedAt: at(0), count: 1 },
    { articleId: 12, publishedAt: at(1), count: 1 },
  ]);
  assert.deepEqual(earlier.get(9), [{ articleId: 13, publishedAt: at(0) }]);
});

test('a crowded band keeps its rows nearest in time, and the candidates are bounded', () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({ articleId: i + 1, publishedAt: at(-(i + 1) / 60) }));
  const indexed = new Map<number, BandRow[]>([[7, rows]]);
  const met = meetingArticles({ id: 100, publishedAt: at(0) }, [7], indexed, new Map(), HOUR);
  assert.equal(met.length, Math.min(ROWS_PER_BAND, MAX_CANDIDATES));
  assert.ok(
    met.every((m) => m.articleId <= ROWS_PER_BAND),
    'the nearest ones',
  );
});

test('candidates come from the batch or the index, with their story as this batch left it', () => {
  const meetings: Meeting[] = [
    { articleId: 1, publishedAt: at(-1), count: 2 },
    { articleId: 2, publishedAt: at(-1), count: 1 },
    { articleId: 3, publishedAt: at(0), count: 1 },
    { articleId: 4, publishedAt: at(0), count: 1 },
  ];
  const terms = ['seisme', 'agadir', 'magnitude'];
  const signatures = new Map([
    [1, { terms: ['seisme', 'agadir', 'secours'], sourceId: 1, storyId: 7 }],
    [2, { terms: ['seisme', 'football'], sourceId: 2, storyId: null }],
  ]);
  const inBatch = new Map([
    [3, { terms: ['agadir', 'magnitude', 'seisme'], sourceId: 3 }],
    [4, { terms: ['magnitude'], sourceId: 4 }],
  ]);
  const storyOf = new Map([[3, 9]]);
  const candidates = storyCandidates(terms, meetings, inBatch, signatures, storyOf);
  assert.deepEqual(candidates, [
    { articleId: 1, sourceId: 1, storyId: 7, publishedAt: at(-1), terms: ['seisme', 'agadir', 'secours'] },
    { articleId: 3, sourceId: 3, storyId: 9, publishedAt: at(0), terms: ['agadir', 'magnitude', 'seisme'] },
  ]);
  // An article of the index the batch just put in a story is seen in it.
  const moved = storyCandidates(terms, meetings, inBatch, signatures, new Map([[1, 8]]));
  assert.equal(moved[0]?.storyId, 8);
});

test('a story begins with two publications: an article of one source joins its story, never starts one with its own', () => {
  const terms = ['seisme', 'agadir', 'magnitude', '6.8'];
  const alone = { articleId: 1, sourceId: 5, storyId: null, publishedAt: at(-1), terms };
  assert.equal(bestMatch(terms, [alone], undefined, { sourceId: 5 }), null, 'same publication, no story yet');
  assert.equal(
    bestMatch(terms, [alone], undefined, { sourceId: 6 })?.candidate.articleId,
    1,
    'another publication',
  );
  const inStory = { ...alone, storyId: 3 };
  assert.equal(bestMatch(terms, [inStory], undefined, { sourceId: 5 })?.candidate.storyId, 3, 'its story');
});

test('an article is stored under its institutions and looks them up, common or not, unless the window is full of them', () => {
  // Our own sentences: two angles on one derby that share the clubs and
  // little else, each with many rarer words of its own.
  const first = storyTerms({
    title: 'Le WAC arrache le nul face au Raja dans un derby fermé',
    summary:
      "Privé de deux titulaires blessés, l'entraîneur Tarik Benslimane a aligné une défense à cinq; Youssef Lamrani a égalisé de la tête à la 88e minute devant un virage Sud comble.",
    text: null,
  });
  const second = storyTerms({
    title: 'Derby : le Wydad et le Raja se quittent dos à dos',
    summary:
      "Le gardien Anas Bouchikhi a sorti trois parades décisives, et l'arbitre Karim Ouazzani a refusé un penalty réclamé par les supporters du Raja en fin de rencontre.",
    text: null,
  });
  assert.ok(
    first.includes('=wydad') && second.includes('=wydad'),
    'the WAC and the Wydad are one institution',
  );
  // A small archive where both clubs are in many articles: common, yet
  // weighing something (under a tenth).
  const df = (t: string) => (t === '=wydad' || t === '=raja' ? 40 : 1);
  const stats = indexTermStats(1, 1000, df);
  assert.equal(termWeight('=wydad', stats), 0, 'common in the archive');
  const weight = (t: string) => rarity(t, stats);
  assert.ok(weight('=wydad') > 0);
  const rarestOnly = new Set(
    [...new Set(first)]
      .filter((t) => !t.startsWith('@'))
      .sort((a, b) => weight(b) - weight(a) || termKey(a) - termKey(b))
      .slice(0, KEY_TERMS),
  );
  assert.ok(!rarestOnly.has('=wydad'), 'not among the rarest terms');
  assert.ok(keyHashes(first, weight).includes(termKey('=wydad')), 'stored under it all the same');
  const quiet = lookupBands(bandEntries(second), stats, 0.01);
  assert.ok(quiet.includes(termKey('=wydad')), 'looked up when the window holds few of it');
  assert.ok(keysMeet(first, second, weight), 'the two angles meet');
  const busy = lookupBands(bandEntries(second), stats, 1);
  assert.ok(!busy.includes(termKey('=wydad')), 'not looked up when the window holds many (HOT_BAND_ROWS)');
});

test('an article is stored under its rarest names too, when its figures and own words crowd them out of its rarest terms', () => {
  // Our own sentences: a result told with its times and places, and an
  // angle on the same runner that shares her name and little else.
  const result = storyTerms({
    title: 'Athlétisme : Nadia Belkadi conserve son titre du 5000 m à Oslo',
    summary:
      "Sous une pluie battante, la coureuse a bouclé les douze tours et demi en 14 min 28 s 31, devant ses rivales éthiopienne et kényane (14:29.90 et 14:31.07), record personnel amélioré de deux secondes et troisième couronne continentale d'affilée.",
    text: null,
  });
  const angle = storyTerms({
    title: 'Le sacre de Belkadi salué par sa ville natale',
    summary:
      "À Azrou, des dizaines de jeunes ont suivi la course sur grand écran; son premier entraîneur rappelle qu'elle courait pieds nus sur les sentiers du Moyen Atlas.",
    text: null,
  });
  const name = result.find((t) => t.startsWith('~') && angle.includes(t) && t.includes('blk'));
  assert.ok(name, 'both name the runner');
  // An archive where she is in the news often (under 3 % of its articles:
  // still looked up), and the rest of both articles is rare.
  const stats = indexTermStats(1, 1000, (t) => (t === name || t.startsWith('belkad') ? 20 : 1));
  const weight = (t: string) => rarity(t, stats);
  assert.ok(termWeight(name, stats) > 0, 'not common enough to be skipped');
  const rarestOnly = new Set(
    [...new Set(result)]
      .filter((t) => !t.startsWith('@'))
      .sort((a, b) => weight(b) - weight(a) || termKey(a) - termKey(b))
      .slice(0, KEY_TERMS),
  );
  assert.ok(!rarestOnly.has(name), 'her name is not among the rarest terms');
  assert.ok(keyHashes(result, weight).includes(termKey(name)), 'stored under it all the same');
  assert.ok(
    lookupBands(bandEntries(angle), stats, 0.01).includes(termKey(name)),
    'and the angle looks it up',
  );
  assert.ok(keysMeet(result, angle, weight), 'the two meet');
  // At most NAME_KEYS names beyond the rarest terms: a row or a few more.
  assert.ok(keyHashes(result, weight).length <= KEY_TERMS + NAME_KEYS);
});
