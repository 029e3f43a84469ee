// Builds src/stories/prior/df.tsv: how many of a few hundred real news
// texts of the region's press (French and Arabic, public pages) hold each
// story term, so that a new installation's weights do not come from its own
// few articles alone (src/stories/similarity.ts). Only the counts are
// written: the texts stay where they were collected, outside the repository.
//
//   node --import tsx scripts/build-story-prior.ts /path/to/corpus/*.jsonl
//
// Each input line: {"url", "lang", "text"}. A text counts as one document
// per LEAD_WORDS words of it (what an article is compared on), so a long page
// weighs like the few articles it would make.
import { readFileSync, writeFileSync } from 'node:fs';
import { LEAD_WORDS, storyTerms } from '../src/stories/index.ts';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: build-story-prior.ts corpus.jsonl…');
  process.exit(2);
}
const df = new Map<string, number>();
let documents = 0;
const pages = new Set<string>();
for (const file of files) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let page: { url?: string; text?: string };
      try {
        page = JSON.parse(line);
      } catch (e) {
        throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      }
      if (!page.text || !page.url || pages.has(page.url)) return;
      pages.add(page.url);
      // The stored pages open with their date (" date 2025-10"): not the text's.
      const words = page.text
        .replace(/^\s*date \d{4}-\d\d\s*/, '')
        .split(/\s+/)
        .filter(Boolean);
      for (let at = 0; at + 20 <= words.length; at += LEAD_WORDS) {
        documents++;
        const terms = storyTerms({ title: '', summary: words.slice(at, at + LEAD_WORDS).join(' ') });
        for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
      }
    });
}
const rows = [...df].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const out = new URL('../src/stories/prior/df.tsv', import.meta.url);
writeFileSync(
  out,
  [
    `# Document frequencies of story terms in ${pages.size} public news pages of the region's press (French and Arabic), cut into ${documents} documents of ${LEAD_WORDS} words; terms in at least two. Built by scripts/build-story-prior.ts on ${new Date().toISOString().slice(0, 10)}. Counts only: the texts are not shipped.`,
    `documents\t${documents}`,
    ...rows.map(([t, n]) => `${t}\t${n}`),
  ].join('\n') + '\n',
);
console.log(`${pages.size} pages, ${documents} documents, ${rows.length} terms → ${out.pathname}`);
