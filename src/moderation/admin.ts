// What the operator's console does with images and thresholds: the lists of
// reported and blocked images (thumbnail, counts, the articles that use
// them), block by hand, confirm a block, unblock (which dismisses the
// reports so far: they stop counting), and a source's threshold. Only an
// operator reaches these; readers can report, never unblock.
import { blockImage, getImage, type Store, unblockImage } from '../store/index.ts';
import {
  articlesUsingImages,
  blockedImageRows,
  blockedImagesWithHash,
  dismissReports,
  type ImageDecision,
  recordDecision,
  reportedImageRow,
  reportedImageRows,
  type ReportedImageRow,
  setSourceReportThreshold,
  sourceReportThresholds,
  type SourceThreshold,
} from '../store/index.ts';
import { DEFAULT_REPORT_THRESHOLD } from './config.ts';

export type { ImageDecision, SourceThreshold };

export interface ModeratedImageArticle {
  id: number;
  title: string;
  publishedAt: string;
  source: { id: number; slug: string; name: string; language: string; threshold: number | null };
}

export interface ModeratedImage {
  id: number;
  /** The publisher's URL of the image. */
  url: string;
  /** Our own URL of it (/img/<id>): the placeholder once blocked. */
  thumbnail: string;
  blocked: boolean;
  /** Blocked because the same bytes are blocked under another id. */
  blockedBySameBytes: boolean;
  blockedAt: string | null;
  /** Distinct readers whose reports count now. */
  reports: number;
  /** Every report ever, those dismissed by an unblock included. */
  allReports: number;
  /** The reports it takes to block it: the default, or the highest its sources set. */
  threshold: number;
  firstReportAt: string | null;
  lastReportAt: string | null;
  /** The last decision: blocked (by 'reports' or an operator), confirmed, unblocked. */
  decision: { status: ImageDecision; by: string; reason: string | null; at: string } | null;
  /** The articles that show it, newest first (at most 20). */
  articles: ModeratedImageArticle[];
}

export interface ListImagesOptions {
  /** Default 50, at most 500. */
  limit?: number;
  offset?: number;
  /** The default threshold (KIOSQUE_REPORT_THRESHOLD); default 3. */
  defaultThreshold?: number;
}

function defaultThresholdOf(o: ListImagesOptions): number {
  return o.defaultThreshold ?? DEFAULT_REPORT_THRESHOLD;
}

async function withArticles(
  store: Store,
  rows: ReportedImageRow[],
  defaultThreshold: number,
): Promise<ModeratedImage[]> {
  const articles = await articlesUsingImages(
    store,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const list = articles.get(r.id) ?? [];
    const thresholds = new Set(list.map((a) => a.sourceThreshold ?? defaultThreshold));
    return {
      id: r.id,
      url: r.url,
      thumbnail: `/img/${r.id}`,
      blocked: r.blocked || r.blockedBySameBytes,
      blockedBySameBytes: r.blockedBySameBytes,
      blockedAt: r.blockedAt,
      reports: r.reports,
      allReports: r.allReports,
      threshold: thresholds.size ? Math.max(...thresholds) : defaultThreshold,
      firstReportAt: r.firstReportAt,
      lastReportAt: r.lastReportAt,
      decision: r.decision,
      articles: list.map((a) => ({
        id: a.articleId,
        title: a.title,
        publishedAt: a.publishedAt,
        source: {
          id: a.sourceId,
          slug: a.sourceSlug,
          name: a.sourceName,
          language: a.language,
          threshold: a.sourceThreshold,
        },
      })),
    };
  });
}

function bounds(o: ListImagesOptions): { limit: number; offset: number } {
  const limit = Math.min(500, Math.max(1, Math.floor(o.limit ?? 50)));
  const offset = Math.max(0, Math.floor(o.offset ?? 0));
  return { limit, offset };
}

/** Images readers reported that are not blocked (yet): most reported first. */
export async function listReportedImages(store: Store, o: ListImagesOptions = {}): Promise<ModeratedImage[]> {
  return withArticles(store, await reportedImageRows(store, bounds(o)), defaultThresholdOf(o));
}

/** Blocked images, by reports or by hand, most recently blocked first. */
export async function listBlockedImages(store: Store, o: ListImagesOptions = {}): Promise<ModeratedImage[]> {
  return withArticles(store, await blockedImageRows(store, bounds(o)), defaultThresholdOf(o));
}

/** One image as the console shows it, or null for an unknown id. */
export async function getModeratedImage(
  store: Store,
  imageId: number,
  o: Pick<ListImagesOptions, 'defaultThreshold'> = {},
): Promise<ModeratedImage | null> {
  const row = await reportedImageRow(store, imageId);
  if (!row) return null;
  const [image] = await withArticles(store, [row], defaultThresholdOf(o));
  return image ?? null;
}

/** An operator blocks an image by hand. False for an unknown id. */
export async function blockImageByOperator(
  store: Store,
  imageId: number,
  operator: string,
  reason: string | null = null,
  now: Date = new Date(),
): Promise<boolean> {
  if (!(await blockImage(store, imageId, now))) return false;
  await recordDecision(store, imageId, 'blocked', operator, reason, now);
  return true;
}

/**
 * An operator confirms a block (it stays, and leaves the queue of blocks to
 * look at); blocks the image if it was not. False for an unknown id.
 */
export async function confirmImageBlock(
  store: Store,
  imageId: number,
  operator: string,
  reason: string | null = null,
  now: Date = new Date(),
): Promise<boolean> {
  const image = await getImage(store, imageId);
  if (!image) return false;
  if (!image.blocked) await blockImage(store, imageId, now);
  await recordDecision(store, imageId, 'confirmed', operator, reason, now);
  return true;
}

/**
 * An operator unblocks an image: the reports so far are dismissed (they stop
 * counting, so the next report does not block it again at once; the readers
 * who sent them cannot report it again), and so is the same picture under
 * other URLs. False for an unknown id.
 */
export async function unblockImageByOperator(
  store: Store,
  imageId: number,
  operator: string,
  reason: string | null = null,
  now: Date = new Date(),
): Promise<boolean> {
  const image = await getImage(store, imageId);
  if (!image) return false;
  // The same picture under other URLs is blocked through its hash: it goes too.
  const same = image.contentHash ? await blockedImagesWithHash(store, image.contentHash) : [];
  for (const id of new Set([imageId, ...same])) {
    await unblockImage(store, id);
    await dismissReports(store, id, now);
    await recordDecision(store, id, 'unblocked', operator, reason, now);
  }
  return true;
}

/**
 * Sets the number of distinct readers it takes to block an image of this
 * source (raised for a trusted source); null goes back to the default.
 * Throws on a threshold that is not a whole number from 1 to 1,000,000;
 * false when there is no such source.
 */
export async function setSourceThreshold(
  store: Store,
  sourceSlug: string,
  threshold: number | null,
): Promise<boolean> {
  if (threshold !== null && !(Number.isInteger(threshold) && threshold >= 1 && threshold <= 1_000_000)) {
    throw new Error(`a report threshold must be a whole number from 1 to 1000000, not ${threshold}`);
  }
  return setSourceReportThreshold(store, sourceSlug, threshold);
}

/** Every source with its own threshold (null: the default). */
export async function listSourceThresholds(store: Store): Promise<SourceThreshold[]> {
  return sourceReportThresholds(store);
}
