export { connect, DEFAULT_DATABASE_URL, type Dialect, openDatabase, parseDatabaseUrl } from './connect.ts';
export type { Connection } from './connect.ts';
export type { ArticleRow, Database, FeedRow, FetchLogRow, SourceRow } from './schema.ts';
export { type DueFeed, type DuePage, type FeedRunRecord, type SourceWithFeeds, Store } from './store.ts';
// The index queue's queries; the indexer that runs them is in src/ingest.
export {
  type ArticleWords,
  INDEX_ATTEMPTS,
  IndexWork,
  indexQueuedArticles,
  indexQueueSize,
  queuedArticleIds,
  recordIndexFailure,
} from './index-queue/queue.ts';
export { COPY_PLAN, type CopyProgress, compareCounts, copyDatabase, type TableCount } from './copy.ts';
export { migrationNames } from './migrate.ts';
export { markTimeTagsComplete, queueSearchReindex } from './search-reindex.ts';
export * from './console/index.ts';
export * from './images/index.ts';
export * from './articles/index.ts';
export type { PageOutcome } from './pages/index.ts';
export { type SiteSource, siteSources } from './sources/index.ts';
