// Article page leases: the pages of teaser articles (article_pages), taken
// like feeds, one worker at a time per origin, the origin's rest respected.
import { notAmong } from '../chunks.ts';
import type { Kysely } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';
import type { Database } from '../schema.ts';
import { workCounts } from '../../util/work-counts.ts';
import { retryDeadlock } from '../retry-deadlock.ts';
import { type SourceSettings, withSourceSettings } from '../sources/settings.ts';
import { originUnavailable, takeWithOrigins } from './origins.ts';

/** An article page to fetch, with what the crawler needs to know of its source. */
export interface DuePage {
  article_id: number;
  url: string;
  origin: string | null;
  attempts: number;
  /** The text the feed gave: the page's must be longer to replace it. */
  feed_text: string | null;
  published_at_guessed: number;
  source_slug: string;
  source_timezone: string;
  /** The source's fetch and extract settings, parsed. */
  source_settings: SourceSettings;
}

export interface LeasePagesOptions {
  worker: string;
  limit: number;
  now: Date;
  leaseMs: number;
  sourceSlug?: string;
  excludeIds?: number[];
}

/**
 * Takes up to `limit` article pages that are due, like leaseDueFeeds: one
 * worker at a time per origin, the origin's rest respected.
 */
export async function leaseDuePages(
  { [KYSELY]: db, dialect }: DbHandle,
  options: LeasePagesOptions,
): Promise<DuePage[]> {
  const now = options.now.toISOString();
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const worker = options.worker;
  const dueOn = (h: Kysely<Database>) => {
    let due = h
      .selectFrom('article_pages')
      .innerJoin('articles', 'articles.id', 'article_pages.article_id')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select(['article_pages.article_id', 'article_pages.origin'])
      .where('article_pages.status', '=', 'pending')
      .where('article_pages.next_attempt_at', '<=', now)
      .where('sources.enabled', '=', 1)
      .where((eb) =>
        eb.or([eb('article_pages.lease_until', 'is', null), eb('article_pages.lease_until', '<', now)]),
      )
      .where(originUnavailable('article_pages.origin', worker, now, true));
    if (options.sourceSlug) due = due.where('sources.slug', '=', options.sourceSlug);
    if (options.excludeIds?.length)
      due = due.where(notAmong(dialect, 'article_pages.article_id', options.excludeIds));
    return due;
  };
  workCounts.pageClaims++;
  // Usually no page is due: asked first in one statement, not three (as feeds).
  if (!(await dueOn(db).limit(1).executeTakeFirst())) {
    workCounts.emptyPageClaims++;
    return [];
  }
  // Origins locked in one order (takeWithOrigins); a deadlock's victim with
  // what else locks those rows takes its turn again.
  const leased = await retryDeadlock(() =>
    db.transaction().execute(async (trx) => {
      const due = dueOn(trx);
      let query = due.orderBy('article_pages.next_attempt_at').limit(options.limit * 4);
      if (dialect === 'postgres') query = query.forUpdate('article_pages').skipLocked();
      const candidates = await query.execute();
      const ids = (
        await takeWithOrigins(trx, candidates, options.limit, worker, now, leaseUntil, dialect)
      ).map((c) => Number(c.article_id));
      if (!ids.length) return [];
      await trx
        .updateTable('article_pages')
        .set({ lease_owner: worker, lease_until: leaseUntil })
        .where('article_id', 'in', ids)
        .execute();
      const rows = await trx
        .selectFrom('article_pages')
        .innerJoin('articles', 'articles.id', 'article_pages.article_id')
        .innerJoin('sources', 'sources.id', 'articles.source_id')
        .select([
          'article_pages.article_id',
          'article_pages.url',
          'article_pages.origin',
          'article_pages.attempts',
          'articles.text as feed_text',
          'articles.published_at_guessed',
          'sources.slug as source_slug',
          'sources.timezone as source_timezone',
          'sources.settings_json as source_settings_json',
        ])
        .where('article_pages.article_id', 'in', ids)
        .execute();
      return rows.map((r) => withSourceSettings({ ...r, article_id: Number(r.article_id) }));
    }),
  );
  if (!leased.length) workCounts.emptyPageClaims++;
  return leased;
}

/** Pages waiting to be fetched (pending), for crawl --once to know when it is done. */
export async function countPendingPages(
  { [KYSELY]: db, dialect }: DbHandle,
  sourceSlug?: string,
  dueBy?: Date,
  excludeIds: number[] = [],
): Promise<number> {
  let q = db
    .selectFrom('article_pages')
    .innerJoin('articles', 'articles.id', 'article_pages.article_id')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_pages.status', '=', 'pending')
    .where('sources.enabled', '=', 1);
  if (sourceSlug) q = q.where('sources.slug', '=', sourceSlug);
  if (dueBy) q = q.where('article_pages.next_attempt_at', '<=', dueBy.toISOString());
  if (excludeIds.length) q = q.where(notAmong(dialect, 'article_pages.article_id', excludeIds));
  return Number((await q.executeTakeFirstOrThrow()).n);
}
