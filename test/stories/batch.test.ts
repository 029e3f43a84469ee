// A batch's steps between the store's reads and writes, without a database:
// articles made ready, their order, the dates a run reads, band rows by
// hash, term counts merged, stored signatures read back, and what a new
// member changes of its story's dates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addTermCounts,
  bandEntries,
  batchArticle,
  contestedBandHashes,
  byPublication,
  memberBounds,
  rowsByBand,
  runWindow,
  signatureTerms,
  storyTerms,
} from '../../src/stories/index.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 8, 8, 12, 0);
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

const stored = {
  id: 7,
  sourceId: 2,
  title: 'Séisme au Maroc : le bilan s’alourdit',
  summary: 'Les secours poursuivent les recherches dans la région d’Al Haouz.',
  text: null,
  publishedAt: at(0),
};

test('an article is made ready from its text, or from the terms the crawler kept', () => {
  const a = batchArticle(stored);
  assert.deepEqual(a.terms, storyTerms(stored));
  assert.deepEqual(a.entries, bandEntries(a.terms));
  assert.deepEqual(a.bands, [], 'its keys wait for the batch statistics (storedUnder)');
  assert.equal(a.id, 7);
  assert.equal(a.sourceId, 2);
  assert.equal(a.publishedAt, at(0));
  const kept = batchArticle(stored, ['seisme', 'haouz']);
  assert.deepEqual(kept.terms, ['seisme', 'haouz']);
  assert.deepEqual(kept.entries, bandEntries(['seisme', 'haouz']));
});

test('a batch is detected oldest first, then by id', () => {
  const batch = [
    { id: 3, publishedAt: at(1) },
    { id: 2, publishedAt: at(0) },
    { id: 1, publishedAt: at(1) },
  ];
  assert.deepEqual(
    [...batch].sort(byPublication).map((a) => a.id),
    [2, 1, 3],
  );
});

test('the bands others could look up are locked once each, in ascending order; bands of common words are not', () => {
  const entry = (hash: number, term: string) => ({ hash, term });
  const batch = [
    { entries: [entry(5, 'haouz'), entry(-2, 'seisme'), entry(9, 'maroc')] },
    { entries: [entry(9, 'maroc'), entry(1, 'magnitude'), entry(5, 'haouz')] },
    { entries: [] },
  ];
  // "maroc" is in 300 of 1,000 articles: common, looked up by no one.
  const df = new Map([
    ['maroc', 300],
    ['seisme', 3],
    ['haouz', 2],
    ['magnitude', 5],
  ]);
  const stats = { articles: 1000, df: (t: string) => df.get(t) ?? 0 };
  assert.deepEqual(contestedBandHashes(batch, stats, 1), [-2, 1, 5]);
  // Common at the batch's counts but not at half of them: another writer,
  // whose counts differ a little, may still look it up, so it is locked.
  df.set('maroc', 40);
  assert.deepEqual(contestedBandHashes(batch, stats, 1), [-2, 1, 5, 9]);
  assert.deepEqual(contestedBandHashes([], stats, 1), []);
});

test('a run reads from a window before its first article to a window after its last', () => {
  const run = [{ publishedAt: at(0) }, { publishedAt: at(5) }];
  assert.deepEqual(runWindow(run, 2 * HOUR), { from: at(-2), to: at(7) });
  assert.deepEqual(runWindow([{ publishedAt: at(0) }], HOUR), { from: at(-1), to: at(1) });
});

test('band rows are grouped by hash in the order read', () => {
  const byBand = rowsByBand([
    { hash: 1, articleId: 10, publishedAt: at(0) },
    { hash: 2, articleId: 11, publishedAt: at(1) },
    { hash: 1, articleId: 12, publishedAt: at(2) },
  ]);
  assert.deepEqual(
    [...byBand],
    [
      [
        1,
        [
          { articleId: 10, publishedAt: at(0) },
          { articleId: 12, publishedAt: at(2) },
        ],
      ],
      [2, [{ articleId: 11, publishedAt: at(1) }]],
    ],
  );
  assert.equal(rowsByBand([]).size, 0);
});

test('the batch’s term counts add to the archive’s', () => {
  const df = new Map([
    ['maroc', 40],
    ['seisme', 2],
  ]);
  addTermCounts(
    df,
    new Map([
      ['seisme', 3],
      ['haouz', 1],
    ]),
  );
  assert.deepEqual(Object.fromEntries(df), { maroc: 40, seisme: 5, haouz: 1 });
});

test('a stored signature reads back as its terms', () => {
  assert.deepEqual(signatureTerms('seisme haouz bilan'), ['seisme', 'haouz', 'bilan']);
  assert.deepEqual(signatureTerms(''), []);
});

test('a new member moves its story’s last date, and becomes first when earlier', () => {
  const story = { firstArticleId: 5, firstPublishedAt: at(0), lastPublishedAt: at(4) };
  assert.deepEqual(memberBounds(story, { id: 9, publishedAt: at(2) }), {
    lastPublishedAt: at(4),
    first: false,
  });
  assert.deepEqual(memberBounds(story, { id: 9, publishedAt: at(6) }), {
    lastPublishedAt: at(6),
    first: false,
  });
  assert.deepEqual(memberBounds(story, { id: 9, publishedAt: at(-1) }), {
    lastPublishedAt: at(4),
    first: true,
  });
  // At the same time as the first: the smaller id comes first.
  assert.deepEqual(memberBounds(story, { id: 3, publishedAt: at(0) }), {
    lastPublishedAt: at(4),
    first: true,
  });
  assert.deepEqual(memberBounds(story, { id: 8, publishedAt: at(0) }), {
    lastPublishedAt: at(4),
    first: false,
  });
});
