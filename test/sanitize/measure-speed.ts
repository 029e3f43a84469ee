// Speed of sanitizeArticleHtml on realistic article bodies, against the floor
// of parse5 parsing and serializing the same HTML in the same run:
//   node --import tsx test/sanitize/measure-speed.ts
// Prints p50 and p95 per call for each size, over 3 runs (median of the p50s).
// Not a test: the machine is shared and noisy; the figures go in the header
// of src/sanitize/index.ts.
import { defaultTreeAdapter, html as parse5Html, parseFragment, serialize } from 'parse5';
import { sanitizeArticleHtml } from '../../src/sanitize/index.ts';
import { sampleArticleHtml } from './sample-article.ts';

const CONTEXT = defaultTreeAdapter.createElement('div', parse5Html.NS.HTML, []);
const BASE = 'https://www.lematin.example/2025/03/article.html';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function measure(fn: () => void, iterations: number): { p50: number; p95: number } {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

for (const size of [5_000, 20_000, 200_000]) {
  const html = sampleArticleHtml(size);
  const iterations = size > 100_000 ? 40 : 300;
  const ours: Array<{ p50: number; p95: number }> = [];
  const floor: Array<{ p50: number; p95: number }> = [];
  for (let run = 0; run < 3; run++) {
    floor.push(measure(() => serialize(parseFragment(CONTEXT, html, {})), iterations));
    ours.push(measure(() => sanitizeArticleHtml(html, BASE), iterations));
  }
  const median = (xs: Array<{ p50: number; p95: number }>, k: 'p50' | 'p95') =>
    percentile(
      xs.map((x) => x[k]),
      0.5,
    );
  const o50 = median(ours, 'p50');
  const f50 = median(floor, 'p50');
  console.log(
    `${String(size / 1000).padStart(3)} KB  sanitize p50 ${o50.toFixed(2)} ms p95 ${median(ours, 'p95').toFixed(2)} ms` +
      `  | parse5 floor p50 ${f50.toFixed(2)} ms  | ratio ${(o50 / f50).toFixed(2)}×`,
  );
}
