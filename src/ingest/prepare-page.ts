// An article page to its full text (extract, sanitize), run in the worker
// threads of work-pool.ts. Apart from prepare.ts because the extractor and
// its DOM (linkedom) cost each thread ~10 MB once loaded: a thread loads
// them at its first page (work-worker-impl.ts), and a crawl of feeds that
// carry their full text never does.
import { extractArticle, SiteMemory } from '../extract/index.ts';
import { htmlToText } from '../feeds/index.ts';
import { sanitizeArticleHtml } from '../sanitize/index.ts';
import type { ArticleCandidate } from '../store/index.ts';
import { KiosqueError } from '../util/errors.ts';
import { countWords } from './teaser.ts';

export interface PageJob {
  type: 'page';
  html: string;
  /** The page's URL after redirects: its relative links resolve against it. */
  url: string;
  bodySelector?: string;
  remove?: string[];
  timezone: string;
  /** The text the feed gave; the page must say more to replace it. */
  feedText: string | null;
}

export interface PreparedPage {
  contentHtml: string;
  text: string;
  author: string | null;
  leadImageUrl: string | null;
  images: ArticleCandidate['images'];
  publishedAt: string | null;
  method: string;
}

/**
 * The boilerplate each site repeats, learned from the pages this thread has
 * extracted (bounded: see site-memory.ts). Each worker thread learns on its
 * own; a site's pages spread over the threads teach each of them.
 */
const siteMemory = new SiteMemory();

export function preparePage(job: PageJob): PreparedPage {
  const extracted = extractArticle(job.html, job.url, {
    timezone: job.timezone,
    site: siteMemory,
    ...(job.bodySelector ? { bodySelector: job.bodySelector } : {}),
    ...(job.remove?.length ? { remove: job.remove } : {}),
  });
  const safe = sanitizeArticleHtml(extracted.contentHtml, job.url);
  const text = htmlToText(safe.html);
  if (!safe.html.trim() || countWords(text) <= countWords(job.feedText ?? '')) {
    throw new KiosqueError({
      kind: 'no_article',
      message: `the page ${job.url} gave no more text than the feed (${countWords(text)} words by ${extracted.method})`,
      url: job.url,
    });
  }
  const images: ArticleCandidate['images'] = [];
  const seen = new Set<string>();
  const lead = extracted.leadImage;
  if (lead) {
    seen.add(lead);
    images.push({ url: lead, foundIn: 'page', caption: null });
  }
  for (const i of safe.images) {
    if (seen.has(i.url)) continue;
    seen.add(i.url);
    images.push({ url: i.url, foundIn: 'page', caption: i.alt });
  }
  return {
    contentHtml: safe.html,
    text,
    author: extracted.author,
    leadImageUrl: lead ?? images[0]?.url ?? null,
    images,
    publishedAt: extracted.publishedAt ? extracted.publishedAt.toISOString() : null,
    method: extracted.method,
  };
}
