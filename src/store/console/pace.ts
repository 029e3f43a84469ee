// A publication's pace for the console (issue 18): what its feeds cost the
// publisher (requests in the last hour and day, against the budget), what
// came by push instead, how late its articles reached Kiosque, and its
// feeds' schedules and WebSub subscriptions. Its rhythm is learned from
// sourceHistory (src/ingest/rhythm.ts does the learning).
import { type DbHandle, KYSELY } from '../handle.ts';

export interface FeedPace {
  id: number;
  url: string;
  category: string | null;
  status: string;
  intervalS: number;
  nextFetchAt: string;
  lastFetchedAt: string | null;
  websub: {
    hub: string;
    state: string;
    leaseUntil: string | null;
    pushes: number;
    lastPushAt: string | null;
    reason: string | null;
  } | null;
}

export interface SourcePace {
  /** Requests to its feeds (polls, not pushes) in the last hour and the last 24 hours. */
  requestsLastHour: number;
  requestsLastDay: number;
  /** Runs that read a push instead of asking, in the last 24 hours. */
  pushesLastDay: number;
  /** Seconds from each article's own date to its arrival, the last 7 days' articles with a real date (at most a day each). */
  delaysS: number[];
  feeds: FeedPace[];
}

/** A day: a later arrival is a backlog (a first crawl, a late listing), not the crawler's delay (as kiosque_publish_delay_seconds). */
const MAX_DELAY_S = 24 * 3600;
const DELAY_DAYS = 7;

export async function sourcePace(
  { [KYSELY]: db }: DbHandle,
  sourceId: number,
  now: Date,
): Promise<SourcePace> {
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const feeds = await db
    .selectFrom('feeds')
    .leftJoin('websub_subscriptions as w', 'w.feed_id', 'feeds.id')
    .select([
      'feeds.id',
      'feeds.url',
      'feeds.effective_url',
      'feeds.category',
      'feeds.status',
      'feeds.interval_s',
      'feeds.next_fetch_at',
      'feeds.last_fetched_at',
      'w.hub',
      'w.state',
      'w.lease_until',
      'w.pushes',
      'w.last_push_at',
      'w.reason',
    ])
    .where('feeds.source_id', '=', sourceId)
    .where('feeds.enabled', '=', 1)
    .orderBy('feeds.id')
    .execute();
  const ids = feeds.map((f) => Number(f.id));
  const runs = ids.length
    ? await db
        .selectFrom('fetch_log')
        .select(['started_at', 'via'])
        .where('feed_id', 'in', ids)
        .where('started_at', '>=', dayAgo)
        .execute()
    : [];
  const articles = await db
    .selectFrom('articles')
    .select(['published_at', 'fetched_at'])
    .where('source_id', '=', sourceId)
    .where('published_at', '>=', new Date(now.getTime() - DELAY_DAYS * 86_400_000).toISOString())
    .where('published_at_guessed', '=', 0)
    .execute();
  const delaysS: number[] = [];
  for (const a of articles) {
    const d = (Date.parse(a.fetched_at) - Date.parse(a.published_at)) / 1000;
    if (Number.isFinite(d) && d <= MAX_DELAY_S) delaysS.push(Math.max(0, d));
  }
  const polls = runs.filter((r) => r.via !== 'push');
  return {
    requestsLastHour: polls.filter((r) => r.started_at >= hourAgo).length,
    requestsLastDay: polls.length,
    pushesLastDay: runs.length - polls.length,
    delaysS,
    feeds: feeds.map((f) => ({
      id: Number(f.id),
      url: f.effective_url ?? f.url,
      category: f.category,
      status: f.status,
      intervalS: Number(f.interval_s),
      nextFetchAt: f.next_fetch_at,
      lastFetchedAt: f.last_fetched_at,
      websub: f.hub
        ? {
            hub: f.hub,
            state: f.state ?? 'pending',
            leaseUntil: f.lease_until,
            pushes: Number(f.pushes ?? 0),
            lastPushAt: f.last_push_at,
            reason: f.reason,
          }
        : null,
    })),
  };
}

/** The fetch log keeps this many days: a feed asked every 90 s writes ~1,000 rows a day. */
export const FETCH_LOG_DAYS = 3;
const PRUNE_BATCH = 5000;

/** Drops fetch_log rows older than FETCH_LOG_DAYS, a batch at a time (short transactions). */
export async function pruneFetchLog({ [KYSELY]: db }: DbHandle, now: Date): Promise<number> {
  const before = new Date(now.getTime() - FETCH_LOG_DAYS * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const result = await db
      .deleteFrom('fetch_log')
      .where('id', 'in', (eb) =>
        eb.selectFrom('fetch_log').select('id').where('started_at', '<', before).limit(PRUNE_BATCH),
      )
      .executeTakeFirst();
    const n = Number(result.numDeletedRows);
    total += n;
    if (n < PRUNE_BATCH) return total;
  }
}
