// Origins (crawl_hosts): one worker at a time per host, and a rest after each
// request before the next, whether it asks for a feed or an article page.
import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';

/**
 * True when the row's origin may not be asked now: another live worker holds
 * it, or it rests after its last request (`negate` gives the opposite).
 */
export function originUnavailable(
  column: 'feeds.origin' | 'article_pages.origin',
  worker: string,
  now: string,
  negate = false,
) {
  const test = sql<boolean>`exists (select 1 from crawl_hosts h where h.origin = ${sql.ref(column)} and (
    (h.lease_owner is not null and h.lease_owner <> ${worker} and h.lease_until > ${now})
    or (h.lease_owner is null and h.free_at > ${now})))`;
  return negate ? sql<boolean>`not ${test}` : test;
}

/** The first `limit` candidates whose origin `worker` could claim, claiming those origins. */
export async function takeWithOrigins<T extends { origin: string | null }>(
  trx: Transaction<Database>,
  candidates: T[],
  limit: number,
  worker: string,
  now: string,
  leaseUntil: string,
  dialect: Dialect,
): Promise<T[]> {
  if (dialect === 'postgres') await lockInOrder(trx, candidates);
  const claimed = new Map<string, boolean>();
  const taken: T[] = [];
  for (const c of candidates) {
    if (taken.length >= limit) break;
    if (c.origin) {
      if (!claimed.has(c.origin))
        claimed.set(c.origin, await claimOrigin(trx, c.origin, worker, now, leaseUntil));
      if (!claimed.get(c.origin)) continue;
    }
    taken.push(c);
  }
  return taken;
}

/**
 * Locks the candidates' origin rows in one fixed order (by name), creating
 * those that do not exist yet, before any is claimed. Claimed in the order
 * the feeds were due, two workers could each hold an origin the other
 * wants next, and PostgreSQL would kill one of them (a deadlock: seen in
 * bench:ingest with 2 and 4 workers); in one order, one simply waits.
 */
async function lockInOrder(trx: Transaction<Database>, candidates: ReadonlyArray<{ origin: string | null }>) {
  const origins = [...new Set(candidates.map((c) => c.origin).filter((o): o is string => o !== null))].sort();
  if (!origins.length) return;
  await trx
    .insertInto('crawl_hosts')
    .values(origins.map((origin) => ({ origin, lease_owner: null, lease_until: null, free_at: null })))
    .onConflict((oc) => oc.column('origin').doNothing())
    .execute();
  await trx
    .selectFrom('crawl_hosts')
    .select('origin')
    .where('origin', 'in', origins)
    .orderBy('origin')
    .forUpdate()
    .execute();
}

/** Takes an origin for `worker` unless another live worker holds it or it is still resting. */
export async function claimOrigin(
  trx: Transaction<Database>,
  origin: string,
  worker: string,
  now: string,
  leaseUntil: string,
): Promise<boolean> {
  const row = await trx
    .insertInto('crawl_hosts')
    .values({ origin, lease_owner: worker, lease_until: leaseUntil, free_at: null })
    .onConflict((oc) =>
      oc
        .column('origin')
        .doUpdateSet({ lease_owner: worker, lease_until: leaseUntil })
        .where((eb) =>
          eb.or([
            eb('crawl_hosts.lease_owner', '=', worker),
            eb('crawl_hosts.lease_until', '<', now),
            eb.and([
              eb('crawl_hosts.lease_owner', 'is', null),
              eb.or([eb('crawl_hosts.free_at', 'is', null), eb('crawl_hosts.free_at', '<=', now)]),
            ]),
          ]),
        ),
    )
    .returning('origin')
    .executeTakeFirst();
  return row !== undefined;
}

/** Lets go of an origin once `worker` has no other leased feed or page there. */
export async function releaseOriginIfIdle(
  trx: Transaction<Database>,
  origin: string,
  worker: string,
  freeAt: string,
): Promise<void> {
  const busyFeed = await trx
    .selectFrom('feeds')
    .select('id')
    .where('origin', '=', origin)
    .where('lease_owner', '=', worker)
    .limit(1)
    .executeTakeFirst();
  if (busyFeed) return;
  const busyPage = await trx
    .selectFrom('article_pages')
    .select('article_id')
    .where('origin', '=', origin)
    .where('lease_owner', '=', worker)
    .limit(1)
    .executeTakeFirst();
  if (busyPage) return;
  await trx
    .updateTable('crawl_hosts')
    .set({ lease_owner: null, lease_until: null, free_at: freeAt })
    .where('origin', '=', origin)
    .where('lease_owner', '=', worker)
    .execute();
}
