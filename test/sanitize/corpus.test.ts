// Real pages: the Readability test corpus (../shared/corpora/readability-pages,
// 130 pages in many languages). Both the raw page as served and the article
// body Readability extracts from it must come out inert, stable under a
// second pass, with every image absolute. Skipped, saying so, when the corpus
// is not beside the repository.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { sanitizeArticleHtml } from '../../src/sanitize/index.ts';
import { inertnessProblems } from './inert.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpora/readability-pages/', import.meta.url));
const BASE = 'http://fakehost/test/page.html';

const available = existsSync(CORPUS);

test('Readability corpus: raw pages and extracted bodies come out inert and stable', {
  skip: available ? false : `corpus not found at ${CORPUS}`,
}, () => {
  let pages = 0;
  let images = 0;
  for (const name of readdirSync(CORPUS).sort()) {
    for (const file of ['source.html', 'expected.html']) {
      const path = join(CORPUS, name, file);
      if (!existsSync(path)) continue;
      const once = sanitizeArticleHtml(readFileSync(path, 'utf8'), BASE);
      assert.deepEqual(inertnessProblems(once.html), [], `${name}/${file}`);
      const twice = sanitizeArticleHtml(once.html, BASE);
      assert.equal(twice.html, once.html, `${name}/${file}: a second pass changes the output`);
      assert.deepEqual(twice.images, once.images, `${name}/${file}`);
      for (const image of once.images) assert.match(image.url, /^https?:\/\//, `${name}/${file}`);
      images += once.images.length;
      pages++;
    }
  }
  assert.ok(pages >= 200, `${pages} documents sanitized`);
  assert.ok(images > 100, `${images} images kept`);
});
