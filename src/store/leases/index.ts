// Leases: which worker polls which feed or fetches which article page now,
// and which holds which origin (one worker at a time per host).
export { type LeaseFeedsOptions, leaseDueFeeds, releaseLease } from './feeds.ts';
export { claimOrigin, originUnavailable, releaseOriginIfIdle, takeWithOrigins } from './origins.ts';
export { reclaimLeases, renewLeases } from './owners.ts';
export { countPendingPages, type DuePage, type LeasePagesOptions, leaseDuePages } from './pages.ts';
