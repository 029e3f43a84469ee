// "Lire aussi" (article_read_also): the articles related to one, found in
// the search index and kept a while.
import { type DbHandle, dbOf } from '../handle.ts';
import { compiledFor } from '../compiled.ts';
import { relatedArticles } from '../search/index.ts';
import { articleSummaries, type SiteArticleSummary } from './lists.ts';

/** How long a found "Lire aussi" list is kept before it is looked for again. */
const READ_ALSO_TTL_MS = 6 * 3_600_000;
/** How many related articles are kept: a few more than a page shows, for those that leave (same story, takedown). */
const READ_ALSO_KEPT = 8;

/**
 * "Lire aussi": articles related by text (BM25 over the article's key
 * terms, through the search index: relatedArticles), within
 * `sourceIds` (the edition's; by default the article's own source), never
 * of the article's story, recent first among the strong matches.
 */
export async function readAlso(
  handle: DbHandle,
  article: { id: number; sourceId: number },
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
