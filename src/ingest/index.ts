export { type CrawlOnceOptions, type CrawlSummary, CrawlerLoop, crawlOnce } from './crawl.ts';
export { discoverFeed, shouldDiscover } from './discover.ts';
export { LEASE_MS, newWorkerId, ownerIsDeadHere } from './leases.ts';
export { guidsAreBroken, type PlanContext, planArticles } from './plan.ts';
export { type PollDeps, type PollSummary, pollFeed } from './poll-feed.ts';
export { decideSchedule, learnInterval, type ScheduleDecision, type ScheduleInput } from './schedule.ts';
