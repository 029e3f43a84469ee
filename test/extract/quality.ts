// Scoring an extraction against the Readability corpus: token-F1 of the body
// text and exact titles. Shared by corpus.test.ts and bench/extract.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gatherCaptions } from '../../src/extract/captions.ts';
import { parseDocument } from '../../src/extract/dom.ts';
import { htmlToText } from '../../src/feeds/index.ts';

/** The corpus beside the repository (never copied into it). */
export const CORPUS_DIR = new URL('../../../shared/corpora/readability-pages/', import.meta.url);
/** The URL the corpus pages were saved under (Readability's test harness uses it). */
export const CORPUS_PAGE_URL = 'http://fakehost/test/page.html';

export interface CorpusPage {
  name: string;
  source: string;
  expectedText: string;
  expectedTitle: string | null;
}

export function corpusAvailable(): boolean {
  return existsSync(CORPUS_DIR);
}

export function loadCorpus(): CorpusPage[] {
  return readdirSync(CORPUS_DIR)
    .sort()
    .filter((name) => existsSync(new URL(`${name}/source.html`, CORPUS_DIR)))
    .map((name) => {
      const read = (file: string) => readFileSync(new URL(`${name}/${file}`, CORPUS_DIR), 'utf8');
      const meta = JSON.parse(read('expected-metadata.json')) as { title?: string | null };
      return {
        name,
        source: read('source.html'),
        expectedText: readabilityText(read('expected.html')),
        expectedTitle: meta.title ?? null,
      };
    });
}

/** Lower-cased words: Unicode letters and digits. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Bag-of-words F1 of two texts (1 when both are empty). */
export function tokenF1(got: string, expected: string): number {
  const a = tokenize(got);
  const b = tokenize(expected);
  if (a.length === 0 && b.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of a) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / a.length;
  const recall = common / b.length;
  return (2 * precision * recall) / (precision + recall);
}

export function sameTitle(got: string | null, expected: string | null): boolean {
  const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
  return norm(got) === norm(expected);
}

/**
 * Readability's text of a page with its pictures' captions left out, as
 * ours leaves them out (captions.ts; htmlToText skips <figcaption>): what
 * is compared is the article's prose, on which Readability is the reference.
 */
function readabilityText(html: string): string {
  const doc = parseDocument(`<!DOCTYPE html><html><body>${html}</body></html>`, CORPUS_PAGE_URL);
  gatherCaptions(doc.body);
  return htmlToText(doc.body.innerHTML);
}
