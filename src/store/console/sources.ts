// Sources and feeds as the console changes them. A source made or edited here
// becomes the console's (managed_by = 'console'): the sync from the sources
// file leaves it alone until the operator releases it.
import type {
  FeedConfig,
  SourceConfig,
  SourceExtractSettings,
  SourceFetchSettings,
} from '../../sources/index.ts';
import { type DbHandle, KYSELY } from '../handle.ts';
import { sourceColumns, writeSourceFeeds } from '../sources/index.ts';
import { parseSourceSettings } from '../sources/settings.ts';
import { type Actor, writeAudit } from './audit.ts';

export interface ConsoleFeed {
  id: number;
  url: string;
  effectiveUrl: string | null;
  category: string | null;
  enabled: boolean;
  status: string;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  lastErrorKind: string | null;
  lastErrorMessage: string | null;
  lastErrorAt: string | null;
  lastStatus: number | null;
  nextFetchAt: string;
  intervalS: number;
  consecutiveErrors: number;
  failingSince: string | null;
}

export interface ConsoleSource {
  id: number;
  config: SourceConfig;
  managedBy: 'file' | 'console';
  takenDownAt: string | null;
  feeds: ConsoleFeed[];
}

/** The settings the console's form shows: only the groups a source sets. */
function settingsOf(json: string): { fetch?: SourceFetchSettings; extract?: SourceExtractSettings } {
  const parsed = parseSourceSettings(json);
  return {
    ...(Object.keys(parsed.fetch).length ? { fetch: parsed.fetch } : {}),
    ...(Object.keys(parsed.extract).length ? { extract: parsed.extract } : {}),
  };
}

export async function listConsoleSources({ [KYSELY]: db }: DbHandle): Promise<ConsoleSource[]> {
  const sources = await db.selectFrom('sources').selectAll().orderBy('slug').execute();
  const feeds = await db.selectFrom('feeds').selectAll().orderBy('id').execute();
  const bySource = new Map<number, ConsoleFeed[]>();
  for (const f of feeds) {
    const list = bySource.get(Number(f.source_id)) ?? [];
    list.push({
      id: Number(f.id),
      url: f.url,
      effectiveUrl: f.effective_url,
      category: f.category,
      enabled: Number(f.enabled) === 1,
      status: f.status,
      lastFetchedAt: f.last_fetched_at,
      lastSuccessAt: f.last_success_at,
      lastErrorKind: f.last_error_kind,
      lastErrorMessage: f.last_error_message,
      lastErrorAt: f.last_error_at,
      lastStatus: f.last_status === null ? null : Number(f.last_status),
      nextFetchAt: f.next_fetch_at,
      intervalS: Number(f.interval_s),
      consecutiveErrors: Number(f.consecutive_errors),
      failingSince: f.failing_since,
    });
    bySource.set(Number(f.source_id), list);
  }
  return sources.map((s) => {
    const list = bySource.get(Number(s.id)) ?? [];
    return {
      id: Number(s.id),
      managedBy: s.managed_by === 'console' ? 'console' : 'file',
      takenDownAt: s.taken_down_at,
      feeds: list,
      config: {
        slug: s.slug,
        name: s.name,
        homepage: s.homepage,
        language: s.language === 'ar' ? 'ar' : 'fr',
        timezone: s.timezone,
        mode: s.mode === 'excerpt' || s.mode === 'title' ? s.mode : 'full',
        enabled: Number(s.enabled) === 1,
        feeds: list
          .filter((f) => f.enabled)
          .map((f): FeedConfig => (f.category ? { url: f.url, category: f.category } : { url: f.url })),
        ...settingsOf(s.settings_json),
      },
    };
  });
}

// A source's columns as the sources file's sync writes them, and the console's from now on.
function sourceValues(source: SourceConfig, at: string) {
  return { ...sourceColumns(source, at), managed_by: 'console' };
}

/** Adds a source made in the console. 'exists' when the slug is taken. */
export async function createConsoleSource(
  { [KYSELY]: db }: DbHandle,
  source: SourceConfig,
  actor: Actor,
  now: Date = new Date(),
): Promise<'created' | 'exists'> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('sources')
      .select('id')
      .where('slug', '=', source.slug)
      .executeTakeFirst();
    if (found) return 'exists';
    const row = await trx
      .insertInto('sources')
      .values({ slug: source.slug, created_at: at, ...sourceValues(source, at) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeSourceFeeds(trx, Number(row.id), source.feeds, at);
    await writeAudit(
      trx,
      actor,
      'source.create',
      `source ${source.slug}`,
      source.feeds.map((f) => f.url).join(' '),
      at,
    );
    return 'created';
  });
}

/** Changes a source from the console: it is the console's from now on (the file's sync leaves it alone). */
export async function updateConsoleSource(
  { [KYSELY]: db }: DbHandle,
  source: SourceConfig,
  actor: Actor,
  now: Date = new Date(),
): Promise<boolean> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('sources')
      .select(['id', 'taken_down_at'])
      .where('slug', '=', source.slug)
      .executeTakeFirst();
    if (!found) return false;
    const values = sourceValues(source, at);
    // A source taken down stays off: only a new decision, not an edit, brings it back.
    if (found.taken_down_at) values.enabled = 0;
    await trx.updateTable('sources').set(values).where('id', '=', found.id).execute();
    await writeSourceFeeds(trx, Number(found.id), source.feeds, at);
    await writeAudit(trx, actor, 'source.edit', `source ${source.slug}`, null, at);
    return true;
  });
}

/** Pauses or resumes a source from the console. */
export async function setConsoleSourceEnabled(
  { [KYSELY]: db }: DbHandle,
  slug: string,
  enabled: boolean,
  actor: Actor,
  now: Date = new Date(),
): Promise<'ok' | 'missing' | 'taken_down'> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('sources')
      .select(['id', 'taken_down_at'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!found) return 'missing';
    if (enabled && found.taken_down_at) return 'taken_down';
    await trx
      .updateTable('sources')
      .set({ enabled: enabled ? 1 : 0, managed_by: 'console', updated_at: at })
      .where('id', '=', found.id)
      .execute();
    await writeAudit(trx, actor, enabled ? 'source.enable' : 'source.disable', `source ${slug}`, null, at);
    return 'ok';
  });
}

/** Gives a source back to the sources file: the next sync (at the next start) applies the file to it. */
export async function releaseSourceToFile(
  { [KYSELY]: db }: DbHandle,
  slug: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<boolean> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('sources')
      .set({ managed_by: 'file', updated_at: at })
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!Number(r.numUpdatedRows)) return false;
    await writeAudit(trx, actor, 'source.release', `source ${slug}`, null, at);
    return true;
  });
}

/** Every feed URL (configured or effective) already known, for imports that must not add a feed twice. */
export async function knownFeedUrls({ [KYSELY]: db }: DbHandle): Promise<Set<string>> {
  const rows = await db.selectFrom('feeds').select(['url', 'effective_url']).execute();
  const out = new Set<string>();
  for (const r of rows) {
    out.add(r.url);
    if (r.effective_url) out.add(r.effective_url);
  }
  return out;
}
