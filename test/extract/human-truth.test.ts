// Extraction against human ground truth (test/extract/human-truth.ts): the
// floors sit a little under what bench:extract measures (docs/benchmarks.md,
// "Extraction on human ground truth"), so a change that keeps more
// boilerplate, or loses more of the article, fails here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DATASETS,
  type Dataset,
  devAvailable,
  extractedTexts,
  loadDevPages,
  scoreDev,
  writePredictions,
} from './human-truth.ts';

/** Measured: dragnet 0.971 / 0.913 / 0.941, daniel 0.944 / 0.937 / 0.940, trafilatura-eval 0.953 / 0.933 / 0.943 (P / R / F1). */
const FLOORS: Record<Dataset, { precision: number; recall: number; f1: number }> = {
  dragnet: { precision: 0.965, recall: 0.906, f1: 0.935 },
  daniel: { precision: 0.937, recall: 0.93, f1: 0.934 },
  'trafilatura-eval': { precision: 0.945, recall: 0.926, f1: 0.936 },
};

test('extraction-dev: precision, recall and F1 against human gold above their floors', {
  skip: devAvailable() ? false : 'corpus ../shared/corpora/extraction-dev/ not found: skipped',
  timeout: 300_000,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-extraction-dev-'));
  try {
    for (const dataset of DATASETS) {
      const pages = loadDevPages(dataset);
      const texts = extractedTexts(pages);
      writePredictions(dir, pages, (p) => texts.get(p) ?? '');
    }
    const scores = scoreDev(dir);
    assert.equal(scores.length, DATASETS.length);
    const below: string[] = [];
    for (const s of scores) {
      const floor = FLOORS[s.dataset];
      assert.ok(s.pages >= 250, `${s.dataset}: ${s.pages} pages`);
      for (const key of ['precision', 'recall', 'f1'] as const)
        if (s[key] < floor[key]) below.push(`${s.dataset} ${key} ${s[key].toFixed(3)} < ${floor[key]}`);
    }
    assert.deepEqual(below, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
