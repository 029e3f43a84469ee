// Pruning the story index: the band rows and signatures of old articles go,
// so the index detection reads stays the size of the last weeks.
import { type DbHandle, handleOn, KYSELY } from '../handle.ts';
import { dropFromIndex } from './index-rows.ts';

/**
 * Drops the band rows and signatures of articles published before `before`
 * (ISO), a batch at a time, each in its own short transaction: the index
 * detection reads then stays the size of the last weeks, not of the whole
 * archive, and its cost stays flat. Stories, and articles' story ids, stay.
 * Returns how many articles left the index.
 */
export async function pruneStoryIndex(
  { [KYSELY]: db, dialect }: DbHandle,
  before: string,
  options: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const batch = options.batch ?? 2000;
  let pruned = 0;
  for (let i = 0; i < (options.maxBatches ?? 50); i++) {
    const done = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('story_signatures')
        .select('article_id')
        .where('published_at', '<', before)
        .orderBy('published_at')
        .limit(batch)
        .execute();
      const ids = rows.map((r) => Number(r.article_id));
      await dropFromIndex(handleOn(trx, dialect), ids);
      return ids.length;
    });
    pruned += done;
    if (done < batch) break;
  }
  return pruned;
}

/**
 * Drops from the story index the articles published more than `days` days
 * before `now` (KIOSQUE_STORY_INDEX_DAYS, which the worker's loop is given);
 * returns how many.
 */
export function pruneStoryIndexOlderThan(h: DbHandle, now: Date, days: number): Promise<number> {
  return pruneStoryIndex(h, new Date(now.getTime() - days * 86_400_000).toISOString());
}
