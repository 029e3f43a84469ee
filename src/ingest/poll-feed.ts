// One poll of one feed: fetch, (discover), parse, plan, store — and the
// feed's new state, all in the store's one transaction. Never throws for a
// publisher's fault: every failure becomes the feed's recorded error. Only a
// database failure escapes, because then nothing can be recorded at all.
import type { FetchedDocument, FetchOutcome, HttpClient } from '../fetch/index.ts';
import type { SourceFetchSettings } from '../sources/types.ts';
import type { DueFeed, FeedRunRecord, SaveResult, Store } from '../store/index.ts';
import { type ErrorInfo, KiosqueError, toKiosqueError } from '../util/errors.ts';
import type { Logger } from '../util/log.ts';
import {
  articlesIngested,
  fetchDuration,
  fetchesTotal,
  parseDuration,
  publishDelay,
} from '../util/metrics.ts';
import { discoverFeed, shouldDiscover } from './discover.ts';
import type { Indexer } from './indexer.ts';
import type { PreparedFeed } from './prepare.ts';
import { cacheFloor, decideSchedule } from './schedule.ts';
import { PaceBook } from './pace.ts';
import { rhythmAt } from './rhythm.ts';
import type { TeaserRule } from './teaser.ts';
import { prepareFeedOffThread } from './work-pool.ts';
import { newestArticleAt, nextPush, saveFeedRun, subscriptionOfFeed } from '../store/index.ts';
import { keepSubscribed, pushedDocument } from './websub.ts';
import { websubLinksInHeader } from '../feeds/index.ts';

export interface PollDeps {
  store: Store;
  /** Indexes what the runs store (stories, search). */
  indexer: Indexer;
  client: HttpClient;
  log: Logger;
  workerId: string;
  now?: () => Date;
  /** The host delay (KIOSQUE_HOST_DELAY_MS): an origin rests this long before another worker claims it. */
  hostDelayMs?: number;
  /** When a feed's text is only a teaser (default: DEFAULT_TEASER_RULE). */
  teaser?: TeaserRule;
  /** The politeness budget (KIOSQUE_FEED_REQUESTS_PER_HOUR): requests an hour to one publication at most. */
  feedRequestsPerHour?: number;
  /** The publications' rhythms and feed counts; default one book per store, in this process. */
  paces?: PaceBook;
  /** WebSub on (KIOSQUE_WEBSUB): where hubs push, the site's address and /websub/. */
  websub?: { callbackBase: string } | null;
}

async function websubOf(deps: PollDeps, feedId: number) {
  return subscriptionOfFeed(deps.store, feedId).catch((err: unknown) => {
    throw toKiosqueError(err, 'database');
  });
}

const booksByStore = new WeakMap<Store, PaceBook>();

function pacesOf(deps: PollDeps): PaceBook {
  if (deps.paces) return deps.paces;
  let book = booksByStore.get(deps.store);
  if (!book) {
    book = new PaceBook(deps.store);
    booksByStore.set(deps.store, book);
  }
  return book;
}

export interface PollSummary {
  feedId: number;
  source: string;
  url: string;
  outcome: 'ok' | 'not_modified' | 'error';
  error: ErrorInfo | null;
  entries: number;
  newArticles: number;
  updatedArticles: number;
  discoveredUrl: string | null;
}

/** The document's text, or null when its bytes cannot be decoded (the error is already the feed's). */
function textOrNull(doc: FetchedDocument): string | null {
  try {
    return doc.text;
  } catch {
    return null;
  }
}

export function fetchSettingsOf(feed: DueFeed): SourceFetchSettings {
  return feed.source_settings.fetch;
}

export async function pollFeed(deps: PollDeps, feed: DueFeed): Promise<PollSummary> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const settings = fetchSettingsOf(feed);
  const url = feed.effective_url ?? feed.url;
  // The feeds' bytes stay counted in the client's body budget until this
  // poll is done with them (parsed in a worker): see parse, and the end.
  const held: FetchedDocument[] = [];
  const fetchFeed = (target: string, conditional: boolean): Promise<FetchOutcome> =>
    deps.client
      .fetch({
        url: target,
        kind: 'feed',
        // Decoded in the worker thread, with the parse (prepare.ts).
        decode: false,
        ...(conditional ? { etag: feed.etag, lastModified: feed.last_modified } : {}),
        ...(settings.userAgent ? { userAgent: settings.userAgent } : {}),
        ...(settings.headers ? { headers: settings.headers } : {}),
        ...(settings.maxBytes ? { maxBytes: settings.maxBytes } : {}),
        ...(settings.hostDelayMs !== undefined ? { hostDelayMs: settings.hostDelayMs } : {}),
        hold: true,
      })
      .then((o) => {
        if (o.ok && !o.notModified) held.push(o);
        return o;
      });

  try {
    let parsed: PreparedFeed | null = null;
    let effectiveUrl: string | null | undefined;
    let discovered = false;

    // Parse, sanitize and plan in a worker thread: the articles come back ready to store.
    const parse = async (doc: FetchedDocument): Promise<PreparedFeed> => {
      const p0 = performance.now();
      try {
        return await prepareFeedOffThread({
          bytes: doc.body,
          contentType: doc.contentType,
          parse: { url: doc.url, timezone: feed.source_timezone, now: now() },
          plan: {
            language: feed.source_language,
            feedCategory: feed.category,
            fetchedAt: now(),
            mode: feed.source_mode,
            feedUrl: doc.url,
            ...(deps.teaser ? { teaser: deps.teaser } : {}),
          },
          // What the feed said at its last stored run is not planned again.
          known: feed.entry_prints,
        });
      } finally {
        parseDuration.observe((performance.now() - p0) / 1000);
        // Its bytes are given back now, before any other fetch of this poll
        // (discovery) could wait for them.
        doc.release();
      }
    };

    // What a WebSub hub pushed is read first, the oldest push first: no request at all.
    const waiting = await nextPush(deps.store, feed.id).catch((err: unknown) => {
      throw toKiosqueError(err, 'database');
    });
    let pushed: { id: number; more: boolean } | null = null;
    let badPush: number | undefined;
    let outcome: FetchOutcome | null = null;
    if (waiting) {
      const doc = pushedDocument(waiting.push, url, { etag: feed.etag, lastModified: feed.last_modified });
      try {
        parsed = await parse(doc);
        outcome = doc;
        pushed = { id: waiting.push.id, more: waiting.more };
      } catch (err) {
        // Not a feed: dropped with this run, and the publisher asked instead.
        badPush = waiting.push.id;
        deps.log.warn(
          { feed: url, source: feed.source_slug },
          `a WebSub push for ${url} (received ${waiting.push.received_at}) is not a feed, the feed is asked instead: ${(err as Error).message}`,
        );
      }
    }
    if (!outcome) {
      outcome = await fetchFeed(url, true);
      fetchDuration.observe((performance.now() - t0) / 1000);
    }
    let error: KiosqueError | null = outcome.ok ? null : outcome.error;

    if (!pushed && outcome.ok && !outcome.notModified) {
      try {
        parsed = await parse(outcome);
        if (parsed.beyondLimit > 0)
          deps.log.warn(
            { feed: url, source: feed.source_slug, entries: parsed.entries },
            `the feed lists ${parsed.entries} entries: the newest ${parsed.entries - parsed.beyondLimit} were read, the ${parsed.beyondLimit} oldest left`,
          );
      } catch (err) {
        error = toKiosqueError(err, 'not_a_feed', outcome.url);
      }
    }

    // A wrong feed URL (404, 410, or a page that is not a feed): look for the
    // real one from the homepage, use it, and remember it.
    if (error && shouldDiscover(error)) {
      const found = await discoverFeed({
        client: deps.client,
        homepage: feed.source_homepage,
        failedUrl: url,
        fetchFeed: (u) => fetchFeed(u, false),
        parse,
        pageHtml: outcome.ok && !outcome.notModified ? textOrNull(outcome) : null,
        pageUrl: outcome.ok ? outcome.url : null,
      });
      if (found) {
        outcome = found.document;
        parsed = found.parsed;
        error = null;
        effectiveUrl = found.url === feed.url ? null : found.url;
        discovered = true;
        deps.log.info({ feed: feed.url, found: found.url, source: feed.source_slug }, 'feed discovered');
      } else {
        error = new KiosqueError({
          kind: error.kind,
          message: `${error.message}; no feed found from the homepage ${feed.source_homepage} either`,
          url,
          ...(error.status !== undefined ? { status: error.status } : {}),
        });
      }
    }

    const fetchedAt = now();
    const kind: FeedRunRecord['outcome'] = error
      ? 'error'
      : outcome.ok && outcome.notModified
        ? 'not_modified'
        : 'ok';
    const candidates = parsed?.candidates ?? [];
    // Whether the publication is live: its newest article, this run's entries included.
    const stored = error
      ? null
      : await newestArticleAt(deps.store, feed.source_id).catch((err: unknown) => {
          throw toKiosqueError(err, 'database');
        });
    // Its rhythm by hour of the week, and the feeds that share its budget.
    const pace = await pacesOf(deps)
      .of(feed.source_id, feed.source_timezone, fetchedAt)
      .catch((err: unknown) => {
        throw toKiosqueError(err, 'database');
      });
    const newestEntry = Math.max(...(parsed?.entryDates ?? []).map((d) => d.getTime()));
    const newestArticle = Math.max(stored ? Date.parse(stored) : Number.NEGATIVE_INFINITY, newestEntry);
    const subscription = deps.websub ? await websubOf(deps, feed.id) : undefined;
    const schedule = decideSchedule({
      intervalS: feed.interval_s,
      consecutiveErrors: feed.consecutive_errors,
      failingSince: feed.failing_since,
      outcome: kind,
      error,
      entryDates: parsed?.entryDates ?? [],
      now: fetchedAt,
      // The publisher's own word on when to ask again (a 304 carries it too).
      freshUntil: !error && outcome.ok && !pushed ? cacheFloor(outcome.headers, fetchedAt) : null,
      newestArticleAt: Number.isFinite(newestArticle) ? new Date(newestArticle) : null,
      ...(deps.feedRequestsPerHour ? { requestsPerHour: deps.feedRequestsPerHour } : {}),
      feedsOfSource: pace.feeds,
      rhythm: pace.rhythm ? rhythmAt(pace.rhythm, fetchedAt) : null,
      pushes: subscription?.state === 'active',
    });
    // More pushes wait: the next one is read at once.
    if (pushed?.more) schedule.nextFetchAt = fetchedAt.toISOString();
    const record: FeedRunRecord = {
      feedId: feed.id,
      worker: deps.workerId,
      origin: feed.origin,
      // A push asked nothing of the publisher: its origin need not rest.
      hostDelayMs: pushed ? 0 : (settings.hostDelayMs ?? deps.hostDelayMs ?? 0),
      startedAt: started.toISOString(),
      finishedAt: fetchedAt.toISOString(),
      durationMs: performance.now() - t0,
      outcome: kind,
      httpStatus: pushed ? null : outcome.ok ? outcome.status : (outcome.error.status ?? null),
      error: error ? { kind: error.kind, message: error.message } : null,
      bytes: outcome.ok && !outcome.notModified ? outcome.body.length : null,
      entries: parsed ? parsed.entries : null,
      // Validators are kept as the publisher sent them; an error keeps the
      // old ones, whatever failed (a document we could not read must be
      // asked for again in full, not answered 304 with its entries unread).
      etag: outcome.ok && !error ? (outcome.etag ?? (outcome.notModified ? feed.etag : null)) : feed.etag,
      lastModified:
        outcome.ok && !error
          ? (outcome.lastModified ?? (outcome.notModified ? feed.last_modified : null))
          : feed.last_modified,
      ...(effectiveUrl !== undefined ? { effectiveUrl } : {}),
      ...(parsed && !error ? { entryPrints: parsed.prints } : {}),
      discovered,
      status: schedule.status,
      nextFetchAt: schedule.nextFetchAt,
      intervalS: schedule.intervalS,
      retryAfterUntil: schedule.retryAfterUntil,
      consecutiveErrors: schedule.consecutiveErrors,
      failingSince: schedule.failingSince,
      ...(pushed
        ? { pushId: pushed.id, via: 'push' as const }
        : badPush !== undefined
          ? { pushId: badPush }
          : {}),
    };

    let saved: SaveResult;
    // The indexer has the words of the articles stored before: wait until it has room.
    if (candidates.length) await deps.indexer.room();
    try {
      saved = await saveFeedRun(
        deps.store,
        feed.source_id,
        record,
        candidates,
        fetchedAt.toISOString(),
        deps.indexer.queued,
      );
    } catch (err) {
      throw toKiosqueError(err, 'database');
    }

    fetchesTotal.inc({ outcome: pushed ? 'pushed' : error ? error.kind : kind });
    // A feed that names a hub is subscribed to (and renewed) once its run is stored.
    // The HTTP Link header first, as the spec asks, then the document's links.
    const hub =
      (outcome.ok && !pushed ? websubLinksInHeader(outcome.headers['link'], outcome.url) : null) ??
      parsed?.websub ??
      null;
    if (deps.websub && hub && !error)
      await keepSubscribed(
        { ...deps.websub, store: deps.store, client: deps.client, log: deps.log },
        feed.id,
        hub,
        fetchedAt,
      ).catch((err: unknown) =>
        deps.log.warn({ err, feed: url }, `keeping the WebSub subscription of ${url} failed`),
      );
    if (saved.newArticles) articlesIngested.inc({ change: 'new' }, saved.newArticles);
    if (feed.last_success_at) observePublishDelays(saved.newPublishedAt, fetchedAt);
    if (saved.updatedArticles) articlesIngested.inc({ change: 'updated' }, saved.updatedArticles);
    const summary: PollSummary = {
      feedId: feed.id,
      source: feed.source_slug,
      url: discovered && effectiveUrl ? effectiveUrl : url,
      outcome: kind,
      error: record.error,
      entries: parsed?.entries ?? 0,
      newArticles: saved.newArticles,
      updatedArticles: saved.updatedArticles,
      discoveredUrl: discovered ? (effectiveUrl ?? feed.url) : null,
    };
    if (error) deps.log.warn({ feed: url, source: feed.source_slug, kind: error.kind }, error.message);
    else
      deps.log.debug(
        { feed: url, source: feed.source_slug, new: saved.newArticles, outcome: kind },
        'feed polled',
      );
    return summary;
  } finally {
    for (const doc of held) doc.release();
  }
}

/** A day: older new entries are a backlog (a feed silent for long, a late listing), not the crawler's delay. */
const MAX_COUNTED_DELAY_S = 24 * 3600;

function observePublishDelays(dates: string[], storedAt: Date): void {
  for (const date of dates) {
    // A publisher's clock a little ahead of ours is no delay at all.
    const delayS = Math.max(0, (storedAt.getTime() - Date.parse(date)) / 1000);
    if (delayS <= MAX_COUNTED_DELAY_S) publishDelay.observe(delayS);
  }
}
