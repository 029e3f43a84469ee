// "Lire aussi" (article_read_also): the articles related to one, found in
// the search index and kept a while.
import { type DbHandle, dbOf } from '../handle.ts';
import { compiledFor } from '../compiled.ts';
import { relatedArticles } from '../search/index.ts';
import { articleSummaries, listSiteArticles, type SiteArticleSummary } from './lists.ts';

/** How long a found "Lire aussi" list is kept before it is looked for again. */
const READ_ALSO_TTL_MS = 6 * 3_600_000;
/** How many related articles are kept: a few more than a page shows, for those that leave (same story, takedown). */
const READ_ALSO_KEPT = 8;

/**
 * "Lire aussi": articles related by text (BM25 over the article's key
 * terms, through the search index: relatedArticles), within
 * `sourceIds` (the edition's; by default the article's own source), never
 * of the article's story, recent first among the strong matches. When too
 * few are related enough, the newest of the same source and category fill
 * the list, then the newest of the same source: a page always leads on.
 */
export async function readAlso(
  handle: DbHandle,
  article: { id: number; sourceId: number; category?: string | null },
  limit: number,
  sourceIds: number[] = [article.sourceId],
): Promise<SiteArticleSummary[]> {
  const db = dbOf(handle);
  // Found once per article and edition's sources and kept READ_ALSO_TTL_MS
  // (a search costs ~15 ms, the page without it well under one); the
  // story and takedown rules are applied again on reading.
  const key = sourceIds.join(',');
  const [held] = await compiledFor(db).run(
    'read-also-held',
    (arg) =>
      db
        .selectFrom('articles')
        .leftJoin('article_read_also', 'article_read_also.article_id', 'articles.id')
        .select(['article_read_also.ids', 'article_read_also.computed_at', 'articles.story_id'])
        .where('articles.id', '=', arg(0)),
    [article.id],
  );
  if (!held) return [];
  let ids: number[] | null = null;
  if (
    held.ids !== null &&
    held.computed_at !== null &&
    Date.parse(held.computed_at) > Date.now() - READ_ALSO_TTL_MS
  ) {
    const [sources, list] = held.ids.split('|');
    if (sources === key) ids = list ? list.split(',').map(Number) : [];
  }
  if (ids === null) {
    ids = await relatedArticles(handle, article.id, sourceIds, READ_ALSO_KEPT);
    // Too few related enough: the newest beside it stand in, found now and
    // kept with the others, so that reading the list stays one query.
    if (ids.length < READ_ALSO_KEPT)
      ids.push(...(await newestBeside(handle, article, ids, READ_ALSO_KEPT - ids.length)));
    const row = { ids: `${key}|${ids.join(',')}`, computed_at: new Date().toISOString() };
    await db
      .insertInto('article_read_also')
      .values({ article_id: article.id, ...row })
      .onConflict((oc) => oc.column('article_id').doUpdateSet(row))
      .execute();
  }
  // The story as it is now: an article may have joined one since the list was found.
  const storyId = held.story_id === null ? null : Number(held.story_id);
  const found = await articleSummaries(handle, ids);
  return found.filter((a) => storyId === null || a.storyId !== storyId).slice(0, limit);
}

/**
 * The newest articles of the article's source and category, then of its
 * source, other than it and those in `listed`: `count` at most, and a few
 * more for those the story rule removes on reading.
 */
async function newestBeside(
  handle: DbHandle,
  article: { id: number; sourceId: number; category?: string | null },
  listed: number[],
  count: number,
): Promise<number[]> {
  const shown = new Set([article.id, ...listed]);
  const found: number[] = [];
  const narrowest = article.category ? [[article.category], undefined] : [undefined];
  for (const categories of narrowest) {
    const page = await listSiteArticles(
      handle,
      { sourceIds: [article.sourceId], ...(categories ? { categories } : {}) },
      { limit: count + shown.size + 3 },
    );
    for (const a of page.items) {
      if (found.length >= count + 3) return found;
      if (shown.has(a.id)) continue;
      shown.add(a.id);
      found.push(a.id);
    }
  }
  return found;
}

/**
 * Our copies of one source's articles at these publisher URLs (canonical):
 * for the "Lire aussi" links a publisher writes inside a body, which point to
 * its own site (articles_source_url answers it).
 */
export async function articlesAtUrls(
  handle: DbHandle,
  sourceId: number,
  urls: string[],
): Promise<Array<{ url: string; id: number }>> {
  if (!urls.length) return [];
  const rows = await dbOf(handle)
    .selectFrom('articles')
    .select(['id', 'canonical_url'])
    .where('source_id', '=', sourceId)
    .where('canonical_url', 'in', urls)
    .execute();
  return rows.map((r) => ({ url: r.canonical_url as string, id: Number(r.id) }));
}
