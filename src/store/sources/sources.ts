// Source rows: the sources file's sync, and the registry as the crawler and
// the site list it.
import { sql } from 'kysely';
import type { SourceConfig } from '../../sources/index.ts';
import { type DbHandle, KYSELY } from '../handle.ts';
import { retryDeadlock } from '../retry-deadlock.ts';
import type { FeedRow, SourceRow } from '../schema.ts';
import { writeSourceFeeds } from './feeds.ts';

export interface SourceWithFeeds {
  slug: string;
  name: string;
  language: string;
  homepage: string;
  enabled: boolean;
  feeds: FeedRow[];
}

/**
 * A source's columns as its config gives them (all but slug, created_at and
 * who manages it), written alike by the file's sync and the console.
 */
export function sourceColumns(source: SourceConfig, at: string) {
  return {
    name: source.name,
    homepage: source.homepage,
    language: source.language,
    timezone: source.timezone,
    mode: source.mode,
    enabled: source.enabled ? 1 : 0,
    settings_json: JSON.stringify({ fetch: source.fetch ?? {}, extract: source.extract ?? {} }),
    updated_at: at,
  };
}

/**
 * Makes the database agree with the sources file: new sources and feeds
 * are added, changed ones updated, and ones no longer in the file disabled
 * (never deleted: their articles stay).
 */
export async function syncSources(
  handle: DbHandle,
  sources: SourceConfig[],
  now: Date = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await retryDeadlock(() => syncSourcesOnce(handle, sources, at));
}

async function syncSourcesOnce(
  { [KYSELY]: db, dialect }: DbHandle,
  sources: SourceConfig[],
  at: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Every process syncs at start; on PostgreSQL they take turns (SQLite's
    // BEGIN IMMEDIATE already does that).
    if (dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext('kiosque:sync-sources'))`.execute(trx);
    const existing = await trx.selectFrom('sources').selectAll().execute();
    const bySlug = new Map(existing.map((s) => [s.slug, s]));
    // Sources made or edited in the console, and sources taken down, are
    // the console's: the file neither changes nor disables them (0007_console).
    const held = new Set(
      existing.filter((s) => s.managed_by === 'console' || s.taken_down_at !== null).map((s) => s.slug),
    );
    const seen = new Set<string>();
    for (const source of sources) {
      seen.add(source.slug);
      if (held.has(source.slug)) continue;
      const values = sourceColumns(source, at);
      const before = bySlug.get(source.slug);
      let sourceId = before?.id;
      // Unchanged rows are not written: every process syncs the same file at
      // start, and a write would lock rows the running workers hold too.
      const changed =
        !before ||
        before.name !== values.name ||
        before.homepage !== values.homepage ||
        before.language !== values.language ||
        before.timezone !== values.timezone ||
        before.mode !== values.mode ||
        Number(before.enabled) !== values.enabled ||
        before.settings_json !== values.settings_json;
      if (sourceId === undefined) {
        const row = await trx
          .insertInto('sources')
          .values({ slug: source.slug, created_at: at, ...values })
          .returning('id')
          .executeTakeFirstOrThrow();
        sourceId = Number(row.id);
      } else if (changed) {
        await trx.updateTable('sources').set(values).where('id', '=', sourceId).execute();
      }
      await writeSourceFeeds(trx, sourceId, source.feeds, at);
    }
    const removed = existing
      .filter((s) => !seen.has(s.slug) && !held.has(s.slug) && Number(s.enabled) !== 0)
      .map((s) => s.id);
    if (removed.length) {
      await trx
        .updateTable('sources')
        .set({ enabled: 0, updated_at: at })
        .where('id', 'in', removed)
        .execute();
    }
  });
}

export async function listSourcesWithFeeds({ [KYSELY]: db }: DbHandle): Promise<SourceWithFeeds[]> {
  // A source taken down at its publisher's request is not listed (0007_console).
  const sources = await db
    .selectFrom('sources')
    .selectAll()
    .where('taken_down_at', 'is', null)
    .orderBy('slug')
    .execute();
  const feeds = await db.selectFrom('feeds').selectAll().orderBy('id').execute();
  const bySource = new Map<number, FeedRow[]>();
  for (const f of feeds) {
    const list = bySource.get(f.source_id) ?? [];
    list.push(f);
    bySource.set(f.source_id, list);
  }
  return sources.map((s: SourceRow) => ({
    slug: s.slug,
    name: s.name,
    language: s.language,
    homepage: s.homepage,
    enabled: s.enabled === 1,
    feeds: bySource.get(s.id) ?? [],
  }));
}

export async function sourceExists({ [KYSELY]: db }: DbHandle, slug: string): Promise<boolean> {
  const row = await db.selectFrom('sources').select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}
