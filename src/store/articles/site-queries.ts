// The site's reads as one object over a database, for the callers that hold
// one (the site context's `queries`, tests, the search benchmark): each
// method is the function of the same purpose in this folder.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { DbHandle } from '../handle.ts';
import type { Database } from '../schema.ts';
import { type SiteSource, siteSources } from '../sources/site-sources.ts';
import { type SiteArticle, siteArticle } from './article.ts';
import {
  articleCategories,
  publishedBetween,
  publishedRange,
  type SitemapEntry,
  sourceArticleCounts,
} from './counts.ts';
import {
  type ArticleFilter,
  articleSummaries,
  listSiteArticles,
  type SiteArticleSummary,
  type SitePage,
} from './lists.ts';
import { readAlso } from './read-also.ts';

export class SiteQueries implements DbHandle {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
  ) {}

  sources(): Promise<SiteSource[]> {
    return siteSources(this);
  }

  sourceCounts(sourceIds: number[]): Promise<Map<number, number>> {
    return sourceArticleCounts(this, sourceIds);
  }

  categories(sourceIds: number[], window?: number): Promise<Array<{ category: string; count: number }>> {
    return articleCategories(this, sourceIds, window);
  }

  list(filter: ArticleFilter, options: { limit: number; before?: string | null }): Promise<SitePage> {
    return listSiteArticles(this, filter, options);
  }

  latest(sourceIds: number[], limit: number, before?: string | null): Promise<SitePage> {
    return listSiteArticles(this, { sourceIds }, { limit, before: before ?? null });
  }

  bySource(sourceId: number, limit: number, before?: string | null): Promise<SitePage> {
    return listSiteArticles(this, { sourceIds: [sourceId] }, { limit, before: before ?? null });
  }

  byCategory(
    categories: string[],
    sourceIds: number[],
    limit: number,
    before?: string | null,
  ): Promise<SitePage> {
    return listSiteArticles(this, { sourceIds, categories }, { limit, before: before ?? null });
  }

  byAuthor(author: string, sourceIds: number[], limit: number, before?: string | null): Promise<SitePage> {
    return listSiteArticles(this, { sourceIds, author }, { limit, before: before ?? null });
  }

  byDay(
    bounds: { from: string; to: string },
    sourceIds: number[],
    limit: number,
    before?: string | null,
  ): Promise<SitePage> {
    return listSiteArticles(this, { sourceIds, ...bounds }, { limit, before: before ?? null });
  }

  article(id: number): Promise<SiteArticle | null> {
    return siteArticle(this, id);
  }

  readAlso(
    article: { id: number; sourceId: number },
    limit: number,
    sourceIds?: number[],
  ): Promise<SiteArticleSummary[]> {
    return readAlso(this, article, limit, sourceIds);
  }

  summaries(ids: number[]): Promise<SiteArticleSummary[]> {
    return articleSummaries(this, ids);
  }

  published(from: string, to: string, limit: number, newest = false): Promise<SitemapEntry[]> {
    return publishedBetween(this, from, to, limit, newest);
  }

  publishedRange(): Promise<{ first: string; last: string } | null> {
    return publishedRange(this);
  }
}
