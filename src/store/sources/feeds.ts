// Feed rows: the feeds a source's config lists, and the feeds the crawler
// reads with what it needs to know of their source.
import { sql, type Transaction } from 'kysely';
import type { FeedConfig } from '../../sources/index.ts';
import { type DbHandle, KYSELY } from '../handle.ts';
import { originOf } from '../../sources/index.ts';
import type { Database, FeedRow } from '../schema.ts';
import { type SourceSettings, withSourceSettings } from './settings.ts';

/** A feed to poll, with what the crawler needs to know of its source. */
export interface DueFeed extends FeedRow {
  source_slug: string;
  source_name: string;
  source_homepage: string;
  source_language: string;
  source_timezone: string;
  source_mode: string;
  /** The source's fetch and extract settings, parsed. */
  source_settings: SourceSettings;
}

/** What a DueFeed carries of its source. */
export const SOURCE_COLUMNS = [
  'sources.slug as source_slug',
  'sources.name as source_name',
  'sources.homepage as source_homepage',
  'sources.language as source_language',
  'sources.timezone as source_timezone',
  'sources.mode as source_mode',
  'sources.settings_json as source_settings_json',
] as const;

/**
 * Makes a source's feed rows agree with the feeds its config lists: new URLs
 * added (due at once), listed ones enabled with their category, the others
 * disabled rather than deleted (their articles and history stay). Used by the
 * sources file's sync and by the console, so both write feeds alike.
 *
 * Rows already as wanted are not written: every process syncs the same file
 * at start, and a write would lock rows the running workers hold too.
 */
export async function writeSourceFeeds(
  trx: Transaction<Database>,
  sourceId: number,
  feeds: FeedConfig[],
  at: string,
): Promise<void> {
  const existing = await trx
    .selectFrom('feeds')
    .select(['id', 'url', 'category', 'enabled'])
    .where('source_id', '=', sourceId)
    .execute();
  const byUrl = new Map(existing.map((f) => [f.url, f]));
  const wanted = new Set<string>();
  for (const feed of feeds) {
    wanted.add(feed.url);
    const row = byUrl.get(feed.url);
    if (row === undefined) {
      await trx
        .insertInto('feeds')
        .values({
          source_id: sourceId,
          url: feed.url,
          origin: originOf(feed.url),
          category: feed.category ?? null,
          enabled: 1,
          status: 'new',
          next_fetch_at: at,
          interval_s: 900,
          consecutive_errors: 0,
          created_at: at,
        })
        .execute();
    } else if (row.category !== (feed.category ?? null) || Number(row.enabled) !== 1) {
      await trx
        .updateTable('feeds')
        .set({ category: feed.category ?? null, enabled: 1 })
        .where('id', '=', row.id)
        .execute();
    }
  }
  const gone = existing.filter((f) => !wanted.has(f.url) && Number(f.enabled) !== 0).map((f) => f.id);
  if (gone.length) await trx.updateTable('feeds').set({ enabled: 0 }).where('id', 'in', gone).execute();
}

/** Every enabled feed of enabled sources, with its source. */
export async function enabledFeeds({ [KYSELY]: db }: DbHandle, sourceSlug?: string): Promise<DueFeed[]> {
  let q = db
    .selectFrom('feeds')
    .innerJoin('sources', 'sources.id', 'feeds.source_id')
    .selectAll('feeds')
    .select(SOURCE_COLUMNS)
    .where('feeds.enabled', '=', 1)
    .where('sources.enabled', '=', 1);
  if (sourceSlug) q = q.where('sources.slug', '=', sourceSlug);
  return (await q.orderBy('feeds.id').execute()).map((r) => withSourceSettings(r));
}

export async function countEnabledFeeds({ [KYSELY]: db }: DbHandle, sourceSlug?: string): Promise<number> {
  let q = db
    .selectFrom('feeds')
    .innerJoin('sources', 'sources.id', 'feeds.source_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('feeds.enabled', '=', 1)
    .where('sources.enabled', '=', 1);
  if (sourceSlug) q = q.where('sources.slug', '=', sourceSlug);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Feeds that a forced run may not poll yet, because the publisher asked us to wait. */
export async function feedsWaitingForRetryAfter(
  { [KYSELY]: db }: DbHandle,
  now: Date,
  sourceSlug?: string,
): Promise<DueFeed[]> {
  let q = db
    .selectFrom('feeds')
    .innerJoin('sources', 'sources.id', 'feeds.source_id')
    .selectAll('feeds')
    .select(SOURCE_COLUMNS)
    .where('feeds.enabled', '=', 1)
    .where('sources.enabled', '=', 1)
    .where('feeds.retry_after_until', '>', now.toISOString());
  if (sourceSlug) q = q.where('sources.slug', '=', sourceSlug);
  return (await q.execute()).map((r) => withSourceSettings(r));
}

export async function getFeed({ [KYSELY]: db }: DbHandle, feedId: number): Promise<FeedRow | undefined> {
  return db.selectFrom('feeds').selectAll().where('id', '=', feedId).executeTakeFirst();
}

/**
 * The date of a publication's newest stored article, or null: whether it is
 * live (src/ingest/schedule.ts). One step down the (source_id, published_at)
 * index.
 */
export async function newestArticleAt({ [KYSELY]: db }: DbHandle, sourceId: number): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .select('published_at')
    .where('source_id', '=', sourceId)
    .orderBy('published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.published_at ?? null;
}

/**
 * What a publication's pace is learned from (src/ingest/pace.ts): the dates
 * of its articles published since `since` (a range of the (source_id,
 * published_at) index; first-seen times standing in for a missing date are
 * left out: they tell when we looked, not when it published), and its
 * enabled feeds, which share its politeness budget.
 */
export async function sourceHistory(
  { [KYSELY]: db }: DbHandle,
  sourceId: number,
  since: string,
): Promise<{ dates: string[]; feeds: number }> {
  const [rows, feeds] = await Promise.all([
    db
      .selectFrom('articles')
      .select('published_at')
      .where('source_id', '=', sourceId)
      .where('published_at', '>=', since)
      .where('published_at_guessed', '=', 0)
      .execute(),
    db
      .selectFrom('feeds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', sourceId)
      // `+enabled`: not an index's column here. SQLite otherwise chose
      // feeds_due (enabled, next_fetch_at) and read every enabled feed, at
      // each feed run (0.3 ms at 500 feeds); the source's own few are found
      // through feeds_source_url.
      .where(sql<number>`+${sql.ref('enabled')}`, '=', 1)
      .executeTakeFirstOrThrow(),
  ]);
  return { dates: rows.map((r) => r.published_at), feeds: Number(feeds.n) };
}

export async function countFailingFeeds({ [KYSELY]: db }: DbHandle): Promise<number> {
  const row = await db
    .selectFrom('feeds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enabled', '=', 1)
    .where('status', '=', 'failing')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
