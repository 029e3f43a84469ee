// The pure core of search: one normalisation for the index and the query,
// query parsing, snippets (escaped), keys in publication order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ftsExpression,
  highlight,
  indexDocument,
  keyTerms,
  normalizeText,
  parseQuery,
  QueryError,
  searchKey,
  snippet,
  timeTagGroup,
  timeTags,
  tsqueryLiteral,
} from '../../src/search/index.ts';

test('French: lower case, accents folded, Snowball stems shared by inflections', () => {
  assert.equal(normalizeText('Économie'), normalizeText('economie'));
  assert.equal(normalizeText('économiques'), normalizeText('ÉCONOMIE'));
  assert.equal(normalizeText('élections'), normalizeText('election'));
  assert.equal(normalizeText("l'économie"), `l ${normalizeText('economie')}`);
  assert.notEqual(normalizeText('maroc'), normalizeText('marché'));
});

test('Arabic: alef and hamza forms, tashkeel, tatweel, the article and و are one', () => {
  const base = normalizeText('اصلاح');
  for (const v of ['إصلاح', 'أصلاح', 'آصلاح', 'الإصلاح', 'والإصلاح', 'إِصْلَاح', 'إصـــلاح', 'إصلاحات']) {
    assert.equal(normalizeText(v), base, v);
  }
  assert.equal(normalizeText('الحكومة'), normalizeText('حكومه'));
  assert.equal(normalizeText('٢٠٢٦'), '2026');
  assert.notEqual(normalizeText('المغرب'), normalizeText('الحكومة'));
});

test('tokens: the runs of letters, digits and marks (astral letters too; a lone surrogate splits)', () => {
  const text = '𝐀b\ud835c d\u0301e_f\udc00g 😀h Ⅻ ªº ٣٤ اَلْ';
  const expected = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)]
    .map((m) => normalizeText(m[0]))
    .filter(Boolean)
    .join(' ');
  assert.equal(normalizeText(text), expected);
  assert.equal(expected, '𝐀b c de f g h ⅻ ªº 34 ال');
});

test('queries: words, "phrases" (also «…»), elisions as phrases; clear errors', () => {
  const q = parseQuery('économie "banque centrale" «المغرب» l\'inflation');
  assert.deepEqual(
    q.terms.map((t) => t.tokens.length),
    [1, 2, 1, 2],
  );
  assert.deepEqual(
    q.terms.map((t) => t.raw),
    ['économie', 'banque centrale', 'المغرب', "l'inflation"],
  );
  assert.equal(parseQuery('"banque centrale').terms[0]?.tokens.length, 2, 'an open quote runs to the end');
  assert.equal(parseQuery('economie économie').terms.length, 1, 'one term once');
  for (const bad of [
    '',
    '   ',
    '"" !!',
    'x'.repeat(301),
    Array.from({ length: 13 }, (_, i) => `mot${i}`).join(' '),
  ]) {
    assert.throws(() => parseQuery(bad), QueryError, JSON.stringify(bad.slice(0, 20)));
  }
});

test('the FTS5 expression and the tsquery say the same, quoting every token', () => {
  const q = parseQuery('économie "banque centrale"');
  assert.equal(
    ftsExpression(q, [['xs1', 'xs2']]),
    '{title body} : ("econom" AND "banqu central") AND {tags} : ("xs1" OR "xs2")',
  );
  assert.equal(
    tsqueryLiteral(q, [['xs1', 'xs2']]),
    "'econom' & ('banqu' <-> 'central') & ('xs1':D | 'xs2':D)",
  );
  // Only a word spelled like a filter tag is held to the title and body
  // (weights cost the GIN index a recheck of every match).
  assert.equal(tsqueryLiteral(parseQuery('xs1 xceconomie'), []), "'xs1':AB & 'xceconom':AB");
  // nothing a reader types reaches either query language unquoted
  const nasty = parseQuery(`a' OR 1=1 -- NEAR("x") {title}: * ^ ""`);
  for (const t of nasty.terms) for (const tok of t.tokens) assert.match(tok, /^[\p{L}\p{N}]+$/u);
});

test('keys sort by publication time, not by id, and stay exact in JavaScript', () => {
  const older = searchKey('2020-01-01T00:00:00Z', 999_999);
  const newer = searchKey('2026-11-29T00:00:00Z', 1);
  assert.ok(older < newer);
  assert.ok(searchKey('2026-11-29T00:00:00Z', 2) > newer, 'same second: by id');
  assert.ok(Number.isSafeInteger(searchKey('2105-12-31T23:59:59Z', 2 ** 31 - 1)));
});

test("time tags: a key's week and month; a date range's weeks, or months, or none when too long", () => {
  const key = (iso: string) => searchKey(iso, 0);
  const [week, month] = timeTags(key('2026-11-29T12:00:00Z'));
  assert.equal(month, `xm${2026 * 12 + 10}`, 'November 2026');
  assert.equal(timeTags(key('2026-11-01T00:00:00Z'))[1], month);
  assert.notEqual(timeTags(key('2026-10-31T23:59:59Z'))[1], month);
  const next = Number(week?.slice(2)) + 1;
  assert.equal(timeTags(key('2026-12-06T12:00:00Z'))[0], `xw${next}`, 'seven days on: the next week');
  // A bumped key (a taken one's neighbour) gets the tags of its own second.
  assert.deepEqual(timeTags(key('2026-11-29T12:00:00Z') + 2 ** 21), timeTags(key('2026-11-29T12:00:01Z')));

  // Every key of a range has its tag in the range's group, and the group holds no other.
  const covers = (from: string, to: string, kind: 'week' | 'month') => {
    const lo = key(from);
    const hi = key(to);
    const group = timeTagGroup(lo, hi);
    assert.ok(group, `${from}…${to}`);
    const seen = new Set<string>();
    for (let k = lo; k < hi; k += 3_600 * 2 ** 21) seen.add(timeTags(k)[kind === 'week' ? 0 : 1] as string);
    seen.add(timeTags(hi - 1)[kind === 'week' ? 0 : 1] as string);
    assert.deepEqual(
      group,
      [...seen].sort((a, b) => Number(a.slice(2)) - Number(b.slice(2))),
    );
    return group;
  };
  assert.equal(covers('2026-10-30T00:00:00Z', '2026-11-29T00:00:00Z', 'week').length, 5);
  assert.equal(covers('2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z', 'week').length, 1);
  assert.equal(covers('2025-12-01T00:00:00Z', '2026-11-29T00:00:00Z', 'month').length, 12);
  assert.equal(timeTagGroup(key('2020-01-01T00:00:00Z'), key('2026-11-29T00:00:00Z')), null, 'too long');
  assert.equal(timeTagGroup(key('2026-11-29T00:00:00Z'), key('2026-11-29T00:00:00Z')), null, 'empty');
});

test('a document: title and body apart (no phrase across them), tags, a tsvector of the same tokens', () => {
  const d = indexDocument({
    id: 7,
    sourceId: 3,
    title: 'Banque',
    summary: null,
    text: 'Centrale du Maroc',
    category: 'Économie',
    publishedAt: '2026-11-29T10:00:00Z',
  });
  assert.equal(d.title, 'banqu');
  assert.equal(d.tags, 'xs3 xceconom');
  assert.equal(d.titleNorm, ' banqu ');
  assert.match(d.tsvector, /'banqu':1A/);
  assert.match(d.tsvector, /'central':3B/, 'one position left empty between title and body');
});

test('a summary that opens the text is indexed once; a summary of its own is indexed too', () => {
  const base = { id: 8, sourceId: 3, category: null, publishedAt: '2026-11-29T10:00:00Z' };
  const text =
    'Le port de Tanger Med a traité 9 millions de conteneurs. Les exportations automobiles progressent.';
  // Cut from the text (as a feed's description often is), ending on part of a word.
  const cut = indexDocument({
    ...base,
    title: 'Port',
    summary: 'Le port de Tanger Med a traité 9 mill…',
    text,
  });
  assert.equal(cut.body, indexDocument({ ...base, title: 'Port', summary: null, text }).body);
  assert.equal(cut.body.split(' ').filter((t) => t === 'tang').length, 1);
  assert.equal(cut.leadNorm, ' le port de tang med a trait 9 mill ');
  // The text made from the summary (no body in the feed).
  const same = indexDocument({ ...base, title: 'Port', summary: text, text });
  assert.equal(same.body.split(' ').filter((t) => t === 'tang').length, 1);
  // A standfirst the text does not repeat: both, the summary first.
  const own = indexDocument({ ...base, title: 'Port', summary: 'Un record pour Tanger Med.', text });
  assert.equal(own.body.split(' ').filter((t) => t === 'tang').length, 2);
  assert.ok(own.body.startsWith('un record pour tang med '), own.body);
  // A short summary must match word for word: one word is not a cut text.
  const short = indexDocument({ ...base, title: 'Port', summary: 'Le quai', text });
  assert.ok(short.body.startsWith('le quai le port'), short.body);
});

test('snippets: escaped, matches marked, cut with …', () => {
  const q = parseQuery('économie "banque centrale"');
  const text = `${'Mot '.repeat(40)}<script>alert("x")</script> la Banque centrale & l'économie. ${'fin '.repeat(40)}`;
  const s = snippet(text, q) ?? '';
  assert.ok(s.startsWith('… '));
  assert.ok(s.endsWith(' …'));
  assert.ok(!s.includes('<script>'));
  assert.match(s, /&lt;\/script&gt;/);
  assert.match(s, /<mark>Banque<\/mark> <mark>centrale<\/mark> &amp; l&#39;<mark>économie<\/mark>/);
  assert.equal(snippet(null, q), null);
  assert.equal(
    highlight('Économie & <b>banque</b>', q),
    '<mark>Économie</mark> &amp; &lt;b&gt;banque&lt;/b&gt;',
  );
  // the opening when nothing matches
  assert.equal(snippet('Rien à voir ici.', q), 'Rien à voir ici.');
});

test('"Lire aussi" key terms: title first, no function words, no duplicates', () => {
  const terms = keyTerms(
    'La Banque centrale et le taux directeur',
    'La banque centrale a maintenu son taux.',
  );
  assert.deepEqual(terms.slice(0, 4), normalizeText('banque centrale taux directeur').split(' '));
  assert.ok(!terms.includes('la') && !terms.includes('le'));
  assert.equal(new Set(terms).size, terms.length);
});
