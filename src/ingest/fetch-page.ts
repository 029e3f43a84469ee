// One article page: fetch it (politely, through src/fetch), extract and
// sanitize it in a worker thread, store the full text. A failure is kept on
// the page's row and retried a few times with a growing delay; after that,
// or for failures that will not change (robots, 404, a bot wall), the
// article keeps what the feed gave.
import type { DuePage, PageOutcome } from '../store/index.ts';
import { type ErrorInfo, toKiosqueError } from '../util/errors.ts';
import { articlesIngested, pageFetchesTotal } from '../util/metrics.ts';
import type { PollDeps } from './poll-feed.ts';
import { preparePageOffThread } from './work-pool.ts';
import { savePage } from '../store/index.ts';

export const MAX_PAGE_ATTEMPTS = 3;
const RETRY_BASE_MS = 15 * 60 * 1000;

export interface PageSummary {
  articleId: number;
  source: string;
  url: string;
  ok: boolean;
  error: ErrorInfo | null;
}

/** When to try a failed page again, or null to stop trying. */
export function pageRetryAt(error: ErrorInfo, attempts: number, now: Date): string | null {
  const final =
    [
      'robots',
      'bot_challenge',
      'too_large',
      'blocked_address',
      'bad_url',
      'no_article',
      'unsafe_xml',
    ].includes(error.kind) ||
    (error.kind === 'http_status' && [401, 403, 404, 410, 451].includes(error.status ?? 0));
  if (final || attempts + 1 >= MAX_PAGE_ATTEMPTS) return null;
  const wait =
    error.kind === 'rate_limited' && error.retryAfter ? error.retryAfter.getTime() - now.getTime() : 0;
  return new Date(now.getTime() + Math.max(wait, RETRY_BASE_MS * 2 ** attempts)).toISOString();
}

export async function pollPage(deps: PollDeps, page: DuePage): Promise<PageSummary> {
  const now = deps.now ?? (() => new Date());
  const { fetch: settings, extract } = page.source_settings;
  const res = await deps.client.fetch({
    url: page.url,
    kind: 'page',
    ...(settings.userAgent ? { userAgent: settings.userAgent } : {}),
    ...(settings.headers ? { headers: settings.headers } : {}),
    ...(settings.maxBytes ? { maxBytes: settings.maxBytes } : {}),
    ...(settings.hostDelayMs !== undefined ? { hostDelayMs: settings.hostDelayMs } : {}),
    // Counted in the client's body budget until extracted (released below).
    hold: true,
  });
  let outcome: PageOutcome;
  if (!res.ok || res.notModified) {
    const error = res.ok
      ? { kind: 'http_status' as const, message: `unexpected 304 for ${page.url}` }
      : res.error.toJSON();
    outcome = {
      ok: false,
      at: now().toISOString(),
      error,
      retryAt: pageRetryAt(error, page.attempts, now()),
    };
  } else {
    try {
      const prepared = await preparePageOffThread({
        html: res.text,
        url: res.url,
        timezone: page.source_timezone,
        feedText: page.feed_text,
        ...(extract.body ? { bodySelector: extract.body } : {}),
        ...(extract.remove?.length ? { remove: extract.remove } : {}),
      });
      outcome = { ok: true, at: now().toISOString(), ...prepared };
    } catch (err) {
      res.release();
      const error = toKiosqueError(err, 'internal', res.url).toJSON();
      outcome = {
        ok: false,
        at: now().toISOString(),
        error,
        retryAt: pageRetryAt(error, page.attempts, now()),
      };
    }
    res.release();
  }
  await savePage(deps.store, page, deps.workerId, outcome, settings.hostDelayMs ?? deps.hostDelayMs ?? 0);
  // Its new text waits in the index queue.
  if (outcome.ok) deps.indexer.soon();
  pageFetchesTotal.inc({ outcome: outcome.ok ? 'ok' : outcome.error.kind });
  if (outcome.ok) articlesIngested.inc({ change: 'full_text' });
  else deps.log.info({ page: page.url, kind: outcome.error.kind }, outcome.error.message);
  return {
    articleId: page.article_id,
    source: page.source_slug,
    url: page.url,
    ok: outcome.ok,
    error: outcome.ok ? null : outcome.error,
  };
}
