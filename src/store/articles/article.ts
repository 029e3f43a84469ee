// One article: as the site's article page shows it (with its images and its
// source) and as the JSON API sends it (with its text).
import { compiledFor } from '../compiled.ts';
import type { DbHandle } from '../handle.ts';
import type { SiteSource } from '../sources/site-sources.ts';
import {
  type ArticleListItem,
  SUMMARY_COLUMNS,
  type SiteArticleSummary,
  type SummaryRow,
  toSummary,
} from './lists.ts';

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

export interface ArticleDetail extends ArticleListItem {
  contentHtml: string | null;
  text: string | null;
  author: string | null;
  sourceName: string;
  updatedAt: string;
  fetchedAt: string;
  /** The article's story (0008_stories); null when no other article covers it. */
  storyId: number | null;
}

/** One article with its images (in the feed's order) and its source, for the site. */
export async function siteArticle({ db }: DbHandle, id: number): Promise<SiteArticle | null> {
  const compiled = compiledFor(db);
  // Compiled once (see compiled.ts): these two reads are the cold article page's.
  const [r] = await compiled.run(
    'article',
    (arg) =>
      db
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
  const images = await compiled.run(
    'article-images',
    (arg) =>
      db
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

/** One article with its text and HTML, for the JSON API. */
export async function getArticle({ db }: DbHandle, id: number): Promise<ArticleDetail | null> {
  const r = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .selectAll('articles')
    .select(['sources.slug as source', 'sources.name as source_name'])
    .where('articles.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: Number(r.id),
    source: r.source,
    sourceName: r.source_name,
    title: r.title,
    url: r.canonical_url,
    publishedAt: r.published_at,
    summary: r.summary,
    language: r.language,
    category: r.category,
    imageUrl: r.lead_image_url,
    contentHtml: r.content_html,
    text: r.text,
    author: r.author,
    updatedAt: r.updated_at,
    fetchedAt: r.fetched_at,
    storyId: r.story_id == null ? null : Number(r.story_id),
  };
}
