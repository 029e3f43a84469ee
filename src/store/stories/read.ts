// Reading stories for the site and the API: a story with its articles, the
// articles of a story, and the most covered stories of a period.
import { type DbHandle, dbOf, KYSELY } from '../handle.ts';

export interface StoryArticle {
  id: number;
  sourceId: number;
  source: string;
  sourceName: string;
  title: string;
  url: string | null;
  publishedAt: string;
  language: string;
}

export interface Story {
  id: number;
  title: string;
  firstArticleId: number;
  firstSource: { id: number; slug: string; name: string };
  articleCount: number;
  sourceCount: number;
  firstPublishedAt: string;
  lastPublishedAt: string;
  /** Oldest first. */
  articles: StoryArticle[];
}

export interface StorySummary {
  id: number;
  title: string;
  firstArticleId: number;
  firstSourceId: number;
  articleCount: number;
  sourceCount: number;
  firstPublishedAt: string;
  lastPublishedAt: string;
}

const ARTICLE_COLUMNS = [
  'articles.id',
  'articles.source_id',
  'articles.title',
  'articles.canonical_url',
  'articles.published_at',
  'articles.language',
  'sources.slug',
  'sources.name',
] as const;

function toStoryArticle(r: {
  id: number;
  source_id: number;
  title: string;
  canonical_url: string | null;
  published_at: string;
  language: string;
  slug: string;
  name: string;
}): StoryArticle {
  return {
    id: Number(r.id),
    sourceId: Number(r.source_id),
    source: r.slug,
    sourceName: r.name,
    title: r.title,
    url: r.canonical_url,
    publishedAt: r.published_at,
    language: r.language,
  };
}

/** A story with its articles, oldest first; null when there is no such story. */
export async function getStory(handle: DbHandle, id: number): Promise<Story | null> {
  const s = await dbOf(handle).selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return null;
  const articles = await articlesOfStory(handle, id);
  const first = articles.find((a) => a.id === Number(s.first_article_id)) ?? articles[0];
  return {
    id: Number(s.id),
    title: s.title,
    firstArticleId: Number(s.first_article_id),
    firstSource: first
      ? { id: first.sourceId, slug: first.source, name: first.sourceName }
      : { id: Number(s.first_source_id), slug: '', name: '' },
    articleCount: Number(s.article_count),
    sourceCount: Number(s.source_count),
    firstPublishedAt: s.first_published_at,
    lastPublishedAt: s.last_published_at,
    articles,
  };
}

/** The articles of a story, oldest first: one range of articles_story. */
export async function articlesOfStory({ [KYSELY]: db }: DbHandle, storyId: number): Promise<StoryArticle[]> {
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(ARTICLE_COLUMNS)
    .where('articles.story_id', '=', storyId)
    .orderBy('articles.published_at')
    .orderBy('articles.id')
    .execute();
  return rows.map(toStoryArticle);
}

/**
 * The most covered stories with an article published since `since` (ISO):
 * by number of sources, then of articles, then the latest, each with its
 * first article. Reads the stories of the period through
 * stories_last_published.
 */
export async function topStories(
  { [KYSELY]: db }: DbHandle,
  since: string,
  limit: number,
): Promise<Array<StorySummary & { firstArticle: StoryArticle | null }>> {
  // Four times the limit read, the first `limit` kept: ties of the order
  // come out as they always have (a smaller LIMIT may order them apart).
  const rows = await db
    .selectFrom('stories')
    .selectAll()
    .where('last_published_at', '>=', since)
    .orderBy('source_count', 'desc')
    .orderBy('article_count', 'desc')
    .orderBy('last_published_at', 'desc')
    .limit(limit * 4)
    .execute();
  if (!rows.length) return [];
  const firsts = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(ARTICLE_COLUMNS)
    .where(
      'articles.id',
      'in',
      rows.map((r) => Number(r.first_article_id)),
    )
    .execute();
  const byId = new Map(firsts.map((f) => [Number(f.id), toStoryArticle(f)]));
  return rows.slice(0, limit).map((r) => ({
    id: Number(r.id),
    title: r.title,
    firstArticleId: Number(r.first_article_id),
    firstSourceId: Number(r.first_source_id),
    articleCount: Number(r.article_count),
    sourceCount: Number(r.source_count),
    firstPublishedAt: r.first_published_at,
    lastPublishedAt: r.last_published_at,
    firstArticle: byId.get(Number(r.first_article_id)) ?? null,
  }));
}

/**
 * For each of these stories, its oldest article from one of these sources
 * (an edition's): a story first told in the other language is shown on this
 * edition's home under its first title in this one.
 */
export async function firstArticlesAmong(
  { [KYSELY]: db }: DbHandle,
  storyIds: number[],
  sourceIds: number[],
): Promise<Map<number, StoryArticle>> {
  if (!storyIds.length || !sourceIds.length) return new Map();
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select([...ARTICLE_COLUMNS, 'articles.story_id'])
    .where('articles.story_id', 'in', storyIds)
    .where('articles.source_id', 'in', sourceIds)
    .orderBy('articles.published_at')
    .orderBy('articles.id')
    .execute();
  const out = new Map<number, StoryArticle>();
  for (const r of rows) {
    const story = Number(r.story_id);
    if (!out.has(story)) out.set(story, toStoryArticle(r));
  }
  return out;
}
