// Articles counted and walked whole: per source and per category for the
// site's navigation, by publication time for the sitemaps, all rows for
// tools and tests.
import { type DbHandle, KYSELY } from '../handle.ts';
import type { ArticleRow } from '../schema.ts';

export interface SitemapEntry {
  id: number;
  sourceId: number;
  title: string;
  publishedAt: string;
  updatedAt: string;
  language: string;
}

export async function countArticles({ [KYSELY]: db }: DbHandle): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every article row (of one source, by slug), in id order. */
export async function articleRows({ [KYSELY]: db }: DbHandle, sourceSlug?: string): Promise<ArticleRow[]> {
  let q = db.selectFrom('articles').selectAll('articles');
  if (sourceSlug) {
    q = q
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .where('sources.slug', '=', sourceSlug) as unknown as typeof q;
  }
  return q.orderBy('articles.id').execute();
}

/** Article counts per source id. */
export async function sourceArticleCounts(
  { [KYSELY]: db }: DbHandle,
  sourceIds: number[],
): Promise<Map<number, number>> {
  if (!sourceIds.length) return new Map();
  const rows = await db
    .selectFrom('articles')
    .select(['source_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('source_id', 'in', sourceIds)
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.source_id), Number(r.n)]));
}

/**
 * The categories of these sources, most used first, counted over their
 * latest `window` articles: the sections that matter now, and a cost that
 * does not grow with the archive (a GROUP BY over every article took
 * 313 ms at a million, measured, blocking SQLite's one connection).
 */
export async function articleCategories(
  { [KYSELY]: db }: DbHandle,
  sourceIds: number[],
  window = 2000,
): Promise<Array<{ category: string; count: number }>> {
  if (!sourceIds.length) return [];
  const counts = new Map<string, number>();
  const perSource = await Promise.all(
    sourceIds.map((id) =>
      db
        .selectFrom('articles')
        .select('category')
        .where('source_id', '=', id)
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(window)
        .execute(),
    ),
  );
  for (const r of perSource.flat()) {
    if (r.category) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
  }
  return [...counts]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
}

/**
 * The articles published in [from, to), for sitemaps; `limit` at most,
 * oldest first, or the newest `limit` with `newest` (the news sitemap:
 * past its limit, the freshest articles are the ones to keep).
 */
export async function publishedBetween(
  { [KYSELY]: db }: DbHandle,
  from: string,
  to: string,
  limit: number,
  newest = false,
): Promise<SitemapEntry[]> {
  const order = newest ? 'desc' : 'asc';
  const rows = await db
    .selectFrom('articles')
    .select([
      'articles.id',
      'articles.source_id',
      'articles.title',
      'articles.published_at',
      'articles.updated_at',
      'articles.language',
    ])
    .where('articles.published_at', '>=', from)
    .where('articles.published_at', '<', to)
    .orderBy('articles.published_at', order)
    .orderBy('articles.id', order)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    sourceId: Number(r.source_id),
    title: r.title,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    language: r.language,
  }));
}

/** The oldest and newest publication times, or null with no article (two index probes). */
export async function publishedRange({
  [KYSELY]: db,
}: DbHandle): Promise<{ first: string; last: string } | null> {
  const first = await db
    .selectFrom('articles')
    .select('published_at')
    .orderBy('published_at')
    .limit(1)
    .executeTakeFirst();
  const last = await db
    .selectFrom('articles')
    .select('published_at')
    .orderBy('published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!first || !last) return null;
  return { first: first.published_at, last: last.published_at };
}
