// The operator's console's queries (migration 0007_console): operators,
// sessions, login attempts, the audit log, takedowns, console-made source
// changes and feed health. Functions over a Store, like image-queries.ts, so
// this file stays the console's own. Every operator action writes its audit
// row in the same transaction as the change it records.
import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  FeedConfig,
  SourceConfig,
  SourceExtractSettings,
  SourceFetchSettings,
} from '../sources/index.ts';
import { originOf } from './migrations.ts';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';
import { forgetArticleStory } from './story-queries.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Who did it: the operator in session (or the command line). */
export interface Actor {
  id: number | null;
  name: string;
}

// ── Operators ─────────────────────────────────────────────────────────────

export interface Operator {
  id: number;
  name: string;
  passwordHash: string;
  createdAt: string;
  lastLoginAt: string | null;
}

export async function findOperator(store: Store, name: string): Promise<Operator | null> {
  const r = await store.db.selectFrom('operators').selectAll().where('name', '=', name).executeTakeFirst();
  return r
    ? {
        id: Number(r.id),
        name: r.name,
        passwordHash: r.password_hash,
        createdAt: r.created_at,
        lastLoginAt: r.last_login_at,
      }
    : null;
}

export async function listOperators(store: Store): Promise<Array<Omit<Operator, 'passwordHash'>>> {
  const rows = await store.db
    .selectFrom('operators')
    .select(['id', 'name', 'created_at', 'last_login_at'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  }));
}

/**
 * Creates an operator, or sets the password of an existing one when
 * `replace` is true. Returns what happened; 'exists' when the name is taken
 * and `replace` is false.
 */
export async function saveOperator(
  store: Store,
  name: string,
  passwordHash: string,
  options: { replace?: boolean; now?: Date } = {},
): Promise<'created' | 'updated' | 'exists'> {
  const at = (options.now ?? new Date()).toISOString();
  return store.db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('operators').select('id').where('name', '=', name).executeTakeFirst();
    if (found) {
      if (!options.replace) return 'exists';
      await trx
        .updateTable('operators')
        .set({ password_hash: passwordHash })
        .where('id', '=', found.id)
        .execute();
      // A new password ends every session of the old one.
      await trx.deleteFrom('admin_sessions').where('operator_id', '=', Number(found.id)).execute();
      await writeAudit(trx, { id: null, name: 'cli' }, 'operator.password', name, null, at);
      return 'updated';
    }
    await trx.insertInto('operators').values({ name, password_hash: passwordHash, created_at: at }).execute();
    await writeAudit(trx, { id: null, name: 'cli' }, 'operator.create', name, null, at);
    return 'created';
  });
}

// ── Sessions ──────────────────────────────────────────────────────────────

export interface SessionRecord {
  operatorId: number;
  operatorName: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  store: Store,
  s: { idHash: string; operatorId: number; csrfToken: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('admin_sessions')
      .values({
        id_hash: s.idHash,
        operator_id: s.operatorId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      })
      .execute();
    await trx
      .updateTable('operators')
      .set({ last_login_at: s.createdAt })
      .where('id', '=', s.operatorId)
      .execute();
    // Expired sessions go when someone logs in: the table stays small.
    await trx.deleteFrom('admin_sessions').where('expires_at', '<=', s.createdAt).execute();
  });
}

export async function findSession(store: Store, idHash: string, now: Date): Promise<SessionRecord | null> {
  const r = await store.db
    .selectFrom('admin_sessions')
    .innerJoin('operators', 'operators.id', 'admin_sessions.operator_id')
    .select([
      'admin_sessions.operator_id',
      'operators.name',
      'admin_sessions.csrf_token',
      'admin_sessions.expires_at',
    ])
    .where('admin_sessions.id_hash', '=', idHash)
    .where('admin_sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return r
    ? {
        operatorId: Number(r.operator_id),
        operatorName: r.name,
        csrfToken: r.csrf_token,
        expiresAt: r.expires_at,
      }
    : null;
}

export async function deleteSession(store: Store, idHash: string): Promise<void> {
  await store.db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
}

// ── Login attempts ────────────────────────────────────────────────────────

export async function recordLoginAttempt(
  store: Store,
  a: { name: string; address: string; ok: boolean; at: Date },
): Promise<void> {
  const at = a.at.toISOString();
  await store.db
    .insertInto('login_attempts')
    .values({ name: a.name, address: a.address, ok: a.ok ? 1 : 0, at })
    .execute();
  // Attempts older than a day count for nothing any more.
  if (Math.random() < 0.05) {
    await store.db
      .deleteFrom('login_attempts')
      .where('at', '<', new Date(a.at.getTime() - 86_400_000).toISOString())
      .execute();
  }
}

/** Failed attempts since `since` for this name and from this address, and the oldest of each. */
export async function failedLogins(
  store: Store,
  name: string,
  address: string,
  since: Date,
): Promise<{
  byName: number;
  byAddress: number;
  oldestByName: string | null;
  oldestByAddress: string | null;
}> {
  const count = async (column: 'name' | 'address', value: string) =>
    store.db
      .selectFrom('login_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
      .where(column, '=', value)
      .where('ok', '=', 0)
      .where('at', '>', since.toISOString())
      .executeTakeFirstOrThrow();
  const [n, a] = await Promise.all([count('name', name), count('address', address)]);
  return {
    byName: Number(n.n),
    byAddress: Number(a.n),
    oldestByName: (n.oldest as string | null) ?? null,
    oldestByAddress: (a.oldest as string | null) ?? null,
  };
}

// ── The audit log ─────────────────────────────────────────────────────────

export interface AuditEntry {
  id: number;
  at: string;
  operatorName: string;
  action: string;
  target: string | null;
  details: string | null;
}

async function writeAudit(
  db: Db,
  actor: Actor,
  action: string,
  target: string | null,
  details: string | null,
  at: string,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at, operator_id: actor.id, operator_name: actor.name, action, target, details })
    .execute();
}

/** Records one operator action on its own (for actions whose change is made elsewhere). */
export async function audit(
  store: Store,
  actor: Actor,
  action: string,
  target: string | null,
  details: string | null = null,
  now: Date = new Date(),
): Promise<void> {
  await writeAudit(store.db, actor, action, target, details, now.toISOString());
}

export async function listAudit(
  store: Store,
  options: { limit: number; beforeId?: number | null; operator?: string | null },
): Promise<{ items: AuditEntry[]; next: number | null }> {
  let q = store.db.selectFrom('audit_log').selectAll();
  if (options.beforeId) q = q.where('id', '<', options.beforeId);
  if (options.operator) q = q.where('operator_name', '=', options.operator);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      at: r.at,
      operatorName: r.operator_name,
      action: r.action,
      target: r.target,
      details: r.details,
    })),
    next: rows.length > options.limit ? Number(page[page.length - 1]?.id) : null,
  };
}

// ── Takedowns ─────────────────────────────────────────────────────────────

export interface Takedown {
  id: number;
  kind: 'article' | 'source';
  sourceId: number;
  sourceSlug: string | null;
  articleId: number | null;
  title: string;
  url: string | null;
  reason: string;
  operatorName: string;
  articles: number;
  createdAt: string;
}

function toTakedown(r: {
  id: number;
  kind: string;
  source_id: number;
  article_id: number | null;
  title: string;
  url: string | null;
  reason: string;
  operator_name: string;
  articles: number;
  created_at: string;
  slug?: string | null;
}): Takedown {
  return {
    id: Number(r.id),
    kind: r.kind === 'source' ? 'source' : 'article',
    sourceId: Number(r.source_id),
    sourceSlug: r.slug ?? null,
    articleId: r.article_id === null ? null : Number(r.article_id),
    title: r.title,
    url: r.url,
    reason: r.reason,
    operatorName: r.operator_name,
    articles: Number(r.articles),
    createdAt: r.created_at,
  };
}

/**
 * Withdraws one article at the publisher's request: a tombstone (the crawler
 * never stores it again), the article removed (so lists, feeds out, sitemaps
 * and the API drop it), its old id remembered for the 410 page, and the audit
 * row — one transaction. Null when there is no such article.
 */
export async function takeDownArticle(
  store: Store,
  articleId: number,
  reason: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<Takedown | null> {
  const at = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
    const a = await trx
      .selectFrom('articles')
      .select(['id', 'source_id', 'identity', 'canonical_url', 'title'])
      .where('id', '=', articleId)
      .executeTakeFirst();
    if (!a) return null;
    await trx
      .insertInto('article_tombstones')
      .values({
        source_id: a.source_id,
        identity: a.identity,
        canonical_url: a.canonical_url,
        reason: `takedown: ${reason}`,
        removed_at: at,
      })
      .execute();
    const td = await trx
      .insertInto('takedowns')
      .values({
        kind: 'article',
        source_id: a.source_id,
        article_id: articleId,
        title: a.title,
        url: a.canonical_url,
        reason,
        operator_name: actor.name,
        articles: 1,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('takedown_articles')
      .values({ article_id: articleId, takedown_id: Number(td.id) })
      .onConflict((oc) => oc.column('article_id').doNothing())
      .execute();
    await trx.deleteFrom('article_images').where('article_id', '=', articleId).execute();
    await forgetArticleStory(trx, store.dialect, articleId, at);
    await trx.deleteFrom('articles').where('id', '=', articleId).execute();
    await writeAudit(trx, actor, 'takedown.article', `article ${articleId}`, `${a.title} — ${reason}`, at);
    const source = await trx
      .selectFrom('sources')
      .select('slug')
      .where('id', '=', a.source_id)
      .executeTakeFirst();
    return toTakedown({
      id: Number(td.id),
      kind: 'article',
      source_id: a.source_id,
      article_id: articleId,
      title: a.title,
      url: a.canonical_url,
      reason,
      operator_name: actor.name,
      articles: 1,
      created_at: at,
      slug: source?.slug ?? null,
    });
  });
}

/**
 * Withdraws a whole source: it is disabled and marked taken down (no crawl
 * takes it again, and the sync from the sources file leaves it off), every
 * article gets a tombstone and is removed, their ids kept for the 410 page.
 */
export async function takeDownSource(
  store: Store,
  slug: string,
  reason: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<Takedown | null> {
  const at = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
    const s = await trx
      .selectFrom('sources')
      .select(['id', 'name', 'homepage'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!s) return null;
    const sourceId = Number(s.id);
    await trx
      .updateTable('sources')
      .set({ enabled: 0, taken_down_at: at, updated_at: at })
      .where('id', '=', sourceId)
      .execute();
    // Leases end: a worker polling it now finds it off at its next lease.
    await trx
      .updateTable('feeds')
      .set({ lease_owner: null, lease_until: null })
      .where('source_id', '=', sourceId)
      .execute();
    const td = await trx
      .insertInto('takedowns')
      .values({
        kind: 'source',
        source_id: sourceId,
        article_id: null,
        title: s.name,
        url: s.homepage,
        reason,
        operator_name: actor.name,
        articles: 0,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const takedownId = Number(td.id);
    await trx
      .insertInto('article_tombstones')
      .columns(['source_id', 'identity', 'canonical_url', 'reason', 'removed_at'])
      .expression((eb) =>
        eb
          .selectFrom('articles')
          .select([
            'source_id',
            'identity',
            'canonical_url',
            sql<string>`cast(${`takedown: ${reason}`} as text)`.as('reason'),
            sql<string>`cast(${at} as text)`.as('removed_at'),
          ])
          .where('source_id', '=', sourceId),
      )
      .execute();
    await trx
      .insertInto('takedown_articles')
      .columns(['article_id', 'takedown_id'])
      .expression((eb) =>
        eb
          .selectFrom('articles')
          .select(['id', sql<number>`cast(${takedownId} as integer)`.as('takedown_id')])
          .where('source_id', '=', sourceId)
          .where('id', 'not in', (sub) => sub.selectFrom('takedown_articles').select('article_id')),
      )
      .execute();
    const ofSource = () => trx.selectFrom('articles').select('id').where('source_id', '=', sourceId);
    await trx.deleteFrom('article_images').where('article_id', 'in', ofSource()).execute();
    // Out of the story machinery too: its bands and terms in bulk, then the
    // stories it was part of recounted one by one (as takeDownArticle does).
    await trx.deleteFrom('story_bands').where('article_id', 'in', ofSource()).execute();
    await trx.deleteFrom('story_signatures').where('article_id', 'in', ofSource()).execute();
    const inStories = await trx
      .selectFrom('articles')
      .select('id')
      .where('source_id', '=', sourceId)
      .where('story_id', 'is not', null)
      .execute();
    for (const r of inStories) await forgetArticleStory(trx, store.dialect, Number(r.id), at);
    const deleted = await trx.deleteFrom('articles').where('source_id', '=', sourceId).executeTakeFirst();
    const count = Number(deleted.numDeletedRows);
    await trx.updateTable('takedowns').set({ articles: count }).where('id', '=', takedownId).execute();
    await writeAudit(trx, actor, 'takedown.source', `source ${slug}`, `${count} article(s) — ${reason}`, at);
    return toTakedown({
      id: takedownId,
      kind: 'source',
      source_id: sourceId,
      article_id: null,
      title: s.name,
      url: s.homepage,
      reason,
      operator_name: actor.name,
      articles: count,
      created_at: at,
      slug,
    });
  });
}

/** The takedown that removed this article id, if any: for the 410 page (the article is already not found). */
export async function findArticleTakedown(store: Store, articleId: number): Promise<Takedown | null> {
  const r = await store.db
    .selectFrom('takedown_articles')
    .innerJoin('takedowns', 'takedowns.id', 'takedown_articles.takedown_id')
    .leftJoin('sources', 'sources.id', 'takedowns.source_id')
    .selectAll('takedowns')
    .select('sources.slug')
    .where('takedown_articles.article_id', '=', articleId)
    .executeTakeFirst();
  return r ? toTakedown({ ...r, id: Number(r.id) }) : null;
}

export async function listTakedowns(store: Store, limit = 200): Promise<Takedown[]> {
  const rows = await store.db
    .selectFrom('takedowns')
    .leftJoin('sources', 'sources.id', 'takedowns.source_id')
    .selectAll('takedowns')
    .select('sources.slug')
    .orderBy('takedowns.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => toTakedown({ ...r, id: Number(r.id) }));
}

/** An article as the takedown form shows it before the operator confirms. */
export async function articleForTakedown(
  store: Store,
  id: number,
): Promise<{
  id: number;
  title: string;
  url: string | null;
  sourceSlug: string;
  sourceName: string;
  publishedAt: string;
} | null> {
  const r = await store.db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select([
      'articles.id',
      'articles.title',
      'articles.canonical_url',
      'articles.published_at',
      'sources.slug',
      'sources.name',
    ])
    .where('articles.id', '=', id)
    .executeTakeFirst();
  return r
    ? {
        id: Number(r.id),
        title: r.title,
        url: r.canonical_url,
        sourceSlug: r.slug,
        sourceName: r.name,
        publishedAt: r.published_at,
      }
    : null;
}

/** Finds an article by its publisher URL (what a publisher's request names). */
export async function articleIdByUrl(store: Store, url: string): Promise<number | null> {
  const r = await store.db
    .selectFrom('articles')
    .select('id')
    .where('canonical_url', '=', url)
    .limit(1)
    .executeTakeFirst();
  return r ? Number(r.id) : null;
}

// ── Sources, as the console changes them ─────────────────────────────────

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

function settingsOf(json: string): { fetch?: SourceFetchSettings; extract?: SourceExtractSettings } {
  try {
    const parsed = JSON.parse(json) as { fetch?: SourceFetchSettings; extract?: SourceExtractSettings };
    return {
      ...(parsed.fetch && Object.keys(parsed.fetch).length ? { fetch: parsed.fetch } : {}),
      ...(parsed.extract && Object.keys(parsed.extract).length ? { extract: parsed.extract } : {}),
    };
  } catch {
    return {};
  }
}

export async function listConsoleSources(store: Store): Promise<ConsoleSource[]> {
  const sources = await store.db.selectFrom('sources').selectAll().orderBy('slug').execute();
  const feeds = await store.db.selectFrom('feeds').selectAll().orderBy('id').execute();
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

async function writeFeeds(
  trx: Transaction<Database>,
  sourceId: number,
  feeds: FeedConfig[],
  at: string,
): Promise<void> {
  const existing = await trx
    .selectFrom('feeds')
    .select(['id', 'url'])
    .where('source_id', '=', sourceId)
    .execute();
  const byUrl = new Map(existing.map((f) => [f.url, Number(f.id)]));
  const wanted = new Set<string>();
  for (const feed of feeds) {
    wanted.add(feed.url);
    const id = byUrl.get(feed.url);
    if (id === undefined) {
      await trx
        .insertInto('feeds')
        .values({
          source_id: sourceId,
          url: feed.url,
          origin: originOf(feed.url),
          category: feed.category ?? null,
          enabled: 1,
          status: 'new',
          next_fetch_at: at,
          interval_s: 900,
          consecutive_errors: 0,
          created_at: at,
        })
        .execute();
    } else {
      await trx
        .updateTable('feeds')
        .set({ category: feed.category ?? null, enabled: 1 })
        .where('id', '=', id)
        .execute();
    }
  }
  const gone = existing.filter((f) => !wanted.has(f.url)).map((f) => Number(f.id));
  if (gone.length) await trx.updateTable('feeds').set({ enabled: 0 }).where('id', 'in', gone).execute();
}

function sourceValues(source: SourceConfig, at: string) {
  return {
    name: source.name,
    homepage: source.homepage,
    language: source.language,
    timezone: source.timezone,
    mode: source.mode,
    enabled: source.enabled ? 1 : 0,
    settings_json: JSON.stringify({ fetch: source.fetch ?? {}, extract: source.extract ?? {} }),
    updated_at: at,
    managed_by: 'console',
  };
}

/** Adds a source made in the console. 'exists' when the slug is taken. */
export async function createConsoleSource(
  store: Store,
  source: SourceConfig,
  actor: Actor,
  now: Date = new Date(),
): Promise<'created' | 'exists'> {
  const at = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
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
    await writeFeeds(trx, Number(row.id), source.feeds, at);
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
  store: Store,
  source: SourceConfig,
  actor: Actor,
  now: Date = new Date(),
): Promise<boolean> {
  const at = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
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
    await writeFeeds(trx, Number(found.id), source.feeds, at);
    await writeAudit(trx, actor, 'source.edit', `source ${source.slug}`, null, at);
    return true;
  });
}

/** Pauses or resumes a source from the console. */
export async function setConsoleSourceEnabled(
  store: Store,
  slug: string,
  enabled: boolean,
  actor: Actor,
  now: Date = new Date(),
): Promise<'ok' | 'missing' | 'taken_down'> {
  const at = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
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
  store: Store,
  slug: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<boolean> {
  const at = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
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
export async function knownFeedUrls(store: Store): Promise<Set<string>> {
  const rows = await store.db.selectFrom('feeds').select(['url', 'effective_url']).execute();
  const out = new Set<string>();
  for (const r of rows) {
    out.add(r.url);
    if (r.effective_url) out.add(r.effective_url);
  }
  return out;
}

// ── Feed health ───────────────────────────────────────────────────────────

export interface FeedHealth extends ConsoleFeed {
  sourceSlug: string;
  sourceName: string;
  sourceEnabled: boolean;
  /** Articles per day over the window (by publication date). */
  perDay: number;
  /** Median delay from publication to ingestion over recent articles with a real date, in seconds. */
  medianDelayS: number | null;
  delaySamples: number;
}

const HEALTH_DAYS = 7;
const DELAY_SAMPLES = 50;
/** At most this many recent articles are read for the figures (a few MB). */
const HEALTH_MAX_ROWS = 50_000;

export async function feedHealth(store: Store, now: Date = new Date()): Promise<FeedHealth[]> {
  const sources = await listConsoleSources(store);
  const since = new Date(now.getTime() - HEALTH_DAYS * 86_400_000).toISOString();
  // The window's articles by publication date (the date index), newest first:
  // a few thousand rows even for a big installation.
  const rows = await store.db
    .selectFrom('articles')
    .select(['feed_id', 'published_at', 'fetched_at', 'published_at_guessed'])
    .where('published_at', '>=', since)
    .where('published_at', '<=', now.toISOString())
    .orderBy('published_at', 'desc')
    .limit(HEALTH_MAX_ROWS)
    .execute();
  // A very busy installation: the window is what the newest rows cover.
  const oldest = rows.length === HEALTH_MAX_ROWS ? rows[rows.length - 1]?.published_at : undefined;
  const days = oldest ? Math.max(1 / 24, (now.getTime() - Date.parse(oldest)) / 86_400_000) : HEALTH_DAYS;
  const counts = new Map<number, number>();
  const delays = new Map<number, number[]>();
  for (const r of rows) {
    if (r.feed_id === null) continue;
    const feedId = Number(r.feed_id);
    counts.set(feedId, (counts.get(feedId) ?? 0) + 1);
    if (Number(r.published_at_guessed) === 1) continue;
    const list = delays.get(feedId) ?? [];
    if (list.length >= DELAY_SAMPLES) continue;
    const d = (Date.parse(r.fetched_at) - Date.parse(r.published_at)) / 1000;
    if (Number.isFinite(d)) list.push(Math.max(0, d));
    delays.set(feedId, list);
  }
  const out: FeedHealth[] = [];
  for (const s of sources) {
    for (const f of s.feeds) {
      if (!f.enabled) continue;
      const d = delays.get(f.id) ?? [];
      out.push({
        ...f,
        sourceSlug: s.config.slug,
        sourceName: s.config.name,
        sourceEnabled: s.config.enabled,
        perDay: (counts.get(f.id) ?? 0) / days,
        medianDelayS: median(d),
        delaySamples: d.length,
      });
    }
  }
  return out;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Counts for the console's front page. */
export async function consoleCounts(
  store: Store,
): Promise<{ sources: number; feeds: number; failing: number; takedowns: number }> {
  const one = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  const [sources, feeds, failing, takedowns] = await Promise.all([
    one(
      store.db
        .selectFrom('sources')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('enabled', '=', 1)
        .executeTakeFirstOrThrow(),
    ),
    one(
      store.db
        .selectFrom('feeds')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('enabled', '=', 1)
        .executeTakeFirstOrThrow(),
    ),
    one(
      store.db
        .selectFrom('feeds')
        .innerJoin('sources', 'sources.id', 'feeds.source_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('feeds.enabled', '=', 1)
        .where('sources.enabled', '=', 1)
        .where('feeds.status', 'in', ['error', 'failing'])
        .executeTakeFirstOrThrow(),
    ),
    one(
      store.db
        .selectFrom('takedowns')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  ]);
  return { sources, feeds, failing, takedowns };
}
