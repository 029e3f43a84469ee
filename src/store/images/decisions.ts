// The last decision on an image (image_moderation): blocked by the readers'
// reports, or blocked, confirmed or unblocked by an operator.
import { type DbHandle, KYSELY } from '../handle.ts';

export type ImageDecision = 'blocked' | 'confirmed' | 'unblocked';

/** Remembers the last decision on an image and who took it ('reports' or an operator's name). */
export async function recordDecision(
  { [KYSELY]: db }: DbHandle,
  imageId: number,
  status: ImageDecision,
  by: string,
  reason: string | null,
  at: Date,
): Promise<void> {
  const values = { status, decided_by: by, reason, decided_at: at.toISOString() };
  await db
    .insertInto('image_moderation')
    .values({ image_id: imageId, ...values })
    .onConflict((oc) => oc.column('image_id').doUpdateSet(values))
    .execute();
}
