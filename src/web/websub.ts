// The subscriber's callback of WebSub (https://www.w3.org/TR/websub/), at
// /websub/<token>: a hub's GET verifies that we asked for a subscription (we
// echo its challenge), its POSTs bring the feed's new content, signed with
// the secret we gave. A push is only kept here and its feed made due: the
// crawler reads it like a fetched feed (src/ingest/poll-feed.ts), so a web
// process never parses or stores articles.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  confirmSubscription,
  denySubscription,
  type Store,
  storePush,
  subscriptionByToken,
} from '../store/index.ts';
import type { Logger } from '../util/log.ts';

/** The largest push kept: the crawler's own limit for a feed is 10 MB, a push brings news, not archives. */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;
/** A hub that grants no lease (it should): ten days, the spec's common default. */
const DEFAULT_LEASE_S = 10 * 24 * 3600;
const SIGNATURE_ALGORITHMS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

export interface WebSubOptions {
  store: Store;
  log: Logger;
  /** Called after a push is kept: a crawler in this process looks for due feeds at once. */
  onPush?: () => void;
}

type Query = Record<string, string | undefined>;

/** Whether `X-Hub-Signature: <algorithm>=<hex>` is the HMAC of the body with the secret. */
export function signatureMatches(header: string | undefined, body: Buffer, secret: string): boolean {
  const m = /^\s*([a-z0-9]+)=([0-9a-f]+)\s*$/i.exec(header ?? '');
  if (!m || !SIGNATURE_ALGORITHMS.has(m[1]!.toLowerCase())) return false;
  const expected = createHmac(m[1]!.toLowerCase(), secret).update(body).digest();
  const given = Buffer.from(m[2]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function registerWebSub(app: FastifyInstance, options: WebSubOptions): Promise<void> {
  const { store, log } = options;
  await app.register(async (scope) => {
    // A push is any feed type, kept as bytes: its charset is the crawler's to find.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PUSH_BYTES }, (_req, body, done) =>
      done(null, body),
    );

    scope.get<{ Params: { token: string }; Querystring: Query }>('/websub/:token', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const sub = await subscriptionByToken(store, request.params.token);
      const q = request.query;
      if (!sub) return reply.code(404).type('text/plain').send('no such subscription');
      if (q['hub.topic'] !== sub.topic)
        return reply
          .code(404)
          .type('text/plain')
          .send(`not subscribed to ${q['hub.topic'] ?? '(no topic)'}`);
      switch (q['hub.mode']) {
        case 'subscribe': {
          const challenge = q['hub.challenge'];
          if (!challenge) return reply.code(400).type('text/plain').send('hub.challenge is missing');
          if (sub.state === 'denied')
            return reply.code(404).type('text/plain').send('this subscription was given up');
          const lease = Number(q['hub.lease_seconds']);
          const leaseS = Number.isInteger(lease) && lease > 0 ? lease : DEFAULT_LEASE_S;
          await confirmSubscription(store, sub.feed_id, new Date(), leaseS);
          log.info({ topic: sub.topic, hub: sub.hub, leaseS }, 'WebSub subscription verified');
          return reply.code(200).type('text/plain').send(challenge);
        }
        case 'denied': {
          const reason = q['hub.reason'] ?? 'no reason given';
          await denySubscription(store, sub.feed_id, `the hub ${sub.hub} denied it: ${reason}`);
          log.warn({ topic: sub.topic, hub: sub.hub, reason }, 'WebSub subscription denied');
          return reply.code(200).type('text/plain').send('ok');
        }
        default:
          // We never unsubscribe: an unsubscription we did not ask for is not confirmed.
          return reply
            .code(404)
            .type('text/plain')
            .send(`not asked: hub.mode=${q['hub.mode'] ?? ''}`);
      }
    });

    scope.post<{ Params: { token: string } }>('/websub/:token', async (request, reply) => {
      const sub = await subscriptionByToken(store, request.params.token);
      // 410: the hub may drop a subscription we no longer have.
      if (!sub || sub.state === 'denied')
        return reply.code(410).type('text/plain').send('no such subscription');
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      // A push not signed with our secret is not from our hub: ignored, but
      // answered 2xx as the spec asks, so a forger learns nothing.
      if (!signatureMatches(request.headers['x-hub-signature'] as string | undefined, body, sub.secret)) {
        log.warn(
          { topic: sub.topic, hub: sub.hub },
          `a WebSub push for ${sub.topic} without a valid X-Hub-Signature was ignored`,
        );
        return reply.code(202).type('text/plain').send('ignored');
      }
      if (body.length === 0) return reply.code(400).type('text/plain').send('an empty push');
      const kept = await storePush(store, {
        feedId: sub.feed_id,
        body,
        contentType: (request.headers['content-type'] as string | undefined) ?? null,
        at: new Date(),
      });
      if (!kept)
        return reply.code(429).header('retry-after', '60').type('text/plain').send('too many pushes waiting');
      options.onPush?.();
      return reply.code(202).type('text/plain').send('accepted');
    });
  });
}
