// What the operator's console lists for image moderation: reported and
// blocked images with their report counts and last decision, and the
// articles that show them.
import { type DbHandle, KYSELY } from '../handle.ts';
import type { ImageDecision } from './decisions.ts';

export interface ReportedImageRow {
  id: number;
  url: string;
  blocked: boolean;
  /** Blocked because the same bytes (content hash) are blocked under another id. */
  blockedBySameBytes: boolean;
  blockedAt: string | null;
  contentHash: string | null;
  /** Distinct readers whose reports count. */
  reports: number;
  /** Every report ever, dismissed ones included. */
  allReports: number;
  firstReportAt: string | null;
  lastReportAt: string | null;
  decision: { status: ImageDecision; by: string; reason: string | null; at: string } | null;
}

export interface ImageArticleRow {
  imageId: number;
  articleId: number;
  title: string;
  publishedAt: string;
  sourceId: number;
  sourceSlug: string;
  sourceName: string;
  language: string;
  sourceThreshold: number | null;
}

interface ListOptions {
  limit: number;
  offset: number;
}

function reportsBase({ [KYSELY]: db }: DbHandle) {
  return db
    .selectFrom('images as i')
    .leftJoin('image_moderation as m', 'm.image_id', 'i.id')
    .select((eb) => [
      'i.id',
      'i.url',
      'i.blocked',
      'i.blocked_at',
      'i.content_hash',
      'm.status',
      'm.decided_by',
      'm.reason',
      'm.decided_at',
      eb
        .selectFrom('image_reports as r')
        .select((sub) => sub.fn.countAll().as('n'))
        .whereRef('r.image_id', '=', 'i.id')
        .where('r.dismissed_at', 'is', null)
        .as('reports'),
      eb
        .selectFrom('image_reports as r')
        .select((sub) => sub.fn.countAll().as('n'))
        .whereRef('r.image_id', '=', 'i.id')
        .as('all_reports'),
      eb
        .selectFrom('image_reports as r')
        .select((sub) => sub.fn.min('r.created_at').as('t'))
        .whereRef('r.image_id', '=', 'i.id')
        .as('first_report_at'),
      eb
        .selectFrom('image_reports as r')
        .select((sub) => sub.fn.max('r.created_at').as('t'))
        .whereRef('r.image_id', '=', 'i.id')
        .as('last_report_at'),
      eb
        .exists(
          eb
            .selectFrom('images as same')
            .select('same.id')
            .whereRef('same.content_hash', '=', 'i.content_hash')
            .whereRef('same.id', '<>', 'i.id')
            .where('same.blocked', '=', 1),
        )
        .as('same_bytes_blocked'),
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof reportsBase>['execute']>>[number];

function toRow(r: BaseRow): ReportedImageRow {
  return {
    id: Number(r.id),
    url: r.url,
    blocked: Number(r.blocked) === 1,
    blockedBySameBytes: Number(r.blocked) !== 1 && Boolean(r.same_bytes_blocked),
    blockedAt: r.blocked_at,
    contentHash: r.content_hash,
    reports: Number(r.reports ?? 0),
    allReports: Number(r.all_reports ?? 0),
    firstReportAt: (r.first_report_at as string | null) ?? null,
    lastReportAt: (r.last_report_at as string | null) ?? null,
    decision:
      r.status && r.decided_by && r.decided_at
        ? { status: r.status as ImageDecision, by: r.decided_by, reason: r.reason, at: r.decided_at }
        : null,
  };
}

/** Images with reports that count and no block yet: most reported first, then most recent. */
export async function reportedImageRows(handle: DbHandle, o: ListOptions): Promise<ReportedImageRow[]> {
  const rows = await reportsBase(handle)
    .where('i.blocked', '=', 0)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('image_reports as r')
          .select('r.id')
          .whereRef('r.image_id', '=', 'i.id')
          .where('r.dismissed_at', 'is', null),
      ),
    )
    .orderBy('reports', 'desc')
    .orderBy('last_report_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return rows.map(toRow);
}

/** Blocked images (by reports or by hand), most recently blocked first. */
export async function blockedImageRows(handle: DbHandle, o: ListOptions): Promise<ReportedImageRow[]> {
  const rows = await reportsBase(handle)
    .where('i.blocked', '=', 1)
    .orderBy('i.blocked_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return rows.map(toRow);
}

/** One image's moderation row (reports, block, decision), or null for an unknown id. */
export async function reportedImageRow(handle: DbHandle, imageId: number): Promise<ReportedImageRow | null> {
  const r = await reportsBase(handle).where('i.id', '=', imageId).executeTakeFirst();
  return r ? toRow(r) : null;
}

/** The articles that show these images, newest first, at most `perImage` each. */
export async function articlesUsingImages(
  { [KYSELY]: db }: DbHandle,
  imageIds: number[],
  perImage = 20,
): Promise<Map<number, ImageArticleRow[]>> {
  const out = new Map<number, ImageArticleRow[]>();
  if (!imageIds.length) return out;
  const rows = await db
    .selectFrom('article_images as ai')
    .innerJoin('articles as a', 'a.id', 'ai.article_id')
    .innerJoin('sources as s', 's.id', 'a.source_id')
    .select([
      'ai.image_id',
      'a.id',
      'a.title',
      'a.published_at',
      's.id as source_id',
      's.slug',
      's.name',
      's.language',
      's.report_threshold',
    ])
    .where('ai.image_id', 'in', imageIds)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  for (const r of rows) {
    const imageId = Number(r.image_id);
    let list = out.get(imageId);
    if (!list) {
      list = [];
      out.set(imageId, list);
    }
    if (list.length >= perImage) continue;
    list.push({
      imageId,
      articleId: Number(r.id),
      title: r.title,
      publishedAt: r.published_at,
      sourceId: Number(r.source_id),
      sourceSlug: r.slug,
      sourceName: r.name,
      language: r.language,
      sourceThreshold: r.report_threshold === null ? null : Number(r.report_threshold),
    });
  }
  return out;
}
