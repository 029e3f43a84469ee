// One article, read once for both: as the site's article page shows it (with
// its images and its source) and as the JSON API sends it (with its text).
import { sql } from 'kysely';
import { compiledFor } from '../compiled.ts';
import { type DbHandle, KYSELY } from '../handle.ts';
import type { SiteSource } from '../sources/site-sources.ts';
import {
  type ArticleListItem,
  SUMMARY_COLUMNS,
  type SiteArticleSummary,
  type SummaryRow,
  toListItem,
  toSummary,
} from './lists.ts';

export interface SiteImage {
  id: number;
  url: string;
  position: number;
  caption: string | null;
  /** The picture's own size, once the image proxy fetched it; null before. */
  width: number | null;
  height: number | null;
  /** Blocked by moderation, itself or the same bytes under another URL: pages show the placeholder (0006_image_reports). */
  blocked?: boolean;
}

/** An article's "Lire aussi" as kept in article_read_also (read-also.ts). */
export interface KeptReadAlso {
  /** The edition's source ids, '|', the articles' ids. */
  ids: string;
  computedAt: string;
}

export interface SiteArticle extends SiteArticleSummary {
  contentHtml: string | null;
  leadImageUrl: string | null;
  language: string;
  updatedAt: string;
  images: SiteImage[];
  source: SiteSource;
  /** Its kept "Lire aussi", read in the same statement (one less for the page), for readAlso; null when none. */
  keptReadAlso?: KeptReadAlso | null;
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
export async function siteArticle(handle: DbHandle, id: number): Promise<SiteArticle | null> {
  // Both reads in one read transaction on SQLite (compiled.ts, together).
  const [row, images] = compiledFor(handle[KYSELY]).together(() => [
    articleRow(handle, id, false),
    articleImages(handle, id),
  ]);
  const r = await row;
  if (!r) {
    images.catch(() => {}); // its rows, or its failure, are not wanted
    return null;
  }
  return {
    ...toSummary(r),
    contentHtml: r.content_html,
    leadImageUrl: r.lead_image_url,
    language: r.language,
    updatedAt: r.updated_at,
    images: await images,
    keptReadAlso:
      r.read_also_ids == null || r.read_also_at == null
        ? null
        : { ids: r.read_also_ids, computedAt: r.read_also_at },
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

/** One article with its text and HTML, for the JSON API: the site's read, without the images. */
export async function getArticle(handle: DbHandle, id: number): Promise<ArticleDetail | null> {
  const r = await articleRow(handle, id, true);
  if (!r) return null;
  return {
    ...toListItem(r, r.source_slug),
    sourceName: r.source_name,
    contentHtml: r.content_html,
    text: r.text,
    author: r.author,
    updatedAt: r.updated_at,
    fetchedAt: r.fetched_at,
    storyId: r.story_id == null ? null : Number(r.story_id),
  };
}

interface ArticleRow extends SummaryRow {
  content_html: string | null;
  text: string | null;
  updated_at: string;
  fetched_at: string;
  source_slug: string;
  source_name: string;
  source_homepage: string;
  source_language: string;
  source_enabled: number;
  read_also_ids?: string | null;
  read_also_at?: string | null;
}

/**
 * The one read of an article, the site's and the API's; compiled once (see
 * compiled.ts): it is the cold article page's. The plain text only `withText`
 * (the API's): the page shows the HTML, and decoding a text it does not use
 * was a tenth of the read.
 */
async function articleRow(
  { [KYSELY]: db }: DbHandle,
  id: number,
  withText: boolean,
): Promise<ArticleRow | null> {
  const [r] = await compiledFor(db).run(
    withText ? 'article-with-text' : 'article',
    (arg) => {
      const q = db
        .selectFrom('articles')
        .innerJoin('sources', 'sources.id', 'articles.source_id')
        .leftJoin('images', 'images.url', 'articles.lead_image_url')
        .select([
          ...SUMMARY_COLUMNS,
          'articles.content_html',
          withText ? 'articles.text' : sql<null>`null`.as('text'),
          'articles.updated_at',
          'articles.fetched_at',
          'sources.slug as source_slug',
          'sources.name as source_name',
          'sources.homepage as source_homepage',
          'sources.language as source_language',
          'sources.enabled as source_enabled',
        ])
        .where('articles.id', '=', arg(0));
      // The site's page shows "Lire aussi": its kept list comes with the row
      // (each statement costs the page ~15 µs under load whatever it reads).
      return withText
        ? q
        : q
            .leftJoin('article_read_also', 'article_read_also.article_id', 'articles.id')
            .select([
              'article_read_also.ids as read_also_ids',
              'article_read_also.computed_at as read_also_at',
            ]);
    },
    [id],
  );
  return (r as ArticleRow | undefined) ?? null;
}

/** An article's images, in the feed's order, each marked when moderation blocked it or the same bytes. */
async function articleImages({ [KYSELY]: db }: DbHandle, id: number): Promise<SiteImage[]> {
  const images = await compiledFor(db).run(
    'article-images',
    (arg) =>
      db
        .selectFrom('article_images')
        .innerJoin('images', 'images.id', 'article_images.image_id')
        .select((eb) => [
          'images.id',
          'images.url',
          'images.width',
          'images.height',
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
  return images.map((i) => ({
    id: Number(i.id),
    url: i.url,
    position: Number(i.position),
    caption: i.caption,
    width: i.width === null ? null : Number(i.width),
    height: i.height === null ? null : Number(i.height),
    blocked: i.blocked === true || Number(i.blocked) === 1,
  }));
}
