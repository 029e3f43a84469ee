// Readers' reports of images (migration 0006_image_reports): recorded once per
// reader per image, distinct readers counted, dismissed when an operator
// unblocks the image. The rules (who is a reader, when an image is blocked)
// live in src/moderation.
import { type DbHandle, KYSELY } from '../handle.ts';

export interface ReportRecord {
  imageId: number;
  addressHash: string;
  /** Null when the browser sent no reader cookie. */
  readerHash: string | null;
  at: Date;
}

/**
 * Records a report unless this reader already reported this image (the same
 * address hash, or the same cookie), dismissed reports included: a reader
 * counts once per image, ever. True when a new report was stored.
 */
export async function recordReport({ [KYSELY]: db }: DbHandle, r: ReportRecord): Promise<boolean> {
  if (r.readerHash !== null) {
    const byCookie = await db
      .selectFrom('image_reports')
      .select('id')
      .where('image_id', '=', r.imageId)
      .where('reader_hash', '=', r.readerHash)
      .executeTakeFirst();
    if (byCookie) return false;
  }
  const res = await db
    .insertInto('image_reports')
    .values({
      image_id: r.imageId,
      address_hash: r.addressHash,
      reader_hash: r.readerHash,
      created_at: r.at.toISOString(),
    })
    .onConflict((oc) => oc.columns(['image_id', 'address_hash']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Distinct readers whose reports of the image count (not dismissed by an operator). */
export async function countReports({ [KYSELY]: db }: DbHandle, imageId: number): Promise<number> {
  const r = await db
    .selectFrom('image_reports')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('image_id', '=', imageId)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** An operator unblocked the image: the reports so far stop counting. Returns how many. */
export async function dismissReports({ [KYSELY]: db }: DbHandle, imageId: number, at: Date): Promise<number> {
  const r = await db
    .updateTable('image_reports')
    .set({ dismissed_at: at.toISOString() })
    .where('image_id', '=', imageId)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
