// Extraction measured against human ground truth: the pages of
// ../shared/corpora/extraction-dev (Dragnet, DAnIEL and trafilatura's
// evaluation set; its README says where they come from and their licences;
// never copied here), each decoded as the crawler decodes a page, run
// through `extractArticle`, and scored by the corpus's own scorer
// (score.mjs: 4-token shingles against the gold text, or trafilatura's
// with/without snippets). Shared by human-truth.test.ts and bench/extract.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { extractArticle, SiteMemory } from '../../src/extract/index.ts';
import { decodeBody } from '../../src/fetch/charset.ts';

export const DEV_DIR = fileURLToPath(new URL('../../../shared/corpora/extraction-dev/', import.meta.url));
export const DATASETS = ['dragnet', 'daniel', 'trafilatura-eval'] as const;
export type Dataset = (typeof DATASETS)[number];

export function devAvailable(): boolean {
  return existsSync(join(DEV_DIR, 'score.mjs')) && DATASETS.every((d) => existsSync(join(DEV_DIR, d)));
}

export interface DevPage {
  dataset: Dataset;
  id: string;
  url: string;
  html: string;
}

/** The pages of one dataset, decoded (BOM, declared charset, then detection, as the crawler does). */
export function loadDevPages(dataset: Dataset): DevPage[] {
  const truth = JSON.parse(readFileSync(join(DEV_DIR, dataset, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { url: string | null }
  >;
  return Object.entries(truth).map(([id, entry]) => {
    const bytes = gunzipSync(readFileSync(join(DEV_DIR, dataset, `${id}.html.gz`)));
    let html: string;
    try {
      html = decodeBody(bytes, 'text/html', 'page').text;
    } catch {
      html = bytes.toString('utf8');
    }
    return { dataset, id, url: entry.url ?? standInUrl(dataset, id), html };
  });
}

/**
 * Dragnet and DAnIEL give no URL for most pages. The crawler always knows a
 * page's site, and the site memory learns per site: a DAnIEL id names its
 * site ("ru-20120117-www.bankfax.ru-4f20a65d"), so its pages get their own
 * host, and pages of different sites do not teach each other. Dragnet's
 * ids name none: one host per page.
 */
function standInUrl(dataset: Dataset, id: string): string {
  const site = dataset === 'daniel' ? /^[a-z]{2}-\d{8}-(.+)-[0-9a-f]{8}$/.exec(id)?.[1] : undefined;
  return site ? `https://${site}/${id}` : `https://${id.toLowerCase()}.${dataset}.example/`;
}

/** Writes `{articleBody}` per page into `<dir>/<dataset>/<id>.json`, as score.mjs reads them. */
export function writePredictions(dir: string, pages: DevPage[], text: (page: DevPage) => string): void {
  for (const page of pages) {
    mkdirSync(join(dir, page.dataset), { recursive: true });
    writeFileSync(join(dir, page.dataset, `${page.id}.json`), JSON.stringify({ articleBody: text(page) }));
  }
}

/**
 * Our text of each page, in the dataset's order, as the crawler extracts
 * them: one SiteMemory learning each site's boilerplate from its pages read
 * before (DAnIEL holds up to a dozen pages of some sites; most others one).
 */
export function extractedTexts(pages: DevPage[]): Map<DevPage, string> {
  const site = new SiteMemory();
  return new Map(pages.map((p) => [p, extractArticle(p.html, p.url, { site }).text]));
}

export interface DevScore {
  dataset: Dataset;
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  worst?: Array<{ id: string; lang: string; precision: number; recall: number; f1: number }>;
  byLang?: Record<string, { pages: number; precision: number; recall: number; f1: number }>;
}

/** The corpus's scorer over the predictions in `dir`, one result per dataset. */
export function scoreDev(
  dir: string,
  datasets: readonly Dataset[] = DATASETS,
  options: { worst?: number; byLang?: boolean } = {},
): DevScore[] {
  const args = [join(DEV_DIR, 'score.mjs')];
  for (const d of datasets)
    args.push('--truth', join(DEV_DIR, d, 'ground-truth.json'), '--pred', join(dir, d));
  if (options.worst) args.push('--worst', String(options.worst));
  if (options.byLang) args.push('--by-lang');
  args.push('--json');
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(out) as DevScore[];
}
