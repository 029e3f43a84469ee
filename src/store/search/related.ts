// "Lire aussi": articles related to one by text, through the search index.
import { sql } from 'kysely';
import {
  keyTerms,
  RELATED_CANDIDATES,
  RELATED_DAYS,
  RELATED_PAIR_TERMS,
  relatedMatch,
  strongRelated,
} from '../../search/index.ts';
import { type DbHandle, dbOf } from '../handle.ts';
import { newestOf } from './candidates.ts';

/**
 * Articles related to this one by text, within `sourceIds`: the newest
 * RELATED_CANDIDATES articles of the last RELATED_DAYS sharing two of its
 * first key terms (title and lead, function words out); the strong ones
 * (strongRelated) shown newest first; never the article itself nor one of
 * its story. (FTS5's bm25() would count every match of every term in the
 * whole archive on each call: a cold article page cannot pay that.)
 */
export async function relatedArticles(
  h: DbHandle,
  articleId: number,
  sourceIds: number[],
  limit: number,
): Promise<number[]> {
  const db = dbOf(h);
  const article = await db
    .selectFrom('articles')
    .leftJoin('article_search', 'article_search.article_id', 'articles.id')
    .select([
      'articles.title',
      'articles.summary',
      'articles.story_id',
      'article_search.key',
      sql<string | null>`substr(articles.text, 1, 2000)`.as('head'),
    ])
    .where('articles.id', '=', articleId)
    .executeTakeFirst();
  if (!article || !sourceIds.length) return [];
  const terms = keyTerms(article.title, article.summary || article.head || '');
  if (terms.length < 2) return [];
  const storyId = article.story_id === null ? null : Number(article.story_id);
  const match = relatedMatch(terms.slice(0, RELATED_PAIR_TERMS), sourceIds);
  // The newest, of the last RELATED_DAYS: whatever the terms, the index
  // reads no more than that stretch of its doclists (FTS5 reads them from
  // their end; terms that seldom meet would otherwise be read whole).
  const newest = await sql<{
    key: number | string | null;
  }>`select max(key) as key from article_search`.execute(db);
  const lo = Math.max(0, Number(newest.rows[0]?.key ?? 0) - RELATED_DAYS * 86_400 * 2 ** 21);
  const candidates = (
    await newestOf(h, match.fts, match.tsquery, lo, Number.MAX_SAFE_INTEGER, RELATED_CANDIDATES, {
      withText: true,
    })
  ).filter((c) => c.articleId !== articleId);
  if (!candidates.length) return [];
  const strong = strongRelated(terms, candidates, limit * 4);
  if (!strong.length) return [];
  const stories = new Map(
    (
      await db
        .selectFrom('articles')
        .select(['id', 'story_id'])
        .where(
          'id',
          'in',
          strong.map((c) => c.articleId),
        )
        .execute()
    ).map((r) => [Number(r.id), r.story_id === null ? null : Number(r.story_id)]),
  );
  return strong
    .filter((c) => storyId === null || stories.get(c.articleId) !== storyId)
    .sort((a, b) => b.key - a.key)
    .slice(0, limit)
    .map((c) => c.articleId);
}
