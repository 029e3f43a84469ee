// An image row the proxy can serve, for the image tests: the URL is
// registered as the crawler would (once), and its id returned.
import { dbOf, type Store } from '../../src/store/index.ts';

export async function addImage(store: Store, url: string): Promise<number> {
  await dbOf(store)
    .insertInto('images')
    .values({ url, first_seen_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('url').doNothing())
    .execute();
  const row = await dbOf(store)
    .selectFrom('images')
    .select('id')
    .where('url', '=', url)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
