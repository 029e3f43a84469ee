// Takedowns at a publisher's request: an article or a whole source withdrawn
// (the removal itself is ../articles/removal.ts: tombstones so the crawler
// never stores them again, the rows removed, their ids kept for the 410
// page), their audit rows, and what the takedown form looks up.
import { withdrawArticles } from '../articles/removal.ts';
import { type DbHandle, KYSELY } from '../handle.ts';
import { type Actor, writeAudit } from './audit.ts';

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
  { [KYSELY]: db, dialect }: DbHandle,
  articleId: number,
  reason: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<Takedown | null> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const a = await trx
      .selectFrom('articles')
      .select(['id', 'source_id', 'canonical_url', 'title'])
      .where('id', '=', articleId)
      .executeTakeFirst();
    if (!a) return null;
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
    await withdrawArticles(trx, dialect, { articleId }, { id: Number(td.id), reason }, at);
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
  { [KYSELY]: db, dialect }: DbHandle,
  slug: string,
  reason: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<Takedown | null> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
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
    const count = await withdrawArticles(trx, dialect, { sourceId }, { id: takedownId, reason }, at);
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
export async function findArticleTakedown(
  { [KYSELY]: db }: DbHandle,
  articleId: number,
): Promise<Takedown | null> {
  const r = await db
    .selectFrom('takedown_articles')
    .innerJoin('takedowns', 'takedowns.id', 'takedown_articles.takedown_id')
    .leftJoin('sources', 'sources.id', 'takedowns.source_id')
    .selectAll('takedowns')
    .select('sources.slug')
    .where('takedown_articles.article_id', '=', articleId)
    .executeTakeFirst();
  return r ? toTakedown({ ...r, id: Number(r.id) }) : null;
}

export async function listTakedowns({ [KYSELY]: db }: DbHandle, limit = 200): Promise<Takedown[]> {
  const rows = await db
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
  { [KYSELY]: db }: DbHandle,
  id: number,
): Promise<{
  id: number;
  title: string;
  url: string | null;
  sourceSlug: string;
  sourceName: string;
  publishedAt: string;
} | null> {
  const r = await db
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
export async function articleIdByUrl({ [KYSELY]: db }: DbHandle, url: string): Promise<number | null> {
  const r = await db
    .selectFrom('articles')
    .select('id')
    .where('canonical_url', '=', url)
    .limit(1)
    .executeTakeFirst();
  return r ? Number(r.id) : null;
}
