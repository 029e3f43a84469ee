// What a worker holds (feeds, pages, origins), as a whole: kept alive while
// its runs go on, taken back when the worker is gone.
import { type DbHandle, KYSELY } from '../handle.ts';

/** Gives back the feeds, pages and origins held by owners that `isDead` says are gone. Returns how many feeds. */
export async function reclaimLeases(
  { [KYSELY]: db }: DbHandle,
  isDead: (owner: string) => boolean,
): Promise<number> {
  const owners = new Set<string>();
  for (const table of ['feeds', 'article_pages', 'crawl_hosts'] as const) {
    const rows = await db
      .selectFrom(table)
      .select('lease_owner')
      .distinct()
      .where('lease_owner', 'is not', null)
      .execute();
    for (const r of rows) if (r.lease_owner && isDead(r.lease_owner)) owners.add(r.lease_owner);
  }
  if (!owners.size) return 0;
  const dead = [...owners];
  const freed = { lease_owner: null, lease_until: null };
  const feeds = await db.updateTable('feeds').set(freed).where('lease_owner', 'in', dead).executeTakeFirst();
  await db.updateTable('article_pages').set(freed).where('lease_owner', 'in', dead).execute();
  await db.updateTable('crawl_hosts').set(freed).where('lease_owner', 'in', dead).execute();
  return Number(feeds.numUpdatedRows);
}

/**
 * Pushes back the end of every lease `worker` still holds (feeds, pages,
 * origins): a run longer than the lease (a slow publisher, many feeds of
 * one origin in one batch) must not let another worker in beside it.
 * Leases already expired stay expired: another worker may have them now.
 */
export async function renewLeases(
  { [KYSELY]: db }: DbHandle,
  worker: string,
  now: Date,
  leaseMs: number,
): Promise<void> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  for (const table of ['feeds', 'article_pages', 'crawl_hosts'] as const) {
    await db
      .updateTable(table)
      .set({ lease_until: until })
      .where('lease_owner', '=', worker)
      .where('lease_until', '>', at)
      .execute();
  }
}
