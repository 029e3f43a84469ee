// The reader's site's reads: every list newest first by (published_at, id)
// and paged by key (the cursor of the last row shown), never by OFFSET, so
// page 500 of a source costs what page 1 does. Each list walks an index from
// its top: articles_published, articles_source_published, and 0004_site's
// category and author indexes.
import type { Kysely } from 'kysely';
import { CompiledQueries } from './compiled.ts';
import type { Dialect } from './connect.ts';
import type { Database } from './schema.ts';
import { SearchQueries } from './search/index.ts';
import { decodeCursor, encodeCursor } from './store.ts';

export interface SiteSource {
  id: number;
  slug: string;
  name: string;
  homepage: string;
  language: string;
  enabled: boolean;
}

/** How long a found "Lire aussi" list is kept before it is looked for again. */
const READ_ALSO_TTL_MS = 6 * 3_600_000;
/** How many related articles are kept: a few more than a page shows, for those that leave (same story, takedown). */
const READ_ALSO_KEPT = 8;

/** One article as a list shows it. */
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

export interface SiteImage {
  id: number;
  url: string;
  position: number;
  caption: string | null;
  /** Blocked by moderation, itself or the same bytes under another URL: pages show the placeholder (0006_image_reports). */
  blocked?: boolean;
}

export interface SiteArticle extends SiteArticleSummary {
  contentHtml: string | null;
  leadImageUrl: string | null;
  language: string;
  updatedAt: string;
  images: SiteImage[];
  source: SiteSource;
}

export interface SitePage {
  items: SiteArticleSummary[];
  /** The cursor of the next (older) page, or null on the last one. */
  next: string | null;
}

/** What a list keeps; every field narrows. `sourceIds` empty means nothing at all. */
export interface ArticleFilter {
  sourceIds: number[];
  categories?: string[];
  author?: string;
  /** published_at >= from (ISO UTC). */
  from?: string;
  /** published_at < to (ISO UTC). */
  to?: string;
}

export interface SitemapEntry {
  id: number;
  sourceId: number;
  title: string;
  publishedAt: string;
  updatedAt: string;
  language: string;
}

const SUMMARY_COLUMNS = [
  'articles.id',
  'articles.source_id',
  'articles.title',
  'articles.summary',
  'articles.published_at',
  'articles.category',
  'articles.author',
  'articles.canonical_url',
  'images.id as lead_image_id',
  'articles.story_id',
  'images.blocked as lead_image_blocked',
] as const;

interface SummaryRow {
  id: number;
  source_id: number;
  title: string;
  summary: string | null;
  published_at: string;
  category: string | null;
  author: string | null;
  canonical_url: string | null;
  lead_image_id: number | null;
  story_id: number | null;
  lead_image_blocked?: number | null;
}

function toSummary(r: SummaryRow): SiteArticleSummary {
  return {
    id: Number(r.id),
    sourceId: Number(r.source_id),
    title: r.title,
    summary: r.summary,
    publishedAt: r.published_at,
    category: r.category,
    author: r.author,
    canonicalUrl: r.canonical_url,
    leadImageId: r.lead_image_id === null ? null : Number(r.lead_image_id),
    storyId: r.story_id == null ? null : Number(r.story_id),
    ...(Number(r.lead_image_blocked) === 1 ? { leadImageBlocked: true } : {}),
  };
}

export class SiteQueries {
  /** The hot reads (article, lists), compiled once per shape. */
  private readonly compiled: CompiledQueries;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Dialect,
  ) {
    this.compiled = new CompiledQueries(db);
  }

  /** Every source, enabled or not (a paused source's articles stay readable). */
  async sources(): Promise<SiteSource[]> {
    const rows = await this.db
      .selectFrom('sources')
      .select(['id', 'slug', 'name', 'homepage', 'language', 'enabled'])
      // A source taken down at its publisher's request leaves the site (0007_console).
      .where('taken_down_at', 'is', null)
      .orderBy('slug')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), enabled: Number(r.enabled) === 1 }));
  }

  /** Article counts per source id. */
  async sourceCounts(sourceIds: number[]): Promise<Map<number, number>> {
    if (!sourceIds.length) return new Map();
    const rows = await this.db
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
  async categories(sourceIds: number[], window = 2000): Promise<Array<{ category: string; count: number }>> {
    if (!sourceIds.length) return [];
    const counts = new Map<string, number>();
    const perSource = await Promise.all(
      sourceIds.map((id) =>
        this.db
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

  /** Newest first, `limit` at most, older than `before` (a cursor from a previous page). */
  async list(filter: ArticleFilter, options: { limit: number; before?: string | null }): Promise<SitePage> {
    if (!filter.sourceIds.length || (filter.categories && !filter.categories.length))
      return { items: [], next: null };
    const rows = await this.rows(filter, options.limit + 1, options.before ?? null);
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      next: rows.length > options.limit && last ? encodeCursor(last.published_at, Number(last.id)) : null,
    };
  }

  /**
   * Newest first, at most `limit` rows. Several sources without an author or
   * a day to narrow them: one query per source, merged here. A single query
   * with \`source_id IN (…)\` cannot walk the (source_id, published_at)
   * index in date order, and the planners then sort every article of the
   * edition (5 s at a million articles in SQLite, measured); per source,
   * each query reads \`limit\` index entries and stops.
   */
  private async rows(filter: ArticleFilter, limit: number, before: string | null): Promise<SummaryRow[]> {
    if (filter.sourceIds.length > 1 && filter.author === undefined && filter.from === undefined) {
      // Per source, only the keys (from the index, no row read); the rows
      // are read for the `limit` that win, not for sources × limit.
      const parts = await Promise.all(
        filter.sourceIds.map((id) => this.select({ ...filter, sourceIds: [id] }, limit, before, true)),
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
      return this.rowsById(winners.map((w) => Number(w.id)));
    }
    return (await this.select(filter, limit, before, false)) as SummaryRow[];
  }

  /** One query; with `keysOnly`, just (published_at, id), which the indexes hold. */
  private async select(
    filter: ArticleFilter,
    limit: number,
    before: string | null,
    keysOnly: boolean,
  ): Promise<Array<{ id: number; published_at: string }>> {
    const c = before ? decodeCursor(before) : null;
    const { sourceIds, categories, author, from, to } = filter;
    // The SQL's shape: list lengths and which filters are on; the values are arguments.
    const key = `rows:${keysOnly}:${sourceIds.length}:${categories?.length ?? '-'}:${author !== undefined}:${from !== undefined}:${to !== undefined}:${c !== null}`;
    const args: unknown[] = [limit, ...sourceIds, ...(categories ?? [])];
    const at = (value: unknown) => args.push(value) - 1;
    const authorAt = author !== undefined ? at(author) : -1;
    const fromAt = from !== undefined ? at(from) : -1;
    const toAt = to !== undefined ? at(to) : -1;
    const cursorAt = c ? at(c.publishedAt) : -1;
    if (c) at(c.id);
    return (await this.compiled.run(
      key,
      (arg) => {
        let q = (
          keysOnly
            ? this.db.selectFrom('articles').select(['articles.id', 'articles.published_at'])
            : this.db
                .selectFrom('articles')
                .leftJoin('images', 'images.url', 'articles.lead_image_url')
                .select(SUMMARY_COLUMNS)
        ).where(
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
        if (cursorAt !== -1) {
          q = q.where((eb) =>
            eb.or([
              eb('articles.published_at', '<', arg(cursorAt)),
              eb.and([
                eb('articles.published_at', '=', arg(cursorAt)),
                eb('articles.id', '<', arg(cursorAt + 1)),
              ]),
            ]),
          );
        }
        return q.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(arg(0));
      },
      args,
    )) as SummaryRow[];
  }

  /** The latest articles of an edition (its sources). */
  latest(sourceIds: number[], limit: number, before?: string | null): Promise<SitePage> {
    return this.list({ sourceIds }, { limit, before: before ?? null });
  }

  bySource(sourceId: number, limit: number, before?: string | null): Promise<SitePage> {
    return this.list({ sourceIds: [sourceId] }, { limit, before: before ?? null });
  }

  /** `categories`: the stored spellings that share one slug. */
  byCategory(
    categories: string[],
    sourceIds: number[],
    limit: number,
    before?: string | null,
  ): Promise<SitePage> {
    return this.list({ sourceIds, categories }, { limit, before: before ?? null });
  }

  byAuthor(author: string, sourceIds: number[], limit: number, before?: string | null): Promise<SitePage> {
    return this.list({ sourceIds, author }, { limit, before: before ?? null });
  }

  /** A day's articles: `from` and `to` are the UTC bounds of the day in the site's time zone. */
  byDay(
    bounds: { from: string; to: string },
    sourceIds: number[],
    limit: number,
    before?: string | null,
  ): Promise<SitePage> {
    return this.list({ sourceIds, from: bounds.from, to: bounds.to }, { limit, before: before ?? null });
  }

  /** One article with its images (in the feed's order) and its source. */
  async article(id: number): Promise<SiteArticle | null> {
    // Compiled once (see compiled.ts): these two reads are the cold article page's.
    const [r] = await this.compiled.run(
      'article',
      (arg) =>
        this.db
          .selectFrom('articles')
          .innerJoin('sources', 'sources.id', 'articles.source_id')
          .leftJoin('images', 'images.url', 'articles.lead_image_url')
          .select([
            ...SUMMARY_COLUMNS,
            'articles.content_html',
            'articles.lead_image_url',
            'articles.language',
            'articles.updated_at',
            'sources.slug as source_slug',
            'sources.name as source_name',
            'sources.homepage as source_homepage',
            'sources.language as source_language',
            'sources.enabled as source_enabled',
          ])
          .where('articles.id', '=', arg(0)),
      [id],
    );
    if (!r) return null;
    const images = await this.compiled.run(
      'article-images',
      (arg) =>
        this.db
          .selectFrom('article_images')
          .innerJoin('images', 'images.id', 'article_images.image_id')
          .select((eb) => [
            'images.id',
            'images.url',
            'article_images.position',
            'article_images.caption',
            eb
              .or([
                eb('images.blocked', '=', 1),
                eb.exists(
                  eb
                    .selectFrom('images as same')
                    .select('same.id')
                    .whereRef('same.content_hash', '=', 'images.content_hash')
                    .where('same.blocked', '=', 1),
                ),
              ])
              .as('blocked'),
          ])
          .where('article_images.article_id', '=', arg(0))
          .orderBy('article_images.position'),
      [id],
    );
    return {
      ...toSummary(r as SummaryRow),
      contentHtml: r.content_html,
      leadImageUrl: r.lead_image_url,
      language: r.language,
      updatedAt: r.updated_at,
      images: images.map((i) => ({
        id: Number(i.id),
        url: i.url,
        position: Number(i.position),
        caption: i.caption,
        blocked: i.blocked === true || Number(i.blocked) === 1,
      })),
      source: {
        id: Number(r.source_id),
        slug: r.source_slug,
        name: r.source_name,
        homepage: r.source_homepage,
        language: r.source_language,
        enabled: Number(r.source_enabled) === 1,
      },
    };
  }

  /**
   * "Lire aussi": articles related by text (BM25 over the article's key
   * terms, through the search index: SearchQueries.related), within
   * `sourceIds` (the edition's; by default the article's own source), never
   * of the article's story, recent first among the strong matches.
   */
  async readAlso(
    article: { id: number; sourceId: number },
    limit: number,
    sourceIds: number[] = [article.sourceId],
  ): Promise<SiteArticleSummary[]> {
    // Found once per article and edition's sources and kept READ_ALSO_TTL_MS
    // (a search costs ~15 ms, the page without it well under one); the
    // story and takedown rules are applied again on reading.
    const key = sourceIds.join(',');
    const [held] = await this.compiled.run(
      'read-also-held',
      (arg) =>
        this.db
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
      ids = await new SearchQueries(this.db, this.dialect).related(article.id, sourceIds, READ_ALSO_KEPT);
      const row = { ids: `${key}|${ids.join(',')}`, computed_at: new Date().toISOString() };
      await this.db
        .insertInto('article_read_also')
        .values({ article_id: article.id, ...row })
        .onConflict((oc) => oc.column('article_id').doUpdateSet(row))
        .execute();
    }
    // The story as it is now: an article may have joined one since the list was found.
    const storyId = held.story_id === null ? null : Number(held.story_id);
    const found = await this.summaries(ids);
    return found.filter((a) => storyId === null || a.storyId !== storyId).slice(0, limit);
  }

  /** These articles as list items, in the order given (missing ones skipped). */
  async summaries(ids: number[]): Promise<SiteArticleSummary[]> {
    return (await this.rowsById(ids)).map(toSummary);
  }

  /** The list rows of these articles, in the order given (missing ones skipped). */
  private async rowsById(ids: number[]): Promise<SummaryRow[]> {
    if (!ids.length) return [];
    const rows = (await this.compiled.run(
      `rows-by-id:${ids.length}`,
      (arg) =>
        this.db
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
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The articles published in [from, to), for sitemaps; `limit` at most,
   * oldest first, or the newest `limit` with `newest` (the news sitemap:
   * past its limit, the freshest articles are the ones to keep).
   */
  async published(from: string, to: string, limit: number, newest = false): Promise<SitemapEntry[]> {
    const order = newest ? 'desc' : 'asc';
    const rows = await this.db
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
  async publishedRange(): Promise<{ first: string; last: string } | null> {
    const first = await this.db
      .selectFrom('articles')
      .select('published_at')
      .orderBy('published_at')
      .limit(1)
      .executeTakeFirst();
    const last = await this.db
      .selectFrom('articles')
      .select('published_at')
      .orderBy('published_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!first || !last) return null;
    return { first: first.published_at, last: last.published_at };
  }
}
