// The article upsert, inside a feed run's transaction: a feed's entries
// matched to the stored articles by identity (and URL, when the feed's URLs
// mean something), new ones inserted, changed ones updated in place, and
// withdrawn ones (tombstoned) left out.
import type { Transaction } from 'kysely';
import { chunks } from '../chunks.ts';
import type { Dialect } from '../connect.ts';
import { type ArticleImage, linkArticleImages } from '../images/article-images.ts';
import type { ArticleWords } from '../index-queue/queue.ts';
import { pagesDone, queuePages } from '../pages/pages.ts';
import type { ArticleRow, Database } from '../schema.ts';
import { p, placeholders, run, valueRows } from '../statements.ts';

/** An article ready to store, as the ingest stage plans it for one feed entry. */
export interface ArticleCandidate {
  /** guid:…, url:… or hash:… — what makes it the same article next time. */
  identity: string;
  guid: string | null;
  canonicalUrl: string | null;
  /** False when the feed reuses one URL for several entries: then the URL proves nothing. */
  matchByUrl: boolean;
  title: string;
  summary: string | null;
  contentHtml: string | null;
  text: string | null;
  author: string | null;
  language: string;
  category: string | null;
  leadImageUrl: string | null;
  images: ArticleImage[];
  publishedAt: string;
  publishedAtGuessed: boolean;
  /** The feed gave a teaser: the article page is to be fetched (queued in article_pages). */
  needsPage: boolean;
  contentHash: string;
  /**
   * Its words for the search index and for story detection, computed where
   * the feed was parsed (a worker thread), so the write transaction does not
   * normalise them again. Absent: the store computes them.
   */
  words?: ArticleWords;
}

export interface SaveResult {
  newArticles: number;
  updatedArticles: number;
  unchanged: number;
  tombstoned: number;
  newIds: number[];
  /** The new articles' dates that came from their feed entries (not guessed), for the publish delay. */
  newPublishedAt: string[];
  /** The articles whose words changed (updated in place). */
  updatedIds?: number[];
}

/** The columns a new article's row is inserted with, in the order of its values below. */
const ARTICLE_COLUMNS =
  'source_id, feed_id, identity, guid, canonical_url, title, summary, content_html, text, author, ' +
  'language, category, lead_image_url, content_hash, published_at, published_at_guessed, fetched_at, updated_at';
const ARTICLE_WIDTH = 18;

type Existing = Pick<
  ArticleRow,
  'id' | 'identity' | 'canonical_url' | 'content_hash' | 'published_at_guessed'
>;

/**
 * Stores one feed run's candidates for one source and feed; returns what
 * happened to them and the precomputed words of the new ones.
 */
export async function upsertArticles(
  trx: Transaction<Database>,
  dialect: Dialect,
  sourceId: number,
  feedId: number,
  candidates: ArticleCandidate[],
  fetchedAt: string,
): Promise<{ result: SaveResult; words: Map<number, ArticleWords> }> {
  const result: SaveResult = {
    newArticles: 0,
    updatedArticles: 0,
    unchanged: 0,
    tombstoned: 0,
    newIds: [],
    newPublishedAt: [],
  };
  // The precomputed words of the new articles (an updated one may keep a body the page gave).
  const words = new Map<number, ArticleWords>();
  if (!candidates.length) return { result, words };

  const identities = candidates.map((c) => c.identity);
  const urls = candidates.filter((c) => c.matchByUrl && c.canonicalUrl).map((c) => c.canonicalUrl as string);

  const existing: Existing[] = [];
  const dead: Array<{ identity: string; canonical_url: string | null }> = [];
  for (const [column, values] of [
    ['identity', identities],
    ['canonical_url', urls],
  ] as const) {
    for (const part of chunks(values)) {
      // SQL text, like the insert below: a feed's identities in an IN list, twice a run.
      const where = `source_id = ${p(dialect, 1)} and ${column} in (${placeholders(dialect, part.length, 2)})`;
      existing.push(
        ...(await run<Existing>(
          trx,
          `select id, identity, canonical_url, content_hash, published_at_guessed from articles where ${where}`,
          [sourceId, ...part],
        )),
      );
      dead.push(
        ...(await run<{ identity: string; canonical_url: string | null }>(
          trx,
          `select identity, canonical_url from article_tombstones where ${where}`,
          [sourceId, ...part],
        )),
      );
    }
  }
  const pageDone = await pagesDone(
    trx,
    existing.map((e) => Number(e.id)),
  );
  const byIdentity = new Map(existing.map((e) => [e.identity, e]));
  const byUrl = new Map(existing.filter((e) => e.canonical_url).map((e) => [e.canonical_url as string, e]));
  const deadIdentities = new Set(dead.map((d) => d.identity));
  const deadUrls = new Set(dead.filter((d) => d.canonical_url).map((d) => d.canonical_url as string));

  const seen = new Set<string>();
  const inserts: ArticleCandidate[] = [];
  const imageWork: Array<{ articleId: number; images: ArticleImage[]; replace: boolean }> = [];
  const pageWork: Array<{ articleId: number; url: string }> = [];
  for (const c of candidates) {
    // One feed document may list the same article twice: the first wins.
    if (seen.has(c.identity)) continue;
    seen.add(c.identity);
    if (deadIdentities.has(c.identity) || (c.matchByUrl && c.canonicalUrl && deadUrls.has(c.canonicalUrl))) {
      result.tombstoned++;
      continue;
    }
    const found =
      byIdentity.get(c.identity) ?? (c.matchByUrl && c.canonicalUrl ? byUrl.get(c.canonicalUrl) : undefined);
    if (!found) {
      inserts.push(c);
      continue;
    }
    if (found.content_hash === c.contentHash) {
      result.unchanged++;
      continue;
    }
    // Same article, new words: update it in place and keep its id. When its
    // full text came from the page, a teaser does not replace it: the page
    // is fetched again instead.
    const keepBody = c.needsPage && pageDone.has(Number(found.id));
    await trx
      .updateTable('articles')
      .set({
        title: c.title,
        summary: c.summary,
        ...(keepBody ? {} : { content_html: c.contentHtml, text: c.text, lead_image_url: c.leadImageUrl }),
        author: c.author,
        category: c.category,
        content_hash: c.contentHash,
        updated_at: fetchedAt,
        // A real date from the publisher replaces our first-seen guess, never the reverse.
        ...(found.published_at_guessed && !c.publishedAtGuessed
          ? { published_at: c.publishedAt, published_at_guessed: 0 }
          : {}),
      })
      .where('id', '=', found.id)
      .execute();
    if (!keepBody) imageWork.push({ articleId: Number(found.id), images: c.images, replace: true });
    if (c.needsPage && c.canonicalUrl) pageWork.push({ articleId: Number(found.id), url: c.canonicalUrl });
    result.updatedArticles++;
    if (!result.updatedIds) result.updatedIds = [];
    result.updatedIds.push(Number(found.id));
  }

  for (const part of chunks(inserts, 50)) {
    // Written as SQL text (../statements.ts): built with Kysely, the
    // crawl's largest statement (50 rows of 18 values) cost more to build
    // and compile than SQLite takes to run it. Two feeds of one source may
    // carry the same new article at the same moment (its home feed and a
    // category feed, in two workers): the second insert then finds it there
    // and leaves it be.
    const rows = await run<{ id: number | string; identity: string }>(
      trx,
      `insert into articles (${ARTICLE_COLUMNS}) values ${valueRows(dialect, part.length, ARTICLE_WIDTH)}
        on conflict (source_id, identity) do nothing returning id, identity`,
      part.flatMap((c) => [
        sourceId,
        feedId,
        c.identity,
        c.guid,
        c.canonicalUrl,
        c.title,
        c.summary,
        c.contentHtml,
        c.text,
        c.author,
        c.language,
        c.category,
        c.leadImageUrl,
        c.contentHash,
        c.publishedAt,
        c.publishedAtGuessed ? 1 : 0,
        fetchedAt,
        fetchedAt,
      ]),
    );
    const idByIdentity = new Map(rows.map((r) => [r.identity, Number(r.id)]));
    for (const c of part) {
      const id = idByIdentity.get(c.identity);
      if (id === undefined) continue;
      result.newIds.push(id);
      if (!c.publishedAtGuessed) result.newPublishedAt.push(c.publishedAt);
      if (c.words) {
        const { title, summary, category, publishedAt } = c;
        words.set(id, { ...c.words, stored: { id, sourceId, title, summary, category, publishedAt } });
      }
      imageWork.push({ articleId: id, images: c.images, replace: false });
      if (c.needsPage && c.canonicalUrl) pageWork.push({ articleId: id, url: c.canonicalUrl });
    }
    result.newArticles += rows.length;
    result.unchanged += part.length - rows.length;
  }
  await linkArticleImages(trx, imageWork, fetchedAt);
  await queuePages(trx, pageWork, fetchedAt);
  return { result, words };
}
