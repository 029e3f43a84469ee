// The report rate limits' counters (report_limits): fixed windows counted in
// the database, so every process shares them.
import { sql } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';

/**
 * Counts one more attempt under `key` in the fixed window starting at
 * `windowStart` (seconds) and returns the count so far, this one included.
 * One statement, so processes sharing the database share the count.
 */
export async function bumpRateCounter(
  { [KYSELY]: db }: DbHandle,
  key: string,
  windowStart: number,
): Promise<number> {
  const row = await db
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
export async function purgeRateCounters({ [KYSELY]: db }: DbHandle, before: number): Promise<void> {
  await db.deleteFrom('report_limits').where('window_start', '<', before).execute();
}
