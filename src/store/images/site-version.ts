// The site version (migration 0005_image_cache): triggers bump it on every
// change a cached page may show (articles, sources, image blocks), so web
// processes know their cached pages are stale.
import { type DbHandle, KYSELY } from '../handle.ts';

/**
 * A number that changes whenever an article is inserted, updated or deleted,
 * or a source changes (kept by triggers, see 0005_image_cache): pages cached
 * under an older version are stale.
 */
export async function readSiteVersion({ [KYSELY]: db }: DbHandle): Promise<number> {
  const r = await db.selectFrom('site_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(r?.version ?? 0);
}
