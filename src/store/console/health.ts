// Feed health for the console: per feed, articles a day over the last week
// and the median delay from publication to ingestion; the front page's counts.
import { type DbHandle, dbOf, KYSELY } from '../handle.ts';
import { type ConsoleFeed, listConsoleSources } from './sources.ts';

export interface FeedHealth extends ConsoleFeed {
  sourceSlug: string;
  sourceName: string;
  sourceEnabled: boolean;
  /** Articles per day over the window (by publication date). */
  perDay: number;
  /** Median delay from publication to ingestion over recent articles with a real date, in seconds. */
  medianDelayS: number | null;
  delaySamples: number;
}

const HEALTH_DAYS = 7;
const DELAY_SAMPLES = 50;
/** At most this many recent articles are read for the figures (a few MB). */
const HEALTH_MAX_ROWS = 50_000;

export async function feedHealth(handle: DbHandle, now: Date = new Date()): Promise<FeedHealth[]> {
  const sources = await listConsoleSources(handle);
  const since = new Date(now.getTime() - HEALTH_DAYS * 86_400_000).toISOString();
  // The window's articles by publication date (the date index), newest first:
  // a few thousand rows even for a big installation.
  const rows = await dbOf(handle)
    .selectFrom('articles')
    .select(['feed_id', 'published_at', 'fetched_at', 'published_at_guessed'])
    .where('published_at', '>=', since)
    .where('published_at', '<=', now.toISOString())
    .orderBy('published_at', 'desc')
    .limit(HEALTH_MAX_ROWS)
    .execute();
  // A very busy installation: the window is what the newest rows cover.
  const oldest = rows.length === HEALTH_MAX_ROWS ? rows[rows.length - 1]?.published_at : undefined;
  const days = oldest ? Math.max(1 / 24, (now.getTime() - Date.parse(oldest)) / 86_400_000) : HEALTH_DAYS;
  const counts = new Map<number, number>();
  const delays = new Map<number, number[]>();
  for (const r of rows) {
    if (r.feed_id === null) continue;
    const feedId = Number(r.feed_id);
    counts.set(feedId, (counts.get(feedId) ?? 0) + 1);
    if (Number(r.published_at_guessed) === 1) continue;
    const list = delays.get(feedId) ?? [];
    if (list.length >= DELAY_SAMPLES) continue;
    const d = (Date.parse(r.fetched_at) - Date.parse(r.published_at)) / 1000;
    if (Number.isFinite(d)) list.push(Math.max(0, d));
    delays.set(feedId, list);
  }
  const out: FeedHealth[] = [];
  for (const s of sources) {
    for (const f of s.feeds) {
      if (!f.enabled) continue;
      const d = delays.get(f.id) ?? [];
      out.push({
        ...f,
        sourceSlug: s.config.slug,
        sourceName: s.config.name,
        sourceEnabled: s.config.enabled,
        perDay: (counts.get(f.id) ?? 0) / days,
        medianDelayS: median(d),
        delaySamples: d.length,
      });
    }
  }
  return out;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Counts for the console's front page. */
export async function consoleCounts({
  [KYSELY]: db,
}: DbHandle): Promise<{ sources: number; feeds: number; failing: number; takedowns: number }> {
  const one = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  const [sources, feeds, failing, takedowns] = await Promise.all([
    one(
      db
        .selectFrom('sources')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('enabled', '=', 1)
        .executeTakeFirstOrThrow(),
    ),
    one(
      db
        .selectFrom('feeds')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('enabled', '=', 1)
        .executeTakeFirstOrThrow(),
    ),
    one(
      db
        .selectFrom('feeds')
        .innerJoin('sources', 'sources.id', 'feeds.source_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('feeds.enabled', '=', 1)
        .where('sources.enabled', '=', 1)
        .where('feeds.status', 'in', ['error', 'failing'])
        .executeTakeFirstOrThrow(),
    ),
    one(
      db
        .selectFrom('takedowns')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  ]);
  return { sources, feeds, failing, takedowns };
}
