// Feed leases: a worker takes due feeds for a while, so that no other worker
// polls them meanwhile, and gives them back with the run's state (or without).
import { notAmong } from '../chunks.ts';
import type { Kysely } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';
import type { Database } from '../schema.ts';
import { workCounts } from '../../util/work-counts.ts';
import { retryDeadlock } from '../retry-deadlock.ts';
import { withSourceSettings } from '../sources/settings.ts';
import { type DueFeed, SOURCE_COLUMNS } from '../sources/feeds.ts';
import { originUnavailable, releaseOriginIfIdle, takeWithOrigins } from './origins.ts';

export interface LeaseFeedsOptions {
  worker: string;
  limit: number;
  now: Date;
  leaseMs: number;
  force?: boolean;
  sourceSlug?: string;
  excludeIds?: number[];
}

/**
 * Takes up to `limit` feeds that are due, marking them leased by `worker`
 * until `leaseUntil`, so that no other worker takes them meanwhile. With
 * `force`, the schedule is ignored, but never a publisher's Retry-After.
 */
export async function leaseDueFeeds(
  { [KYSELY]: db, dialect }: DbHandle,
  options: LeaseFeedsOptions,
): Promise<DueFeed[]> {
  const now = options.now.toISOString();
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const worker = options.worker;
  const dueOn = (h: Kysely<Database>) => {
    let due = h
      .selectFrom('feeds')
      .innerJoin('sources', 'sources.id', 'feeds.source_id')
      .select(['feeds.id', 'feeds.origin'])
      .where('feeds.enabled', '=', 1)
      .where('sources.enabled', '=', 1)
      .where((eb) => eb.or([eb('feeds.lease_until', 'is', null), eb('feeds.lease_until', '<', now)]))
      .where((eb) =>
        eb.or([eb('feeds.retry_after_until', 'is', null), eb('feeds.retry_after_until', '<=', now)]),
      )
      // An origin another worker holds, or one resting after its last request, waits.
      .where(originUnavailable('feeds.origin', worker, now, true));
    if (!options.force) due = due.where('feeds.next_fetch_at', '<=', now);
    if (options.sourceSlug) due = due.where('sources.slug', '=', options.sourceSlug);
    if (options.excludeIds?.length) due = due.where(notAmong(dialect, 'feeds.id', options.excludeIds));
    return due;
  };
  workCounts.feedClaims++;
  // Most claims of a worker among several find nothing (the due feeds'
  // origins held by others): asked first in one statement, not three
  // (begin, the locking select, commit).
  if (!(await dueOn(db).limit(1).executeTakeFirst())) {
    workCounts.emptyFeedClaims++;
    return [];
  }
  // Origins are locked in one order before any is claimed (takeWithOrigins):
  // claims do not deadlock; what else locks those rows may, and its victim
  // takes its turn again.
  const leased = await retryDeadlock(() =>
    db.transaction().execute(async (trx) => {
      const due = dueOn(trx);
      let query = due.orderBy('feeds.next_fetch_at').limit(options.limit * 4);
      // Several workers lease at once on PostgreSQL: each skips the rows another is taking.
      if (dialect === 'postgres') query = query.forUpdate('feeds').skipLocked();
      const candidates = await query.execute();

      // Claim each origin before taking its feeds; an origin claimed is one
      // whose feeds we do take, so no claim is left behind unused.
      const ids = (
        await takeWithOrigins(trx, candidates, options.limit, worker, now, leaseUntil, dialect)
      ).map((c) => c.id);
      if (!ids.length) return [];
      await trx
        .updateTable('feeds')
        .set({ lease_owner: worker, lease_until: leaseUntil })
        .where('id', 'in', ids)
        .execute();
      const rows = await trx
        .selectFrom('feeds')
        .innerJoin('sources', 'sources.id', 'feeds.source_id')
        .selectAll('feeds')
        .select(SOURCE_COLUMNS)
        .where('feeds.id', 'in', ids)
        .orderBy('feeds.next_fetch_at')
        .execute();
      return rows.map((r) => withSourceSettings(r));
    }),
  );
  if (!leased.length) workCounts.emptyFeedClaims++;
  workCounts.feedsClaimed += leased.length;
  return leased;
}

/** Gives a feed back without a result (the run could not be recorded), and its origin if idle. */
export async function releaseLease(
  { [KYSELY]: db }: DbHandle,
  feedId: number,
  worker: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const feed = await trx.selectFrom('feeds').select('origin').where('id', '=', feedId).executeTakeFirst();
    await trx
      .updateTable('feeds')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', feedId)
      .where('lease_owner', '=', worker)
      .execute();
    if (feed?.origin) await releaseOriginIfIdle(trx, feed.origin, worker, new Date().toISOString());
  });
}
