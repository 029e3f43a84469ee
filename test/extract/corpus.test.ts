// The 130 pages of the Readability corpus (../shared/corpora/readability-pages,
// never copied here): the body text against Readability's own extraction
// (token-F1) and the titles against its metadata. The floors sit a little
// under what we measure (docs/benchmarks.md, "Extraction quality"), so a
// regression fails here. We differ from Readability on purpose in places —
// comment threads, newsletter boxes, "Related:" links, " | Site" title
// suffixes — those pages are listed in docs/benchmarks.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractArticle } from '../../src/extract/index.ts';
import { CORPUS_PAGE_URL, corpusAvailable, loadCorpus, sameTitle, tokenF1 } from './quality.ts';

/**
 * Measured 0.998 (2026-11), 0.990 (2026-12-07): our text now differs from
 * Readability's on purpose in more places (issue 15, measured on human
 * ground truth instead): captions out (compared out of both texts),
 * bylines at the body's edges out, the standfirst under the headline in.
 * The floor keeps what Readability gets right: the article's prose.
 */
const MEAN_F1_FLOOR = 0.985;
/** Measured 116/130 = 0.892: the rest are site names we strip and Readability keeps. */
const EXACT_TITLE_FLOOR = 0.87;
/** No page may fall apart. Lowest measured: msn 0.94. */
const PAGE_F1_FLOOR = 0.85;

const available = corpusAvailable();

test('Readability corpus: body token-F1 and exact titles above their floors', {
  skip: available ? false : 'corpus ../shared/corpora/readability-pages/ not found: skipped',
}, () => {
  const pages = loadCorpus();
  assert.ok(pages.length >= 100, `${pages.length} pages`);
  let f1Sum = 0;
  let titles = 0;
  const low: string[] = [];
  for (const page of pages) {
    const article = extractArticle(page.source, CORPUS_PAGE_URL);
    const f1 = tokenF1(article.text, page.expectedText);
    f1Sum += f1;
    if (f1 < PAGE_F1_FLOOR) low.push(`${page.name} ${f1.toFixed(3)}`);
    if (sameTitle(article.title, page.expectedTitle)) titles++;
  }
  const meanF1 = f1Sum / pages.length;
  const titleShare = titles / pages.length;
  assert.ok(meanF1 >= MEAN_F1_FLOOR, `mean token-F1 ${meanF1.toFixed(4)} < ${MEAN_F1_FLOOR}`);
  assert.ok(titleShare >= EXACT_TITLE_FLOOR, `exact titles ${titles}/${pages.length} < ${EXACT_TITLE_FLOOR}`);
  assert.deepEqual(low, [], 'pages under the per-page floor');
});
