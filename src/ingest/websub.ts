// The crawler's side of WebSub (https://www.w3.org/TR/websub/): a feed that
// names a hub is subscribed to, renewed before its lease ends, and what the
// hub pushes is read like a fetched feed (poll-feed.ts). The web server
// answers the hub's verification and keeps the pushes (src/web/websub.ts).
// Written by hand: the subscriber side is three requests and an HMAC, and
// the npm WebSub packages are hubs or unmaintained subscribers that bring
// their own HTTP server and no address guard.
import { randomBytes } from 'node:crypto';
import type { FetchedDocument, HttpClient } from '../fetch/index.ts';
import type { WebSubLinks } from '../feeds/types.ts';
import {
  type DbHandle,
  requestSubscription,
  subscriptionFailed,
  subscriptionOfFeed,
  type WebSubPush,
} from '../store/index.ts';
import type { Logger } from '../util/log.ts';

/** The lease asked of hubs; a hub may grant less. */
export const LEASE_ASKED_S = 7 * 24 * 3600;
/** Renewed when less than this is left of the lease. */
export const RENEW_BEFORE_MS = 24 * 3600 * 1000;
/** A subscription the hub has not verified within this time is asked again (its verification may have been lost). */
export const PENDING_RETRY_MS = 60 * 60 * 1000;
/** A hub that denied or failed is asked again after this long. */
export const DENIED_RETRY_MS = 24 * 3600 * 1000;

export interface WebSubDeps {
  store: DbHandle;
  client: HttpClient;
  log: Logger;
  /** Where hubs push: the site's public address and /websub/ (KIOSQUE_BASE_URL). */
  callbackBase: string;
  userAgent?: string;
}

/**
 * Asks the hub for a subscription when the feed has none, it moved, its
 * lease is ending, or an earlier ask went unanswered long enough. Never
 * throws: a hub's failure is said on the subscription and tried again later.
 */
export async function keepSubscribed(
  deps: WebSubDeps,
  feedId: number,
  links: WebSubLinks,
  now: Date,
): Promise<void> {
  const old = await subscriptionOfFeed(deps.store, feedId);
  const same = old !== undefined && old.hub === links.hub && old.topic === links.self;
  if (same && !dueForAsking(old, now)) return;
  // A renewal keeps its callback and secret: the hub knows a subscription by its callback.
  const token = same ? old.token : randomBytes(18).toString('base64url');
  const secret = same ? old.secret : randomBytes(24).toString('base64url');
  await requestSubscription(deps.store, {
    feedId,
    hub: links.hub,
    topic: links.self,
    token,
    secret,
    at: now.toISOString(),
  });
  const outcome = await deps.client.fetch({
    url: links.hub,
    kind: 'hub',
    decode: false,
    form: {
      'hub.mode': 'subscribe',
      'hub.topic': links.self,
      'hub.callback': `${deps.callbackBase}${token}`,
      'hub.secret': secret,
      'hub.lease_seconds': String(LEASE_ASKED_S),
    },
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
  });
  if (outcome.ok) {
    deps.log.info({ feed: links.self, hub: links.hub }, 'WebSub subscription asked');
    return;
  }
  const reason = `the hub ${links.hub} refused the subscription to ${links.self}: ${outcome.error.message}`;
  deps.log.warn({ feed: links.self, hub: links.hub }, reason);
  await subscriptionFailed(deps.store, feedId, reason);
}

function dueForAsking(
  sub: { state: string; requested_at: string; lease_until: string | null },
  now: Date,
): boolean {
  const since = now.getTime() - Date.parse(sub.requested_at);
  if (sub.state === 'pending') return since >= PENDING_RETRY_MS;
  if (sub.state === 'denied') return since >= DENIED_RETRY_MS;
  const leaseEnds = sub.lease_until ? Date.parse(sub.lease_until) : 0;
  return leaseEnds - now.getTime() < RENEW_BEFORE_MS && since >= PENDING_RETRY_MS;
}

/** A push as the document a fetch of the feed would have given: read by the same parse. */
export function pushedDocument(
  push: WebSubPush,
  feedUrl: string,
  validators: { etag: string | null; lastModified: string | null },
): FetchedDocument {
  const body = Buffer.from(push.body, 'base64');
  return {
    ok: true,
    notModified: false,
    status: 200,
    url: feedUrl,
    redirects: [feedUrl],
    // A push says nothing of the publisher's validators: the last ones stay.
    etag: validators.etag,
    lastModified: validators.lastModified,
    contentType: push.content_type,
    headers: {},
    body,
    release: () => {},
    // Decoded in the worker thread with the parse, like a fetched feed; never read here.
    get text(): string {
      return body.toString('utf8');
    },
    charset: 'utf-8',
    charsetSource: 'default',
    durationMs: 0,
  };
}

/**
 * Where hubs push, or null when WebSub is off: `auto` is on unless the
 * site's address is a loopback one, which no hub could call back.
 */
export function websubCallbackBase(baseUrl: string, mode: 'auto' | 'on' | 'off'): string | null {
  if (mode === 'off') return null;
  const host = new URL(baseUrl).hostname;
  const loopback = host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  if (mode === 'auto' && loopback) return null;
  return `${baseUrl.replace(/\/+$/, '')}/websub/`;
}
