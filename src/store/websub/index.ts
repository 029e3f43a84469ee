// WebSub subscriptions and the pushes they bring (0018_websub). The crawler
// asks for a subscription and later stores what was pushed; the web server
// answers the hub's verification and receives the pushes. Neither needs the
// other to be in the same process: the database is between them.
import type { Selectable } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';
import type { WebSubPushesTable, WebSubSubscriptionsTable } from '../schema.ts';

export type WebSubSubscription = Selectable<WebSubSubscriptionsTable>;
export type WebSubPush = Selectable<WebSubPushesTable>;

/** Pushes waiting for one feed at most: a hub pushing faster than the crawler stores is told to wait. */
export const MAX_WAITING_PUSHES = 20;

export async function subscriptionOfFeed(
  { [KYSELY]: db }: DbHandle,
  feedId: number,
): Promise<WebSubSubscription | undefined> {
  return db.selectFrom('websub_subscriptions').selectAll().where('feed_id', '=', feedId).executeTakeFirst();
}

export async function subscriptionByToken(
  { [KYSELY]: db }: DbHandle,
  token: string,
): Promise<WebSubSubscription | undefined> {
  return db.selectFrom('websub_subscriptions').selectAll().where('token', '=', token).executeTakeFirst();
}

/**
 * A subscription asked of a hub (new, renewed, or moved to another hub or
 * topic): pending until the hub verifies it. Written before the hub is asked,
 * since its verification may arrive before its answer. A renewal keeps the
 * lease it has meanwhile, so pushes still count as coming from an active one.
 */
export async function requestSubscription(
  { [KYSELY]: db }: DbHandle,
  ask: { feedId: number; hub: string; topic: string; token: string; secret: string; at: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('websub_subscriptions')
      .select(['hub', 'topic', 'state', 'lease_until'])
      .where('feed_id', '=', ask.feedId)
      .executeTakeFirst();
    const renewal = old && old.state === 'active' && old.hub === ask.hub && old.topic === ask.topic;
    const row = {
      hub: ask.hub,
      topic: ask.topic,
      token: ask.token,
      secret: ask.secret,
      state: renewal ? 'active' : 'pending',
      requested_at: ask.at,
      reason: null,
      ...(renewal ? {} : { verified_at: null, lease_until: null }),
    };
    if (old)
      await trx.updateTable('websub_subscriptions').set(row).where('feed_id', '=', ask.feedId).execute();
    else
      await trx
        .insertInto('websub_subscriptions')
        .values({ feed_id: ask.feedId, ...row })
        .execute();
  });
}

/** Asking the hub failed (it refused, or could not be reached): said on the subscription, asked again later. */
export async function subscriptionFailed(
  { [KYSELY]: db }: DbHandle,
  feedId: number,
  reason: string,
): Promise<void> {
  await db
    .updateTable('websub_subscriptions')
    .set((eb) => ({
      reason,
      // A renewal that failed keeps its lease: pushes may still come until it ends.
      state: eb.case().when('state', '=', 'active').then('active').else('denied').end(),
    }))
    .where('feed_id', '=', feedId)
    .execute();
}

/** The hub verified our intent: active until the lease it grants ends. */
export async function confirmSubscription(
  { [KYSELY]: db }: DbHandle,
  feedId: number,
  at: Date,
  leaseSeconds: number,
): Promise<void> {
  await db
    .updateTable('websub_subscriptions')
    .set({
      state: 'active',
      verified_at: at.toISOString(),
      lease_until: new Date(at.getTime() + leaseSeconds * 1000).toISOString(),
      reason: null,
    })
    .where('feed_id', '=', feedId)
    .execute();
}

/** The hub denied it (hub.mode=denied) with its reason. */
export async function denySubscription(
  { [KYSELY]: db }: DbHandle,
  feedId: number,
  reason: string,
): Promise<void> {
  await db
    .updateTable('websub_subscriptions')
    .set({ state: 'denied', lease_until: null, reason })
    .where('feed_id', '=', feedId)
    .execute();
}

/**
 * Keeps what a hub pushed for the crawler and makes its feed due at once.
 * False when the feed has MAX_WAITING_PUSHES waiting already.
 */
export async function storePush(
  { [KYSELY]: db }: DbHandle,
  push: { feedId: number; body: Buffer; contentType: string | null; at: Date },
): Promise<boolean> {
  const at = push.at.toISOString();
  return db.transaction().execute(async (trx) => {
    const waiting = await trx
      .selectFrom('websub_pushes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('feed_id', '=', push.feedId)
      .executeTakeFirstOrThrow();
    if (Number(waiting.n) >= MAX_WAITING_PUSHES) return false;
    await trx
      .insertInto('websub_pushes')
      .values({
        feed_id: push.feedId,
        received_at: at,
        content_type: push.contentType,
        body: push.body.toString('base64'),
      })
      .execute();
    await trx
      .updateTable('websub_subscriptions')
      .set((eb) => ({ pushes: eb('pushes', '+', 1), last_push_at: at }))
      .where('feed_id', '=', push.feedId)
      .execute();
    await trx
      .updateTable('feeds')
      .set({ next_fetch_at: at })
      .where('id', '=', push.feedId)
      .where('next_fetch_at', '>', at)
      .execute();
    return true;
  });
}

/** The oldest push waiting for a feed, and whether more wait behind it. */
export async function nextPush(
  { [KYSELY]: db }: DbHandle,
  feedId: number,
): Promise<{ push: WebSubPush; more: boolean } | null> {
  const rows = await db
    .selectFrom('websub_pushes')
    .selectAll()
    .where('feed_id', '=', feedId)
    .orderBy('id')
    .limit(2)
    .execute();
  return rows[0] ? { push: rows[0], more: rows.length > 1 } : null;
}
