// The image proxy's and the page cache's queries (migration 0005_image_cache):
// an image's row, what a fetch found (hash, type, size), blocks, and the
// site version that tells web processes their cached pages are stale.
// Functions over a Store rather than methods on it, so this file stays the
// image proxy's own; the moderation issue blocks images through it.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';

export interface StoredImage {
  id: number;
  /** The publisher's URL. */
  url: string;
  blocked: boolean;
  blockedAt: string | null;
  /** sha256 of the bytes, hex, once fetched. */
  contentHash: string | null;
  contentType: string | null;
  width: number | null;
  height: number | null;
  fetchedAt: string | null;
}

export interface ImageFetchRecord {
  contentHash: string;
  contentType: string;
  width: number | null;
  height: number | null;
  at: string;
}

function db(store: Store): Kysely<Database> {
  return store.db;
}

export async function getImage(store: Store, id: number): Promise<StoredImage | null> {
  const r = await db(store).selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    id: Number(r.id),
    url: r.url,
    blocked: Number(r.blocked) === 1,
    blockedAt: r.blocked_at,
    contentHash: r.content_hash,
    contentType: r.content_type,
    width: r.width === null ? null : Number(r.width),
    height: r.height === null ? null : Number(r.height),
    fetchedAt: r.fetched_at,
  };
}

/** What fetching the image's bytes found: the hash links it to blocks on the same bytes elsewhere. */
export async function recordImageFetch(store: Store, id: number, fetch: ImageFetchRecord): Promise<void> {
  await db(store)
    .updateTable('images')
    .set({
      content_hash: fetch.contentHash,
      content_type: fetch.contentType,
      width: fetch.width,
      height: fetch.height,
      fetched_at: fetch.at,
    })
    .where('id', '=', id)
    .execute();
}

/** Blocks an image; false when there is no such id. */
export async function blockImage(store: Store, id: number, now: Date = new Date()): Promise<boolean> {
  const r = await db(store)
    .updateTable('images')
    .set({ blocked: 1, blocked_at: now.toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function unblockImage(store: Store, id: number): Promise<boolean> {
  const r = await db(store)
    .updateTable('images')
    .set({ blocked: 0, blocked_at: null })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * True when the image is blocked, or when its bytes (by sha256) are those of
 * another image that is: a reported picture re-uploaded under a new URL
 * stays blocked. False for an unknown id.
 */
export async function isImageBlocked(store: Store, id: number): Promise<boolean> {
  const r = await db(store)
    .selectFrom('images as i')
    .select((eb) => [
      'i.blocked',
      eb
        .exists(
          eb
            .selectFrom('images as same')
            .select('same.id')
            .whereRef('same.content_hash', '=', 'i.content_hash')
            .where('same.blocked', '=', 1),
        )
        .as('same_bytes_blocked'),
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!r) return false;
  return Number(r.blocked) === 1 || Boolean(r.same_bytes_blocked);
}

/**
 * A number that changes whenever an article is inserted, updated or deleted,
 * or a source changes (kept by triggers, see 0005_image_cache): pages cached
 * under an older version are stale.
 */
export async function readSiteVersion(store: Store): Promise<number> {
  const r = await db(store)
    .selectFrom('site_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirst();
  return Number(r?.version ?? 0);
}
