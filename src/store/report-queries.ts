// The SQL of image reports (migration 0006_image_reports): a report recorded
// once per reader per image, distinct readers counted, the per-source
// threshold, the shared rate-limit counters and secrets, the operator's
// decisions, and the lists the admin console shows. The rules (who is a
// reader, when an image is blocked) live in src/moderation; blocking itself
// goes through blockImage (image-queries.ts).
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';

function db(store: Store): Kysely<Database> {
  return store.db;
}

// ── Secrets shared by every process ─────────────────────────────────────

/**
 * The secret stored under `name`, made by `make` on first use. Processes
 * starting together agree: the first insert wins and everyone reads it back.
 */
export async function getOrCreateSecret(store: Store, name: string, make: () => string): Promise<string> {
  const have = await db(store)
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  if (have) return have.value;
  await db(store)
    .insertInto('app_secrets')
    .values({ name, value: make(), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db(store)
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

// ── Reports ─────────────────────────────────────────────────────────────

export interface ReportRecord {
  imageId: number;
  addressHash: string;
  /** Null when the browser sent no reader cookie. */
  readerHash: string | null;
  at: Date;
}

/**
 * Records a report unless this reader already reported this image (the same
 * address hash, or the same cookie), dismissed reports included: a reader
 * counts once per image, ever. True when a new report was stored.
 */
export async function recordReport(store: Store, r: ReportRecord): Promise<boolean> {
  if (r.readerHash !== null) {
    const byCookie = await db(store)
      .selectFrom('image_reports')
      .select('id')
      .where('image_id', '=', r.imageId)
      .where('reader_hash', '=', r.readerHash)
      .executeTakeFirst();
    if (byCookie) return false;
  }
  const res = await db(store)
    .insertInto('image_reports')
    .values({
      image_id: r.imageId,
      address_hash: r.addressHash,
      reader_hash: r.readerHash,
      created_at: r.at.toISOString(),
    })
    .onConflict((oc) => oc.columns(['image_id', 'address_hash']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Distinct readers whose reports of the image count (not dismissed by an operator). */
export async function countReports(store: Store, imageId: number): Promise<number> {
  const r = await db(store)
    .selectFrom('image_reports')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('image_id', '=', imageId)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * The threshold of an image: the highest threshold among the sources of the
 * articles that use it (an operator raises it for a trusted source), the
 * default for sources that set none, or the default when no article uses it.
 */
export async function imageThreshold(
  store: Store,
  imageId: number,
  defaultThreshold: number,
): Promise<number> {
  const rows = await db(store)
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

/** An operator unblocked the image: the reports so far stop counting. Returns how many. */
export async function dismissReports(store: Store, imageId: number, at: Date): Promise<number> {
  const r = await db(store)
    .updateTable('image_reports')
    .set({ dismissed_at: at.toISOString() })
    .where('image_id', '=', imageId)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export type ImageDecision = 'blocked' | 'confirmed' | 'unblocked';

/** Remembers the last decision on an image and who took it ('reports' or an operator's name). */
export async function recordDecision(
  store: Store,
  imageId: number,
  status: ImageDecision,
  by: string,
  reason: string | null,
  at: Date,
): Promise<void> {
  const values = { status, decided_by: by, reason, decided_at: at.toISOString() };
  await db(store)
    .insertInto('image_moderation')
    .values({ image_id: imageId, ...values })
    .onConflict((oc) => oc.column('image_id').doUpdateSet(values))
    .execute();
}

// ── Per-source threshold ────────────────────────────────────────────────

/** Sets a source's report threshold (null: back to the default). False when there is no such source. */
export async function setSourceReportThreshold(
  store: Store,
  sourceSlug: string,
  threshold: number | null,
): Promise<boolean> {
  const r = await db(store)
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

export async function sourceReportThresholds(store: Store): Promise<SourceThreshold[]> {
  const rows = await db(store)
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

// ── Rate limits ─────────────────────────────────────────────────────────

/**
 * Counts one more attempt under `key` in the fixed window starting at
 * `windowStart` (seconds) and returns the count so far, this one included.
 * One statement, so processes sharing the database share the count.
 */
export async function bumpRateCounter(store: Store, key: string, windowStart: number): Promise<number> {
  const row = await db(store)
    .insertInto('report_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet({ count: sql<number>`report_limits.count + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Drops the counters of windows that ended before `before` (seconds). */
export async function purgeRateCounters(store: Store, before: number): Promise<void> {
  await db(store).deleteFrom('report_limits').where('window_start', '<', before).execute();
}

// ── What the operator's console lists ───────────────────────────────────

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

function reportsBase(store: Store) {
  return db(store)
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
export async function reportedImageRows(store: Store, o: ListOptions): Promise<ReportedImageRow[]> {
  const rows = await reportsBase(store)
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
export async function blockedImageRows(store: Store, o: ListOptions): Promise<ReportedImageRow[]> {
  const rows = await reportsBase(store)
    .where('i.blocked', '=', 1)
    .orderBy('i.blocked_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return rows.map(toRow);
}

/** One image's moderation row (reports, block, decision), or null for an unknown id. */
export async function reportedImageRow(store: Store, imageId: number): Promise<ReportedImageRow | null> {
  const r = await reportsBase(store).where('i.id', '=', imageId).executeTakeFirst();
  return r ? toRow(r) : null;
}

/** The articles that show these images, newest first, at most `perImage` each. */
export async function articlesUsingImages(
  store: Store,
  imageIds: number[],
  perImage = 20,
): Promise<Map<number, ImageArticleRow[]>> {
  const out = new Map<number, ImageArticleRow[]>();
  if (!imageIds.length) return out;
  const rows = await db(store)
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

/** The blocked images whose bytes have this hash (the same picture under several URLs). */
export async function blockedImagesWithHash(store: Store, contentHash: string): Promise<number[]> {
  const rows = await db(store)
    .selectFrom('images')
    .select('id')
    .where('content_hash', '=', contentHash)
    .where('blocked', '=', 1)
    .execute();
  return rows.map((r) => Number(r.id));
}
