// How many readers' reports block an image: a per-source threshold
// (sources.report_threshold, raised by an operator for a trusted source) or
// the default.
import { type DbHandle, KYSELY } from '../handle.ts';

/**
 * The threshold of an image: the highest threshold among the sources of the
 * articles that use it (an operator raises it for a trusted source), the
 * default for sources that set none, or the default when no article uses it.
 */
export async function imageThreshold(
  { [KYSELY]: db }: DbHandle,
  imageId: number,
  defaultThreshold: number,
): Promise<number> {
  const rows = await db
    .selectFrom('article_images')
    .innerJoin('articles', 'articles.id', 'article_images.article_id')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select('sources.report_threshold')
    .distinct()
    .where('article_images.image_id', '=', imageId)
    .execute();
  let threshold = rows.length ? 0 : defaultThreshold;
  for (const r of rows) {
    threshold = Math.max(
      threshold,
      r.report_threshold === null ? defaultThreshold : Number(r.report_threshold),
    );
  }
  return threshold;
}

/** Sets a source's report threshold (null: back to the default). False when there is no such source. */
export async function setSourceReportThreshold(
  { [KYSELY]: db }: DbHandle,
  sourceSlug: string,
  threshold: number | null,
): Promise<boolean> {
  const r = await db
    .updateTable('sources')
    .set({ report_threshold: threshold })
    .where('slug', '=', sourceSlug)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface SourceThreshold {
  sourceId: number;
  slug: string;
  name: string;
  /** Null: the default applies. */
  threshold: number | null;
}

export async function sourceReportThresholds({ [KYSELY]: db }: DbHandle): Promise<SourceThreshold[]> {
  const rows = await db
    .selectFrom('sources')
    .select(['id', 'slug', 'name', 'report_threshold'])
    .orderBy('slug')
    .execute();
  return rows.map((r) => ({
    sourceId: Number(r.id),
    slug: r.slug,
    name: r.name,
    threshold: r.report_threshold === null ? null : Number(r.report_threshold),
  }));
}
