// The source registry's storage: sources as the sources file and the console
// write them, their feeds, and a feed run's recorded state.
export { type FeedRunRecord, writeFeedState } from './feed-state.ts';
export {
  countEnabledFeeds,
  countFailingFeeds,
  newestArticleAt,
  sourceHistory,
  type DueFeed,
  enabledFeeds,
  feedsWaitingForRetryAfter,
  getFeed,
  SOURCE_COLUMNS,
  writeSourceFeeds,
} from './feeds.ts';
export {
  listSourcesWithFeeds,
  type SourceWithFeeds,
  sourceColumns,
  sourceExists,
  syncSources,
} from './sources.ts';
export { type SiteSource, siteSources } from './site-sources.ts';
