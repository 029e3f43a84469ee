// Images as the image proxy knows them (migration 0005_image_cache): an
// image's row, what a fetch found (hash, type, size), and blocks, which hold
// for the same bytes under another URL too.
import { type DbHandle, KYSELY } from '../handle.ts';

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

export async function getImage({ [KYSELY]: db }: DbHandle, id: number): Promise<StoredImage | null> {
  const r = await db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
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
export async function recordImageFetch(
  { [KYSELY]: db }: DbHandle,
  id: number,
  fetch: ImageFetchRecord,
): Promise<void> {
  await db
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
export async function blockImage(
  { [KYSELY]: db }: DbHandle,
  id: number,
  now: Date = new Date(),
): Promise<boolean> {
  const r = await db
    .updateTable('images')
    .set({ blocked: 1, blocked_at: now.toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function unblockImage({ [KYSELY]: db }: DbHandle, id: number): Promise<boolean> {
  const r = await db
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
export async function isImageBlocked({ [KYSELY]: db }: DbHandle, id: number): Promise<boolean> {
  const r = await db
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

/** The blocked images whose bytes have this hash (the same picture under several URLs). */
export async function blockedImagesWithHash(
  { [KYSELY]: db }: DbHandle,
  contentHash: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('images')
    .select('id')
    .where('content_hash', '=', contentHash)
    .where('blocked', '=', 1)
    .execute();
  return rows.map((r) => Number(r.id));
}
