// The pure parts of the search index's queries (src/search/match.ts,
// cursor.ts, rank.ts): match expressions, cursors, candidate counts, the
// windows of PostgreSQL's key histogram and "Lire aussi"'s scores.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  byRelevance,
  CANDIDATES,
  candidateLimit,
  categoryTag,
  decodeSearchCursor,
  encodeSearchCursor,
  filterTags,
  ftsTags,
  keyBelow,
  MULTI_WORD_CANDIDATES,
  PHRASE_CANDIDATES,
  parseQuery,
  relatedMatch,
  sourceTag,
  strongRelated,
  timeTags,
  titleQuery,
} from '../../src/search/index.ts';

test('a window of keys below a point holds the share asked, from the histogram', () => {
  const bounds = Array.from({ length: 101 }, (_, i) => i * 10); // 0, 10, … 1000
  assert.equal(keyBelow(bounds, 2000, 0.1), 900);
  assert.equal(keyBelow(bounds, 1000, 0.25), 750);
  assert.equal(keyBelow(bounds, 505, 0.1), 410);
  assert.equal(keyBelow(bounds, 2000, 1), Number.NEGATIVE_INFINITY);
  assert.equal(keyBelow(bounds, 50, 0.1), Number.NEGATIVE_INFINITY);
  assert.equal(keyBelow([], 2000, 0.1), Number.NEGATIVE_INFINITY);
});

test('cursors: round trip per sort, anything else refused', () => {
  const date = encodeSearchCursor({ sort: 'date', score: 0, key: 123456789 });
  assert.deepEqual(decodeSearchCursor(date, 'date'), { sort: 'date', score: 0, key: 123456789 });
  assert.equal(decodeSearchCursor(date, 'relevance'), null);
  const rel = encodeSearchCursor({ sort: 'relevance', score: 2, key: 42 });
  assert.deepEqual(decodeSearchCursor(rel, 'relevance'), { sort: 'relevance', score: 2, key: 42 });
  assert.equal(decodeSearchCursor(rel, 'date'), null);
  assert.equal(decodeSearchCursor('not-a-cursor', 'date'), null);
  assert.equal(decodeSearchCursor(Buffer.from('d|99999999999999999').toString('base64url'), 'date'), null);
});

test('filters as tag groups: none, sources, categories (names and slugs one), empty is nothing', () => {
  assert.deepEqual(filterTags({}), []);
  assert.equal(filterTags({ sourceIds: [] }), null);
  assert.deepEqual(filterTags({ sourceIds: [1, 2] }), [[sourceTag(1), sourceTag(2)]]);
  const eco = categoryTag('Économie');
  assert.ok(eco);
  assert.deepEqual(filterTags({ categories: ['Économie', 'economie'] }), [[eco]]);
  assert.deepEqual(filterTags({ sourceIds: [3], categories: ['Économie'] }), [[sourceTag(3)], [eco]]);
});

test('how many matches a relevance search ranks: fewer with several words, fewer still with a phrase', () => {
  assert.equal(candidateLimit(parseQuery('economie')), CANDIDATES);
  assert.equal(candidateLimit(parseQuery('economie maroc')), MULTI_WORD_CANDIDATES);
  assert.equal(candidateLimit(parseQuery('"banque centrale" maroc')), PHRASE_CANDIDATES);
});

test('relevance order: best score first, ties newest first', () => {
  const rows = [
    { score: 1, key: 5 },
    { score: 2, key: 1 },
    { score: 1, key: 9 },
  ].sort(byRelevance);
  assert.deepEqual(rows, [
    { score: 2, key: 1 },
    { score: 1, key: 9 },
    { score: 1, key: 5 },
  ]);
});

test('title flags and the FTS5 tags column', () => {
  assert.equal(titleQuery(['banqu', 'central']), "'banqu':A <-> 'central':A");
  assert.equal(ftsTags('xs1 xcecon', 7), `xs1 xcecon ${timeTags(7).join(' ')}`);
});

test('"Lire aussi" matches any pair of the terms within the sources', () => {
  const m = relatedMatch(['a', 'b', 'xsz'], [4]);
  assert.equal(
    m.fts,
    `{title body} : (("a" AND "b") OR ("a" AND "xsz") OR ("b" AND "xsz")) AND {tags} : ("${sourceTag(4)}")`,
  );
  assert.equal(m.tsquery, `(('a' & 'b') | ('a' & 'xsz':AB) | ('b' & 'xsz':AB)) & ('${sourceTag(4)}':D)`);
});

test('"Lire aussi" keeps candidates sharing two terms, at least half the best score, best first', () => {
  const c = (key: number, titleNorm: string, leadNorm = '') => ({ key, titleNorm, leadNorm });
  const candidates = [
    c(1, ' alpha beta gamma '), // every term in the title: the best
    c(2, ' alpha ', ' beta '), // two, one in the lead
    c(3, ' alpha '), // one: out
    c(4, ' delta ', ' alpha beta '), // two in the lead
  ];
  // Title counts double; beta (in three of four) weighs more than alpha (in all four).
  assert.deepEqual(
    strongRelated(['alpha', 'beta'], candidates, 10).map((k) => k.key),
    [1, 2, 4],
  );
  assert.deepEqual(
    strongRelated(['alpha', 'beta'], candidates, 2).map((k) => k.key),
    [1, 2],
  );
  // gamma, in one candidate only, weighs most: the others fall under half the best score.
  assert.deepEqual(
    strongRelated(['alpha', 'beta', 'gamma'], candidates, 10).map((k) => k.key),
    [1],
  );
  assert.deepEqual(strongRelated(['alpha', 'beta'], [c(1, ' alpha ')], 10), []);
});
