// An article leaving the story machinery (a takedown removes it): out of
// the index, out of its story, and the story recounted or dissolved.
import { type DbHandle, dbOf, KYSELY } from '../handle.ts';
import { dropFromIndex } from './index-rows.ts';

/**
 * Takes an article out of the story machinery (it is being removed): its
 * bands and terms go, its story is recounted, and a story left with one
 * article is dissolved (that article stands alone again). Call with
 * `handleOn(trx, dialect)` inside the transaction that removes it.
 */
export async function forgetArticleStory(
  handle: DbHandle,
  articleId: number,
  now: string = new Date().toISOString(),
): Promise<void> {
  const db = dbOf(handle);
  const row = await db
    .selectFrom('articles')
    .select('story_id')
    .where('id', '=', articleId)
    .executeTakeFirst();
  await dropFromIndex(handle, [articleId]);
  if (!row || row.story_id === null) return;
  const storyId = Number(row.story_id);
  await db.updateTable('articles').set({ story_id: null }).where('id', '=', articleId).execute();
  const left = await db.selectFrom('articles').select('id').where('story_id', '=', storyId).execute();
  if (left.length <= 1) {
    if (left.length) {
      await db.updateTable('articles').set({ story_id: null }).where('story_id', '=', storyId).execute();
    }
    await db.deleteFrom('stories').where('id', '=', storyId).execute();
    return;
  }
  await refreshStory(handle, storyId, now);
}

/**
 * Recomputes a story's title, first publisher and counts from its articles
 * (a handful of rows through articles_story). On PostgreSQL the story's row
 * is locked first, so two workers adding to one story count each other.
 */
async function refreshStory(
  { [KYSELY]: db, dialect }: DbHandle,
  storyId: number,
  now: string,
): Promise<void> {
  if (dialect === 'postgres') {
    await db.selectFrom('stories').select('id').where('id', '=', storyId).forUpdate().execute();
  }
  // Counted from the indexes (story_id, published_at, id) and
  // (story_id, source_id), not by reading every member: a big story grows by
  // one article at a time, and reading all of it at each join made ingest
  // quadratic in the story's size (3 ms a join, measured, on generated feeds).
  const first = await db
    .selectFrom('articles')
    .select(['id', 'source_id', 'title', 'published_at'])
    .where('story_id', '=', storyId)
    .orderBy('published_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!first) return;
  const counts = await db
    .selectFrom('articles')
    .select((eb) => [eb.fn.countAll<number>().as('articles'), eb.fn.max('published_at').as('last')])
    .where('story_id', '=', storyId)
    .executeTakeFirstOrThrow();
  const sources = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.count<number>('source_id').distinct().as('n'))
    .where('story_id', '=', storyId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('stories')
    .set({
      title: first.title,
      first_article_id: Number(first.id),
      first_source_id: Number(first.source_id),
      article_count: Number(counts.articles),
      source_count: Number(sources.n),
      first_published_at: first.published_at,
      last_published_at: String(counts.last),
      updated_at: now,
    })
    .where('id', '=', storyId)
    .execute();
}
