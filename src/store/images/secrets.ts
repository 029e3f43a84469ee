// Secrets every web process must share (the report form's CSRF key, the
// address-hash salt), made once and kept in the database (0006_image_reports).
import { type DbHandle, KYSELY } from '../handle.ts';

/**
 * The secret stored under `name`, made by `make` on first use. Processes
 * starting together agree: the first insert wins and everyone reads it back.
 */
export async function getOrCreateSecret(
  { [KYSELY]: db }: DbHandle,
  name: string,
  make: () => string,
): Promise<string> {
  const have = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirst();
  if (have) return have.value;
  await db
    .insertInto('app_secrets')
    .values({ name, value: make(), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
