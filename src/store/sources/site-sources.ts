// The sources as the reader's site lists them.
import { type DbHandle, KYSELY } from '../handle.ts';

export interface SiteSource {
  id: number;
  slug: string;
  name: string;
  homepage: string;
  language: string;
  enabled: boolean;
}

/** Every source, enabled or not (a paused source's articles stay readable). */
export async function siteSources({ [KYSELY]: db }: DbHandle): Promise<SiteSource[]> {
  const rows = await db
    .selectFrom('sources')
    .select(['id', 'slug', 'name', 'homepage', 'language', 'enabled'])
    // A source taken down at its publisher's request leaves the site (0007_console).
    .where('taken_down_at', 'is', null)
    .orderBy('slug')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), enabled: Number(r.enabled) === 1 }));
}
