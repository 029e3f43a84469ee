// Article lists, for the site and the JSON API: newest first by
// (published_at, id), paged by key (./cursor.ts). Each list walks an index
// from its top: articles_published, articles_source_published_category, and
// 0004_site's category and author indexes.
import { compiledFor } from '../compiled.ts';
import { type DbHandle, dbOf, KYSELY } from '../handle.ts';
import { keysetPage, olderThan, decodeCursor } from './cursor.ts';

/** One article as a site list shows it. */
export interface SiteArticleSummary {
  id: number;
  sourceId: number;
  title: string;
  summary: string | null;
  publishedAt: string;
  category: string | null;
  author: string | null;
  canonicalUrl: string | null;
  /** The lead image's id in `images` (for /img/<id>), when it is registered there. */
  leadImageId: number | null;
  /** The lead image is blocked by moderation (itself; the same bytes elsewhere show at /img/<id>): lists show the placeholder. */
  leadImageBlocked?: boolean;
  /** The article's story (0008_stories), null when no other article covers it. */
  storyId?: number | null;
}

export interface SitePage {
  items: SiteArticleSummary[];
  /** The cursor of the next (older) page, or null on the last one. */
  next: string | null;
}

/**
 * What a list keeps; every field narrows. `sourceIds` empty means nothing at
 * all; `'all'` means every source (the JSON API's list), walked on the
 * date index alone.
 */
export interface ArticleFilter {
  sourceIds: number[] | 'all';
  categories?: string[];
  author?: string;
  /** published_at >= from (ISO UTC). */
  from?: string;
  /** published_at < to (ISO UTC). */
  to?: string;
}

/** One article as the JSON API lists it. */
export interface ArticleListItem {
  id: number;
  source: string;
  title: string;
  url: string | null;
  publishedAt: string;
  summary: string | null;
  language: string;
  category: string | null;
  imageUrl: string | null;
}

/** The article's own columns of a list row; the site's lists add the lead image's (SUMMARY_COLUMNS). */
const ARTICLE_COLUMNS = [
  'articles.id',
  'articles.source_id',
  'articles.title',
  'articles.summary',
  'articles.published_at',
  'articles.category',
  'articles.author',
  'articles.canonical_url',
  'articles.story_id',
  'articles.language',
  'articles.lead_image_url',
] as const;

export const SUMMARY_COLUMNS = [
  ...ARTICLE_COLUMNS,
  'images.id as lead_image_id',
  'images.blocked as lead_image_blocked',
] as const;

export interface SummaryRow {
  id: number;
  source_id: number;
  title: string;
  summary: string | null;
  published_at: string;
  category: string | null;
  author: string | null;
  canonical_url: string | null;
  /** Absent from the API's rows, which skip the images (see listRows). */
  lead_image_id?: number | null;
  story_id: number | null;
  lead_image_blocked?: number | null;
  language: string;
  lead_image_url: string | null;
}

export function toSummary(r: SummaryRow): SiteArticleSummary {
  return {
    id: Number(r.id),
    sourceId: Number(r.source_id),
    title: r.title,
    summary: r.summary,
    publishedAt: r.published_at,
    category: r.category,
    author: r.author,
    canonicalUrl: r.canonical_url,
    leadImageId: r.lead_image_id == null ? null : Number(r.lead_image_id),
    storyId: r.story_id == null ? null : Number(r.story_id),
    ...(Number(r.lead_image_blocked) === 1 ? { leadImageBlocked: true } : {}),
  };
}

/** The site's lists: newest first, `limit` at most, older than `before` (a cursor from a previous page). */
export async function listSiteArticles(
  handle: DbHandle,
  filter: ArticleFilter,
  options: { limit: number; before?: string | null },
): Promise<SitePage> {
  return keysetPage(await listRows(handle, filter, options, 'site'), options.limit, toSummary);
}

/**
 * What a list's rows carry: the site's with their lead image (a join on
 * `images`), the API's without it (the API sends the image's URL, which the
 * article row holds), or only the keys, which the indexes hold.
 */
type RowShape = 'site' | 'api' | 'keys';

/** The one read behind every list, the site's and the API's: `limit + 1` rows, for keysetPage. */
async function listRows(
  handle: DbHandle,
  filter: ArticleFilter,
  options: { limit: number; before?: string | null },
  shape: 'site' | 'api',
): Promise<SummaryRow[]> {
  if (filter.sourceIds !== 'all' && !filter.sourceIds.length) return [];
  if (filter.categories && !filter.categories.length) return [];
  return summaryRows(handle, filter, options.limit + 1, options.before ?? null, shape);
}

/**
 * Newest first, at most `limit` rows. Several sources without an author or
 * a day to narrow them: one query per source, merged here. A single query
 * with `source_id IN (…)` cannot walk the (source_id, published_at)
 * index in date order, and the planners then sort every article of the
 * edition (5 s at a million articles in SQLite, measured); per source,
 * each query reads `limit` index entries and stops.
 */
async function summaryRows(
  handle: DbHandle,
  filter: ArticleFilter,
  limit: number,
  before: string | null,
  shape: 'site' | 'api',
): Promise<SummaryRow[]> {
  const { sourceIds } = filter;
  if (
    sourceIds !== 'all' &&
    sourceIds.length > 1 &&
    filter.author === undefined &&
    filter.from === undefined
  ) {
    // Per source, only the keys (from the index, no row read); the rows
    // are read for the `limit` that win, not for sources × limit.
    const parts = await Promise.all(
      sourceIds.map((id) => selectRows(handle, { ...filter, sourceIds: [id] }, limit, before, 'keys')),
    );
    const winners = parts
      .flat()
      .sort((a, b) =>
        a.published_at === b.published_at
          ? Number(b.id) - Number(a.id)
          : a.published_at < b.published_at
            ? 1
            : -1,
      )
      .slice(0, limit);
    return summaryRowsById(
      handle,
      winners.map((w) => Number(w.id)),
    );
  }
  return (await selectRows(handle, filter, limit, before, shape)) as SummaryRow[];
}

/** One query, its rows of the shape asked. */
async function selectRows(
  { [KYSELY]: db }: DbHandle,
  filter: ArticleFilter,
  limit: number,
  before: string | null,
  shape: RowShape,
): Promise<Array<{ id: number; published_at: string }>> {
  const c = before ? decodeCursor(before) : null;
  const { categories, author, from, to } = filter;
  const sourceIds = filter.sourceIds === 'all' ? [] : filter.sourceIds;
  // The SQL's shape: list lengths and which filters are on; the values are arguments.
  const key = `rows:${shape}:${filter.sourceIds === 'all' ? 'all' : sourceIds.length}:${categories?.length ?? '-'}:${author !== undefined}:${from !== undefined}:${to !== undefined}:${c !== null}`;
  const args: unknown[] = [limit, ...sourceIds, ...(categories ?? [])];
  const at = (value: unknown) => args.push(value) - 1;
  const authorAt = author !== undefined ? at(author) : -1;
  const fromAt = from !== undefined ? at(from) : -1;
  const toAt = to !== undefined ? at(to) : -1;
  const cursorAt = c ? at(c.publishedAt) : -1;
  if (c) at(c.id);
  return (await compiledFor(db).run(
    key,
    (arg) => {
      let q =
        shape === 'keys'
          ? db.selectFrom('articles').select(['articles.id', 'articles.published_at'])
          : shape === 'api'
            ? db.selectFrom('articles').select(ARTICLE_COLUMNS)
            : db
                .selectFrom('articles')
                .leftJoin('images', 'images.url', 'articles.lead_image_url')
                .select(SUMMARY_COLUMNS);
      if (sourceIds.length)
        q = q.where(
          'articles.source_id',
          'in',
          sourceIds.map((_, i) => arg(1 + i)),
        );
      if (categories)
        q = q.where(
          'articles.category',
          'in',
          categories.map((_, i) => arg(1 + sourceIds.length + i)),
        );
      if (authorAt !== -1) q = q.where('articles.author', '=', arg(authorAt));
      if (fromAt !== -1) q = q.where('articles.published_at', '>=', arg(fromAt));
      if (toAt !== -1) q = q.where('articles.published_at', '<', arg(toAt));
      if (cursorAt !== -1) q = q.where(olderThan(arg(cursorAt), arg(cursorAt + 1)));
      return q.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(arg(0));
    },
    args,
  )) as SummaryRow[];
}

/** These articles as site list items, in the order given (missing ones skipped). */
export async function articleSummaries(handle: DbHandle, ids: number[]): Promise<SiteArticleSummary[]> {
  return (await summaryRowsById(handle, ids)).map(toSummary);
}

/** The list rows of these articles, in the order given (missing ones skipped). */
async function summaryRowsById({ [KYSELY]: db }: DbHandle, ids: number[]): Promise<SummaryRow[]> {
  if (!ids.length) return [];
  const rows = (await compiledFor(db).run(
    `rows-by-id:${ids.length}`,
    (arg) =>
      db
        .selectFrom('articles')
        .leftJoin('images', 'images.url', 'articles.lead_image_url')
        .select(SUMMARY_COLUMNS)
        .where(
          'articles.id',
          'in',
          ids.map((_, i) => arg(i)),
        ),
    ids,
  )) as SummaryRow[];
  return inIdOrder(ids, rows);
}

/** Rows read by `id in (…)`, put back in the order of `ids` (ids with no row skipped). */
export function inIdOrder<R extends { id: number | string | bigint }>(
  ids: readonly number[],
  rows: R[],
): R[] {
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The JSON API's list: every article or one source's (by slug), through the site's read, with the sources' slugs. */
export async function listArticles(
  handle: DbHandle,
  options: { source?: string; limit: number; before?: string | null },
): Promise<{ items: ArticleListItem[]; next: string | null }> {
  const db = dbOf(handle);
  let sourceIds: ArticleFilter['sourceIds'] = 'all';
  if (options.source) {
    const source = await db
      .selectFrom('sources')
      .select('id')
      .where('slug', '=', options.source)
      .executeTakeFirst();
    if (!source) return { items: [], next: null };
    sourceIds = [Number(source.id)];
  }
  const rows = await listRows(handle, { sourceIds }, options, 'api');
  // The slugs in a second read: joined to the list's query, SQLite walked
  // the sources first and sorted every article (4 s at a million, measured).
  const slugs = await sourceSlugs(
    handle,
    rows.slice(0, options.limit).map((r) => Number(r.source_id)),
  );
  return keysetPage(rows, options.limit, (r) => toListItem(r, slugs.get(Number(r.source_id)) ?? ''));
}

/** A list row as the JSON API sends it. */
export function toListItem(r: SummaryRow, source: string): ArticleListItem {
  return {
    id: Number(r.id),
    source,
    title: r.title,
    url: r.canonical_url,
    publishedAt: r.published_at,
    summary: r.summary,
    language: r.language,
    category: r.category,
    imageUrl: r.lead_image_url,
  };
}

async function sourceSlugs({ [KYSELY]: db }: DbHandle, sourceIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(sourceIds)];
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('sources').select(['id', 'slug']).where('id', 'in', ids).execute();
  return new Map(rows.map((s) => [Number(s.id), s.slug]));
}
