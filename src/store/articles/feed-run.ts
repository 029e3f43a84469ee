// One feed run, all or nothing: its articles and the feed's new state.
import type { Transaction } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';
import { type ArticleWords, IndexWork, queueArticles } from '../index-queue/queue.ts';
import { retryDeadlock } from '../retry-deadlock.ts';
import type { Database } from '../schema.ts';
import { type FeedRunRecord, writeFeedState } from '../sources/index.ts';
import { inSharedCommit } from './shared-commit.ts';
import { type ArticleCandidate, type SaveResult, upsertArticles } from './upsert.ts';

/**
 * Stores the articles of one poll and the feed's new state in one
 * transaction: a crash before the commit leaves nothing half-written, and
 * a re-run finds the articles already there and stores nothing twice.
 * `onQueued` hears of the articles queued for the indexes, after the
 * commit: the new ones, with the words the crawler computed for those it
 * did (the indexer's `queued`).
 */
export async function saveFeedRun(
  { [KYSELY]: db, dialect }: DbHandle,
  sourceId: number,
  run: FeedRunRecord,
  candidates: ArticleCandidate[],
  fetchedAt: string,
  onQueued?: (words: ReadonlyMap<number, ArticleWords>, at: string, newIds: readonly number[]) => void,
): Promise<SaveResult> {
  const store = async (trx: Transaction<Database>) => {
    // A source taken down while this run was fetching keeps nothing of it
    // (the takedown holds the source row until it commits: 0007_console).
    let source = trx.selectFrom('sources').select('taken_down_at').where('id', '=', sourceId);
    if (dialect === 'postgres') source = source.forShare();
    const takenDown = !!(await source.executeTakeFirst())?.taken_down_at;
    const kept = takenDown ? [] : candidates;
    const { result, words } = await upsertArticles(trx, dialect, sourceId, run.feedId, kept, fetchedAt);
    // The story and search indexes take them in batches, after this commit (the indexer).
    await queueForIndexing(trx, result, fetchedAt);
    // Nothing of the run was stored: its entries are not "said before" either.
    await writeFeedState(trx, takenDown ? { ...run, entryPrints: undefined } : run, result);
    return { result, words };
  };
  // On SQLite, runs ready together share a commit (./shared-commit.ts). On
  // PostgreSQL a batch of the index queue may hold an updated article's
  // queue row and want its row: the deadlock's victim runs again.
  const saved =
    dialect === 'sqlite'
      ? await inSharedCommit(db, candidates.length, store)
      : await retryDeadlock(() => db.transaction().execute(store));
  if (saved.result.newIds.length || saved.result.updatedIds?.length)
    onQueued?.(saved.words, fetchedAt, saved.result.newIds);
  return saved.result;
}

/**
 * Queues a feed run's new articles (stories and search) and updated ones
 * (search only) for the indexes; an article queued twice keeps its story
 * detection.
 */
async function queueForIndexing(trx: Transaction<Database>, result: SaveResult, at: string): Promise<void> {
  await queueArticles(trx, [
    ...result.newIds.map((id) => ({ articleId: id, work: IndexWork.detect, queuedAt: at })),
    ...(result.updatedIds ?? []).map((id) => ({ articleId: id, work: IndexWork.searchOnly, queuedAt: at })),
  ]);
}
