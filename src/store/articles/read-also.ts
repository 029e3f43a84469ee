// "Lire aussi" (article_read_also): the articles related to one, found in
// the search index and kept a while.
import { type DbHandle, dbOf } from '../handle.ts';
import { compiledFor } from '../compiled.ts';
import { relatedArticles } from '../search/index.ts';
import type { KeptReadAlso } from './article.ts';
import { inIdOrder, listSiteArticles } from './lists.ts';

/** How long a found "Lire aussi" list is kept before it is looked for again. */
const READ_ALSO_TTL_MS = 6 * 3_600_000;
/** How many related articles are kept: a few more than a page shows, for those that leave (same story, takedown). */
const READ_ALSO_KEPT = 8;

/** What "Lire aussi" shows of an article: its title and date, and its link (its source). */
export interface ReadAlsoArticle {
  id: number;
  sourceId: number;
  title: string;
  publishedAt: string;
  storyId?: number | null;
}

/**
 * "Lire aussi": articles related by text (BM25 over the article's key
 * terms, through the search index: relatedArticles), within
 * `sourceIds` (the edition's; by default the article's own source), never
 * of the article's story, recent first among the strong matches. When too
 * few are related enough, the newest of the same source and category fill
 * the list, then the newest of the same source: a page always leads on.
 *
 * The article's `storyId` and `keptReadAlso`, when given, are taken as they
 * are now (the page has just read the article, siteArticle); without them,
 * they are read here, and an article that is gone has no list.
 */
export async function readAlso(
  handle: DbHandle,
  article: {
    id: number;
    sourceId: number;
    category?: string | null;
    storyId?: number | null;
    keptReadAlso?: KeptReadAlso | null;
  },
  limit: number,
  sourceIds: number[] = [article.sourceId],
): Promise<ReadAlsoArticle[]> {
  const db = dbOf(handle);
  let storyId: number | null;
  if (article.storyId !== undefined) storyId = article.storyId;
  else {
    const [row] = await compiledFor(db).run(
      'read-also-story',
      (arg) => db.selectFrom('articles').select('story_id').where('id', '=', arg(0)),
      [article.id],
    );
    if (!row) return [];
    storyId = row.story_id === null ? null : Number(row.story_id);
  }
  // Found once per article and edition's sources and kept READ_ALSO_TTL_MS
  // (a search costs ~15 ms, the page without it well under one); the
  // story and takedown rules are applied again on reading.
  const key = sourceIds.join(',');
  const held = article.keptReadAlso !== undefined ? article.keptReadAlso : await keptReadAlso(db, article.id);
  let ids: number[] | null = null;
  if (held && Date.parse(held.computedAt) > Date.now() - READ_ALSO_TTL_MS) {
    const [sources, list] = held.ids.split('|');
    if (sources === key) ids = list ? list.split(',').map(Number) : [];
  }
  if (ids === null) {
    ids = await relatedArticles(handle, article.id, sourceIds, READ_ALSO_KEPT);
    // Too few related enough: the newest beside it stand in, found now and
    // kept with the others, so that reading the list stays one query.
    if (ids.length < READ_ALSO_KEPT)
      ids.push(...(await newestBeside(handle, article, ids, READ_ALSO_KEPT - ids.length)));
    const row = { ids: `${key}|${ids.join(',')}`, computed_at: new Date().toISOString() };
    await db
      .insertInto('article_read_also')
      .values({ article_id: article.id, ...row })
      .onConflict((oc) => oc.column('article_id').doUpdateSet(row))
      .execute();
  }
  // Only the rows shown are read, and only what the list shows of them: the
  // first `limit` ids, then as many more as the story and takedown rules
  // removed (most often none). Reading every kept id (11) with a list
  // item's columns and lead image cost twice the rest of the page's queries
  // (docs/benchmarks.md, "The site's cold article page").
  const out: ReadAlsoArticle[] = [];
  let next = 0;
  while (out.length < limit && next < ids.length) {
    const batch = ids.slice(next, next + limit - out.length);
    next += batch.length;
    for (const a of await readAlsoRows(db, batch)) {
      if (storyId === null || a.storyId !== storyId) out.push(a);
    }
  }
  return out;
}

/** The kept list of an article, or null. */
async function keptReadAlso(db: ReturnType<typeof dbOf>, id: number): Promise<KeptReadAlso | null> {
  const [row] = await compiledFor(db).run(
    'read-also-kept',
    (arg) =>
      db.selectFrom('article_read_also').select(['ids', 'computed_at']).where('article_id', '=', arg(0)),
    [id],
  );
  return row ? { ids: row.ids, computedAt: row.computed_at } : null;
}

/** These articles as "Lire aussi" shows them, in the order given (missing ones skipped). */
async function readAlsoRows(db: ReturnType<typeof dbOf>, ids: number[]): Promise<ReadAlsoArticle[]> {
  const rows = await compiledFor(db).run(
    `read-also-rows:${ids.length}`,
    (arg) =>
      db
        .selectFrom('articles')
        .select(['id', 'source_id', 'title', 'published_at', 'story_id'])
        .where(
          'id',
          'in',
          ids.map((_, i) => arg(i)),
        ),
    ids,
  );
  return inIdOrder(ids, rows).map((r) => ({
    id: Number(r.id),
    sourceId: Number(r.source_id),
    title: r.title,
    publishedAt: r.published_at,
    storyId: r.story_id === null ? null : Number(r.story_id),
  }));
}

/**
 * The newest articles of the article's source and category, then of its
 * source, other than it and those in `listed`: `count` at most, and a few
 * more for those the story rule removes on reading.
 */
async function newestBeside(
  handle: DbHandle,
  article: { id: number; sourceId: number; category?: string | null },
  listed: number[],
  count: number,
): Promise<number[]> {
  const shown = new Set([article.id, ...listed]);
  const found: number[] = [];
  const narrowest = article.category ? [[article.category], undefined] : [undefined];
  for (const categories of narrowest) {
    const page = await listSiteArticles(
      handle,
      { sourceIds: [article.sourceId], ...(categories ? { categories } : {}) },
      { limit: count + shown.size + 3 },
    );
    for (const a of page.items) {
      if (found.length >= count + 3) return found;
      if (shown.has(a.id)) continue;
      shown.add(a.id);
      found.push(a.id);
    }
  }
  return found;
}

/**
 * Our copies of one source's articles at these publisher URLs (canonical):
 * for the "Lire aussi" links a publisher writes inside a body, which point to
 * its own site (articles_source_url answers it).
 */
export async function articlesAtUrls(
  handle: DbHandle,
  sourceId: number,
  urls: string[],
): Promise<Array<{ url: string; id: number }>> {
  if (!urls.length) return [];
  const rows = await dbOf(handle)
    .selectFrom('articles')
    .select(['id', 'canonical_url'])
    .where('source_id', '=', sourceId)
    .where('canonical_url', 'in', urls)
    .execute();
  return rows.map((r) => ({ url: r.canonical_url as string, id: Number(r.id) }));
}
