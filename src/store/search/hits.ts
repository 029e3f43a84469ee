// The rows a result list shows: the page's articles, in the search's order.
import { sql } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';

/** What a result list shows of an article (the API's list item, the site's card, the snippet's text). */
export interface SearchHitRow {
  id: number;
  sourceId: number;
  sourceSlug: string;
  title: string;
  canonicalUrl: string | null;
  publishedAt: string;
  summary: string | null;
  language: string;
  category: string | null;
  author: string | null;
  leadImageUrl: string | null;
  leadImageId: number | null;
  /** The beginning of the text (enough for a snippet). */
  head: string | null;
}

/** These articles for a result list, in the order given. */
export async function searchHits({ [KYSELY]: db }: DbHandle, ids: number[]): Promise<SearchHitRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .leftJoin('images', 'images.url', 'articles.lead_image_url')
    .select([
      'articles.id',
      'articles.source_id',
      'sources.slug',
      'articles.title',
      'articles.canonical_url',
      'articles.published_at',
      'articles.summary',
      'articles.language',
      'articles.category',
      'articles.author',
      'articles.lead_image_url',
      'images.id as image_id',
      sql<string | null>`substr(articles.text, 1, 20000)`.as('head'),
    ])
    .where('articles.id', 'in', ids)
    .execute();
  const byId = new Map(
    rows.map((r) => [
      Number(r.id),
      {
        id: Number(r.id),
        sourceId: Number(r.source_id),
        sourceSlug: r.slug,
        title: r.title,
        canonicalUrl: r.canonical_url,
        publishedAt: r.published_at,
        summary: r.summary,
        language: r.language,
        category: r.category,
        author: r.author,
        leadImageUrl: r.lead_image_url,
        leadImageId: r.image_id === null ? null : Number(r.image_id),
        head: r.head,
      },
    ]),
  );
  return ids.map((id) => byId.get(id)).filter((r): r is SearchHitRow => r !== undefined);
}
