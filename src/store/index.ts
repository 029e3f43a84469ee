export { connect, DEFAULT_DATABASE_URL, type Dialect, openDatabase, parseDatabaseUrl } from './connect.ts';
export type { Connection } from './connect.ts';
export { closeDatabase } from './connect.ts';
export type { DbHandle } from './handle.ts';
// For tests and benchmarks that set a scene; test/store/boundary.test.ts keeps them out of src.
export { dbOf, handleOn } from './handle.ts';
export type { ArticleRow, Database, FeedRow, FetchLogRow, SourceRow } from './schema.ts';
export { connectionOf, Store } from './store.ts';
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
// The story index: detection (the index queue runs it, bench:stories times it), stories read, its settings.
export {
  articlesOfStory,
  DEFAULT_STORY_INDEX_DAYS,
  DEFAULT_STORY_WINDOW_HOURS,
  detectStories,
  getStory,
  pruneStoryIndex,
  pruneStoryIndexOlderThan,
  type Story,
  type StoryArticle,
  topStories,
  firstArticlesAmong,
  traceStoryDecisions,
} from './stories/index.ts';
export { COPY_PLAN, type CopyProgress, compareCounts, copyDatabase, type TableCount } from './copy.ts';
export { migrationNames } from './migrate.ts';
// The search index's queries; its pure parts (match expressions, cursors, scores) are in src/search.
export {
  indexArticles,
  markTimeTagsComplete,
  queueSearchReindex,
  type SearchHitRow,
  type SearchRequest,
  searchArticles,
  searchHits,
} from './search/index.ts';
export * from './console/index.ts';
export * from './images/index.ts';
export * from './articles/index.ts';
export { type PageOutcome, savePage } from './pages/index.ts';
// Feeds, pages and origins leased to a worker.
export {
  countPendingPages,
  type DuePage,
  type LeaseFeedsOptions,
  type LeasePagesOptions,
  leaseDueFeeds,
  leaseDuePages,
  reclaimLeases,
  releaseLease,
  renewLeases,
} from './leases/index.ts';
// Sources and feeds, as the sources file and the crawler read and write them.
export {
  countEnabledFeeds,
  countFailingFeeds,
  newestArticleAt,
  sourceHistory,
  type DueFeed,
  enabledFeeds,
  type FeedRunRecord,
  feedsWaitingForRetryAfter,
  getFeed,
  listSourcesWithFeeds,
  type SiteSource,
  type SourceWithFeeds,
  siteSources,
  sourceExists,
  syncSources,
} from './sources/index.ts';
// WebSub: the crawler's subscriptions and the web server's pushes received.
export {
  confirmSubscription,
  denySubscription,
  MAX_WAITING_PUSHES,
  nextPush,
  requestSubscription,
  storePush,
  subscriptionByToken,
  subscriptionFailed,
  subscriptionOfFeed,
  type WebSubPush,
  type WebSubSubscription,
} from './websub/index.ts';
