// storyTerms works out each word's and each token's part once (memos in
// concepts.ts): what a word gives must not depend on where it was first met.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRealSet } from './real-set.ts';

type Terms = (a: { title: string; summary: string | null; text?: string | null }) => string[];

/** A fresh copy of the module: its memos empty. */
async function freshStoryTerms(tag: string): Promise<Terms> {
  const url = new URL(`../../src/stories/concepts.ts?memo=${tag}`, import.meta.url).href;
  return ((await import(url)) as { storyTerms: Terms }).storyTerms;
}

test('storyTerms: the same terms whatever order the words were first met in (memos)', async () => {
  const articles = loadRealSet().map((a) => ({ title: a.title, summary: a.lead }));
  assert.ok(articles.length > 100);
  const forward = await freshStoryTerms('forward');
  const backward = await freshStoryTerms('backward');
  const a = articles.map((x) => forward(x));
  const b = articles
    .slice()
    .reverse()
    .map((x) => backward(x))
    .reverse();
  assert.deepEqual(a, b);
  // And again with every memo warm.
  assert.deepEqual(
    articles.map((x) => forward(x)),
    a,
  );
});

test('storyTerms: words whose part depends on their neighbours, met first elsewhere', async () => {
  const terms = await freshStoryTerms('context');
  // "sans" alone, then opening a goalless score; a name first at a sentence's start, then inside one.
  const plainSans = terms({ title: 'Un match sans surprise', summary: null });
  const goalless = terms({ title: 'Un match sans buts', summary: null });
  assert.ok(!plainSans.includes('0'));
  assert.ok(goalless.includes('0'));
  const atStart = terms({ title: 'Zourgane signe', summary: null });
  const inside = terms({ title: 'Accord signé par Zourgane', summary: null });
  assert.ok(!atStart.some((t) => t.startsWith('~')), atStart.join(' '));
  assert.ok(
    inside.some((t) => t.startsWith('~')),
    inside.join(' '),
  );
  // Arabic: "بدون" alone, then "بدون أهداف".
  assert.ok(!terms({ title: 'لقاء بدون جمهور', summary: null }).includes('0'));
  assert.ok(terms({ title: 'تعادل بدون أهداف', summary: null }).includes('0'));
});

test('normalizedWordsOfTokens: normalizedWords of the tokens joined', async () => {
  const { normalizedWords, normalizedWordsOfTokens } = await import('../../src/stories/normalize.ts');
  for (const a of loadRealSet()) {
    const title = a.title.split(/\s+/);
    const lead = a.lead.split(/\s+/, 60);
    assert.deepEqual(normalizedWordsOfTokens(title, lead), normalizedWords(`${a.title} ${lead.join(' ')}`));
  }
  const odd = [' Le\u00a0 séisme\n', '', 'd’Al-Haouz  ', '\ufeffà 6,8'];
  for (const t of odd)
    for (const l of odd)
      assert.deepEqual(
        normalizedWordsOfTokens(t.split(/\s+/), l.split(/\s+/, 60)),
        normalizedWords(`${t} ${l.split(/\s+/, 60).join(' ')}`),
      );
});

test('storyTerms: a title with Σ is normalised whole, as before', async () => {
  const terms = await freshStoryTerms('sigma');
  const { normalizedWords } = await import('../../src/stories/normalize.ts');
  // Σ before U+FEFF (white space to split, not to lower case): σ, not ς.
  assert.ok(normalizedWords('ΑΣ\ufeffΒ').join(' ').includes('σ'));
  assert.ok(terms({ title: 'ΑΣ\ufeffΒ', summary: null }).includes('ασ'));
});
