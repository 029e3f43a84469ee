// Withdrawing articles: the one routine that removes stored articles, for a
// takedown of one article or of a whole source.
import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { forgetArticleStory } from '../stories/index.ts';
import { handleOn } from '../handle.ts';

/** Which articles go: one, or every article of a source. */
export type Withdrawn = { articleId: number } | { sourceId: number };

/**
 * Removes articles for good, inside the caller's transaction: a tombstone
 * each (the crawler never stores them again: see upsertArticles), their ids
 * kept under `takedownId` for the 410 answers, their image links and their
 * place in the story machinery dropped, and the rows deleted (so lists,
 * feeds out, sitemaps and the API drop them). Returns how many went.
 */
export async function withdrawArticles(
  trx: Transaction<Database>,
  dialect: Dialect,
  which: Withdrawn,
  takedown: { id: number; reason: string },
  at: string,
): Promise<number> {
  const ofThem = () => {
    const q = trx.selectFrom('articles');
    return 'articleId' in which
      ? q.where('articles.id', '=', which.articleId)
      : q.where('articles.source_id', '=', which.sourceId);
  };
  await trx
    .insertInto('article_tombstones')
    .columns(['source_id', 'identity', 'canonical_url', 'reason', 'removed_at'])
    .expression(
      ofThem().select([
        'source_id',
        'identity',
        'canonical_url',
        sql<string>`cast(${`takedown: ${takedown.reason}`} as text)`.as('reason'),
        sql<string>`cast(${at} as text)`.as('removed_at'),
      ]),
    )
    .execute();
  await trx
    .insertInto('takedown_articles')
    .columns(['article_id', 'takedown_id'])
    .expression(
      ofThem()
        .select(['id', sql<number>`cast(${takedown.id} as integer)`.as('takedown_id')])
        .where('id', 'not in', (sub) => sub.selectFrom('takedown_articles').select('article_id')),
    )
    .execute();
  await trx.deleteFrom('article_images').where('article_id', 'in', ofThem().select('id')).execute();
  if ('articleId' in which) {
    // Its bands and terms (the terms' counts recounted), and its story recounted.
    await forgetArticleStory(handleOn(trx, dialect), which.articleId, at);
  } else {
    // A whole source: its bands and terms in bulk, then the stories it was
    // part of recounted one by one.
    await trx.deleteFrom('story_bands').where('article_id', 'in', ofThem().select('id')).execute();
    await trx.deleteFrom('story_signatures').where('article_id', 'in', ofThem().select('id')).execute();
    const inStories = await ofThem().select('id').where('story_id', 'is not', null).execute();
    for (const r of inStories) await forgetArticleStory(handleOn(trx, dialect), Number(r.id), at);
  }
  const deleted =
    'articleId' in which
      ? await trx.deleteFrom('articles').where('id', '=', which.articleId).executeTakeFirst()
      : await trx.deleteFrom('articles').where('source_id', '=', which.sourceId).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
