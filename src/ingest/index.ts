export { type CrawlOnceOptions, type CrawlSummary, CrawlerLoop, crawlOnce } from './crawl.ts';
export { Indexer, type IndexerOptions } from './indexer.ts';
export { discoverFeed, shouldDiscover } from './discover.ts';
export { LEASE_MS, newWorkerId, ownerIsDeadHere } from './leases.ts';
export { type PollDeps, type PollSummary, pollFeed } from './poll-feed.ts';
export {
  cacheFloor,
  decideSchedule,
  learnInterval,
  type ScheduleDecision,
  type ScheduleInput,
} from './schedule.ts';
export { MAX_PAGE_ATTEMPTS, type PageSummary, pageRetryAt, pollPage } from './fetch-page.ts';
// Not here: what the worker threads run (prepare.ts, plan.ts), imported
// from their modules, so that the crawler's thread does not load the HTML
// parsers and Readability it never uses (start-up time and memory).
export type { FeedJob, PreparedFeed } from './prepare.ts';
export type { PageJob, PreparedPage } from './prepare-page.ts';
export { countWords, DEFAULT_TEASER_RULE, isTeaser, type TeaserRule } from './teaser.ts';
export {
  closeIngestPool,
  defaultPrepareThreads,
  prepareFeedOffThread,
  preparePageOffThread,
  setPrepareThreads,
} from './work-pool.ts';
export { keepSubscribed, websubCallbackBase } from './websub.ts';
export { PaceBook } from './pace.ts';
