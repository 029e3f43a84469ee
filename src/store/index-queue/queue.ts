// The index queue: articles stored but not yet in the story and search
// indexes. Passive: the ingest stage's indexer decides when to take a batch.
import { sql, type Transaction } from 'kysely';
import type { ArticleForIndex, IndexText } from '../../search/index.ts';
import { type DbHandle, handleOn, KYSELY } from '../handle.ts';
import { workCounts } from '../../util/work-counts.ts';
import { retryDeadlock } from '../retry-deadlock.ts';
import type { Database } from '../schema.ts';
import { indexArticles } from '../search/index.ts';
import { detectStories, redetectStories } from '../stories/index.ts';

/** An article's words for the search index and story detection, as the crawler computed them. */
export interface ArticleWords {
  search: IndexText;
  story: string[];
  /**
   * The columns the indexer reads of a new article, as the crawler stored
   * them (set by upsertArticles): with them it is not read back.
   */
  stored?: Omit<ArticleForIndex, 'text'>;
}

/**
 * What the queue does with an article (the column `index_queue.work`);
 * an article queued twice keeps the larger: detection again covers detection.
 */
export const IndexWork = {
  /** Updated in place: the search index only. */
  searchOnly: 0,
  /** New: story detection and the search index. */
  detect: 1,
  /** Its page gave it a lead: detected again if it stands alone (redetectStories), and searched. */
  redetect: 2,
  /** Its page gave it its real date as well. */
  redetectDate: 3,
} as const;
export type IndexWork = (typeof IndexWork)[keyof typeof IndexWork];

/** A queued article whose indexing failed this many times alone is set aside (its error kept). */
export const INDEX_ATTEMPTS = 3;

export interface QueuedArticle {
  articleId: number;
  work: IndexWork;
  queuedAt: string;
}

/** Queues articles (inside the transaction that stored them); one already queued keeps the larger work. */
export async function queueArticles(trx: Transaction<Database>, articles: QueuedArticle[]): Promise<void> {
  const rows = articles.map((a) => ({ article_id: a.articleId, work: a.work, queued_at: a.queuedAt }));
  for (let i = 0; i < rows.length; i += 300) {
    await trx
      .insertInto('index_queue')
      .values(rows.slice(i, i + 300))
      .onConflict((oc) =>
        oc.column('article_id').doUpdateSet({
          work: sql`case when excluded.work > index_queue.work then excluded.work else index_queue.work end`,
          queued_at: sql`excluded.queued_at`,
          attempts: 0,
        }),
      )
      .execute();
  }
}

/** How many articles wait for the indexes, and how many of them were set aside after failing. */
export async function indexQueueSize({
  [KYSELY]: db,
}: DbHandle): Promise<{ queued: number; failed: number }> {
  const r = await db
    .selectFrom('index_queue')
    .select((eb) => [
      eb.fn.countAll<number>().as('queued'),
      eb.fn.sum<number>(sql`case when attempts >= ${INDEX_ATTEMPTS} then 1 else 0 end`).as('failed'),
    ])
    .executeTakeFirstOrThrow();
  return { queued: Number(r.queued), failed: Number(r.failed ?? 0) };
}

/** The oldest `limit` queued articles not set aside, to be tried one by one after a failed batch. */
export async function queuedArticleIds({ [KYSELY]: db }: DbHandle, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('index_queue')
    .select('article_id')
    .where('attempts', '<', INDEX_ATTEMPTS)
    .orderBy('article_id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.article_id));
}

/** Counts a failed attempt at indexing an article alone, with its error. */
export async function recordIndexFailure(
  { [KYSELY]: db }: DbHandle,
  articleId: number,
  err: unknown,
): Promise<void> {
  await db
    .updateTable('index_queue')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
    }))
    .where('article_id', '=', articleId)
    .execute();
}

/**
 * Takes up to `limit` queued articles (or only the one given, whatever its
 * attempts) and indexes them in one transaction: story detection for the new
 * ones, the search index for all, their queue rows deleted. On PostgreSQL
 * the rows are taken with SKIP LOCKED, so workers share the queue (each
 * its own new articles first: `shared`). A deadlock's victim runs again.
 * Returns the articles indexed.
 */
export async function indexQueuedArticles(
  { [KYSELY]: db, dialect }: DbHandle,
  options: {
    limit: number;
    only?: number;
    /** A story's window, in hours either side of an article (KIOSQUE_STORY_WINDOW_HOURS). */
    windowHours?: number;
    /** The crawler's words of an article queued as new at `queuedAt`, if known. */
    wordsOf?: (articleId: number, queuedAt: string) => ArticleWords | undefined;
    /**
     * Several processes share the queue: a new article is taken only if it
     * is among `mine` (those whose words this process holds), or if it was
     * queued before `othersBefore` (its process is gone or far behind). Any
     * other queued work has no words to lose and is taken by whoever comes.
     */
    shared?: { mine: readonly number[]; othersBefore: string };
  },
): Promise<number[]> {
  let withoutWords = 0;
  const indexed = await retryDeadlock(() =>
    db.transaction().execute(async (trx) => {
      const { only } = options;
      let q = trx
        .selectFrom('index_queue')
        .select(['article_id', 'work', 'queued_at'])
        .where((eb) => {
          if (only !== undefined) return eb('article_id', '=', only);
          const { shared } = options;
          if (!shared) return eb('attempts', '<', INDEX_ATTEMPTS);
          return eb.and([
            eb('attempts', '<', INDEX_ATTEMPTS),
            eb.or([
              ...(shared.mine.length ? [eb('article_id', 'in', shared.mine)] : []),
              eb('work', '<>', IndexWork.detect),
              eb('queued_at', '<', shared.othersBefore),
            ]),
          ]);
        })
        .orderBy('article_id')
        .limit(options.limit);
      if (dialect === 'postgres') q = q.forUpdate().skipLocked();
      const rows = await q.execute();
      if (!rows.length) return [];
      const ids = rows.map((r) => Number(r.article_id));
      // The crawler's words serve a new article not changed since (same queue time); otherwise its row's.
      const words = new Map<number, ArticleWords>();
      for (const r of rows) {
        if (Number(r.work) !== IndexWork.detect) continue;
        const kept = options.wordsOf?.(Number(r.article_id), r.queued_at);
        if (kept) words.set(Number(r.article_id), kept);
      }
      withoutWords = rows.filter((r) => Number(r.work) === IndexWork.detect).length - words.size;
      const now = new Date().toISOString();
      const { windowHours } = options;
      const marked = (work: IndexWork) =>
        rows.filter((r) => Number(r.work) === work).map((r) => Number(r.article_id));
      // An article whose page came before it was first detected is simply detected (with its page's lead).
      const again = [...marked(IndexWork.redetect), ...marked(IndexWork.redetectDate)];
      const detected = new Set<number>();
      if (again.length) {
        for (const r of await trx
          .selectFrom('story_signatures')
          .select('article_id')
          .where('article_id', 'in', again)
          .execute())
          detected.add(Number(r.article_id));
      }
      // The search index first: story detection takes its locks (band hashes,
      // term counts) as late as it can, and holds them only to the commit.
      const articles = await indexArticles(handleOn(trx, dialect), ids, words);
      await detectStories(
        handleOn(trx, dialect),
        [...marked(IndexWork.detect), ...again.filter((id) => !detected.has(id))],
        { now, words, windowHours, articles },
      );
      const redetect = (work: IndexWork) => marked(work).filter((id) => detected.has(id));
      await redetectStories(handleOn(trx, dialect), redetect(IndexWork.redetect), { now, windowHours });
      await redetectStories(handleOn(trx, dialect), redetect(IndexWork.redetectDate), {
        now,
        windowHours,
        dateChanged: true,
      });
      for (let i = 0; i < ids.length; i += 500) {
        await trx
          .deleteFrom('index_queue')
          .where('article_id', 'in', ids.slice(i, i + 500))
          .execute();
      }
      return ids;
    }),
  );
  if (indexed.length) workCounts.indexBatches++;
  else workCounts.emptyIndexBatches++;
  workCounts.indexed += indexed.length;
  workCounts.indexedWithoutWords += indexed.length ? withoutWords : 0;
  return indexed;
}
