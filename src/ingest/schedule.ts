// When to poll a feed next. Pure: the feed's past, this run's outcome and
// the clock in, the next time and the feed's health out.
import type { ErrorInfo } from '../util/errors.ts';
import type { RhythmNow } from './rhythm.ts';

export const MIN_INTERVAL_S = 2 * 60;
export const MAX_INTERVAL_S = 6 * 60 * 60;
export const START_INTERVAL_S = 15 * 60;
/** A feed still failing after this long is marked failing (and still polled). */
export const FAILING_AFTER_MS = 24 * 60 * 60 * 1000;
/** A 429 without Retry-After: wait this long before asking again. */
export const DEFAULT_RETRY_AFTER_S = 10 * 60;
/** The politeness budget's default (KIOSQUE_FEED_REQUESTS_PER_HOUR): one request a minute to a feed at most. */
export const DEFAULT_FEED_REQUESTS_PER_HOUR = 60;
/**
 * A publication whose newest article is at most this old is live: news may
 * come at any minute (a Poisson rhythm has no quiet moment after an
 * article), so its feeds are asked every LIVE_INTERVAL_S, whatever its
 * average gap. A reader then waits at most about that long.
 */
export const LIVE_WINDOW_MS = 6 * 60 * 60 * 1000;
export const LIVE_INTERVAL_S = 90;
/**
 * In a publication's quiet hours (rhythm.ts) only an article this recent
 * makes it live: a story that breaks at night is followed, a quiet night is not.
 */
export const BURST_WINDOW_MS = 60 * 60 * 1000;
/**
 * A feed whose hub pushes (an active WebSub subscription) is still asked,
 * this often at most: a hub may lose a push.
 */
export const PUSHED_INTERVAL_S = 15 * 60;
/** In quiet hours a feed that is not live is asked this often, and again when they end. */
export const QUIET_INTERVAL_S = 30 * 60;

export interface ScheduleInput {
  intervalS: number;
  consecutiveErrors: number;
  failingSince: string | null;
  outcome: 'ok' | 'not_modified' | 'error';
  error?: ErrorInfo | null;
  /** The real publication dates of the entries in this document. */
  entryDates: Date[];
  now: Date;
  /** 0..1, for jitter; injected so tests are exact. */
  random?: () => number;
  /**
   * Until when the publisher said its answer stays fresh (Cache-Control
   * max-age, Expires: cacheFloor): not asked again before, within the
   * six-hour ceiling.
   */
  freshUntil?: Date | null;
  /** The publication's newest stored article's date: a recent one makes the feed live (LIVE_WINDOW_MS). */
  newestArticleAt?: Date | null;
  /** The budget: requests an hour to this publication at most (default DEFAULT_FEED_REQUESTS_PER_HOUR). */
  requestsPerHour?: number;
  /** The publication's enabled feeds, which share its budget (default 1). */
  feedsOfSource?: number;
  /** What the publication's rhythm says of now (rhythm.ts), or null when its history is too short. */
  rhythm?: RhythmNow | null;
  /** The feed's hub pushes its news (WebSub): polling is only the safety net. */
  pushes?: boolean;
}

export interface ScheduleDecision {
  status: 'ok' | 'error' | 'failing';
  intervalS: number;
  nextFetchAt: string;
  retryAfterUntil: string | null;
  consecutiveErrors: number;
  failingSince: string | null;
}

const clamp = (n: number) => Math.round(Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, n)));

/**
 * The publishing rhythm: half the median gap between the last entries of the
 * past week, so that on average an article waits a quarter of a gap. A feed
 * with nothing recent slows down towards the six-hour ceiling.
 */
export function learnInterval(previousS: number, entryDates: Date[], now: Date): number {
  const weekAgo = now.getTime() - 7 * 24 * 3600 * 1000;
  const recent = entryDates
    .map((d) => d.getTime())
    .filter((t) => t >= weekAgo && t <= now.getTime() + 60_000)
    .sort((a, b) => b - a)
    .slice(0, 20);
  if (recent.length < 2) return clamp((previousS || START_INTERVAL_S) * 1.5);
  const gaps: number[] = [];
  for (let i = 1; i < recent.length; i++) gaps.push((recent[i - 1]! - recent[i]!) / 1000);
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  return clamp(median / 2);
}

export function decideSchedule(input: ScheduleInput): ScheduleDecision {
  const random = input.random ?? Math.random;
  const jitter = (s: number) => s * (0.9 + 0.2 * random());
  const now = input.now.getTime();

  if (input.outcome === 'error') {
    const errors = input.consecutiveErrors + 1;
    const backoff = Math.min(MAX_INTERVAL_S, START_INTERVAL_S * 2 ** (errors - 1));
    let next = now + jitter(backoff) * 1000;
    let retryAfterUntil: string | null = null;
    if (input.error?.kind === 'rate_limited') {
      const until = input.error.retryAfter?.getTime() ?? now + DEFAULT_RETRY_AFTER_S * 1000;
      retryAfterUntil = new Date(until).toISOString();
      next = Math.max(next, until);
    }
    const failingSince = input.failingSince ?? input.now.toISOString();
    const failing = now - Date.parse(failingSince) >= FAILING_AFTER_MS;
    return {
      status: failing ? 'failing' : 'error',
      intervalS: input.intervalS,
      nextFetchAt: new Date(next).toISOString(),
      retryAfterUntil,
      consecutiveErrors: errors,
      failingSince,
    };
  }

  let intervalS =
    input.outcome === 'ok'
      ? learnInterval(input.intervalS, input.entryDates, input.now)
      : clamp(input.intervalS * 1.25);
  const rhythm = input.rhythm ?? null;
  const newest = input.newestArticleAt?.getTime();
  const liveWindow = rhythm?.quiet ? BURST_WINDOW_MS : LIVE_WINDOW_MS;
  const live = newest !== undefined && now - newest <= liveWindow;
  // In the rush a live publication gets all its budget allows (below).
  if (live) intervalS = Math.min(intervalS, rhythm?.rush ? 0 : LIVE_INTERVAL_S);
  else if (rhythm?.quiet) {
    // Neither the day's pace nor a long silence's: every half hour, as a night desk would look.
    intervalS = QUIET_INTERVAL_S;
    // Asked again as the quiet hours end, when the first articles come.
    if (rhythm.quietUntil)
      intervalS = Math.min(intervalS, Math.max(MIN_INTERVAL_S, (rhythm.quietUntil.getTime() - now) / 1000));
    intervalS = Math.round(intervalS);
  }
  if (input.pushes) intervalS = Math.max(intervalS, PUSHED_INTERVAL_S);
  // The budget holds whatever the rhythm says, jitter included: the
  // publication's requests an hour, shared by its feeds.
  const budgetS =
    (3600 * Math.max(1, input.feedsOfSource ?? 1)) /
    (input.requestsPerHour ?? DEFAULT_FEED_REQUESTS_PER_HOUR);
  intervalS = Math.max(intervalS, Math.ceil(budgetS / 0.9));
  let next = now + jitter(intervalS) * 1000;
  if (input.freshUntil)
    next = Math.max(next, Math.min(input.freshUntil.getTime(), now + MAX_INTERVAL_S * 1000));
  return {
    status: 'ok',
    intervalS,
    nextFetchAt: new Date(next).toISOString(),
    retryAfterUntil: null,
    consecutiveErrors: 0,
    failingSince: null,
  };
}

/**
 * How long the publisher says its answer stays fresh, as a time: Cache-Control
 * max-age (less the Age a cache in between has held it), else Expires (against
 * the answer's own Date, so a publisher's clock does not matter). Null when it
 * says nothing, no-cache or no-store: ask when the rhythm says. Headers are lower-cased names, as the client gives them.
 */
export function cacheFloor(headers: Readonly<Record<string, string>>, now: Date): Date | null {
  const control = (headers['cache-control'] ?? '').toLowerCase();
  if (/(?:^|,)\s*(?:no-cache|no-store)\s*(?:,|$)/.test(control)) return null;
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(?:,|$)/.exec(control)?.[1];
  if (maxAge !== undefined) {
    const age = Number(headers.age ?? 0);
    const fresh = Number(maxAge) - (Number.isFinite(age) && age > 0 ? age : 0);
    return fresh > 0 ? new Date(now.getTime() + fresh * 1000) : null;
  }
  const expires = headers.expires ? Date.parse(headers.expires) : Number.NaN;
  if (Number.isNaN(expires)) return null; // absent, or "0" / "-1": already stale
  const date = headers.date ? Date.parse(headers.date) : Number.NaN;
  const fresh = expires - (Number.isNaN(date) ? now.getTime() : date);
  return fresh > 0 ? new Date(now.getTime() + fresh) : null;
}
