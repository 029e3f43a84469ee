// Writing the search index: one `article_search` row per article, keyed by
// `key` (publication second × 2^21 + the id's low bits: keys sort by
// publication time, which ids do not), with the normalised title and lead
// that "Lire aussi" is scored on, and in PostgreSQL the document as a
// tsvector (GIN); on SQLite the document in `search_fts`, an FTS5 table
// without content (contentless_delete), rowid = key, columns title, body,
// tags (filter tokens and time tags). The normalisation is src/search's,
// the same at ingest and at query time on both backends.
import { sql } from 'kysely';
import {
  type ArticleForIndex,
  ftsTags,
  type IndexText,
  indexDocument,
  type SearchDocument,
} from '../../search/index.ts';
import { type DbHandle, dbOf, KYSELY } from '../handle.ts';

/**
 * (Re)indexes these articles from their stored rows: called in the
 * transaction that wrote or queued them (`handleOn(trx, dialect)`), with the
 * words the crawler computed when it has them.
 */
export async function indexArticles(
  h: DbHandle,
  ids: number[],
  words?: ReadonlyMap<number, { search: IndexText; stored?: Omit<ArticleForIndex, 'text'> }>,
): Promise<Map<number, ArticleForIndex>> {
  // The rows read, returned: story detection, next in the same transaction,
  // needs the same columns of the same articles.
  const read = new Map<number, ArticleForIndex>();
  for (let i = 0; i < ids.length; i += 200) {
    const part = ids.slice(i, i + 200);
    const docs: SearchDocument[] = [];
    // A new article the crawler gave its words and columns for is not read
    // back (its text is only needed to compute words it already has); only
    // whether it is still there (a takedown may have removed it since).
    const unread: number[] = [];
    const given = part.filter((id) => words?.get(id)?.stored);
    const present = given.length
      ? new Set(
          (await dbOf(h).selectFrom('articles').select('id').where('id', 'in', given).execute()).map((r) =>
            Number(r.id),
          ),
        )
      : new Set<number>();
    for (const id of part) {
      const known = words?.get(id);
      if (!known?.stored) {
        unread.push(id);
        continue;
      }
      if (!present.has(id)) continue;
      const a: ArticleForIndex = { ...known.stored, text: null };
      read.set(id, a);
      docs.push(indexDocument(a, known.search));
    }
    const rows = unread.length
      ? await dbOf(h)
          .selectFrom('articles')
          .select(['id', 'source_id', 'title', 'summary', 'text', 'category', 'published_at'])
          .where('id', 'in', unread)
          .execute()
      : [];
    await dbOf(h).deleteFrom('article_search').where('article_id', 'in', part).execute();
    for (const r of rows as Array<{
      id: number;
      source_id: number;
      title: string;
      summary: string | null;
      text: string | null;
      category: string | null;
      published_at: string;
    }>) {
      const a: ArticleForIndex = {
        id: Number(r.id),
        sourceId: Number(r.source_id),
        title: r.title,
        summary: r.summary,
        text: r.text,
        category: r.category,
        publishedAt: r.published_at,
      };
      read.set(a.id, a);
      const known = words?.get(a.id)?.search;
      docs.push(known ? indexDocument(a, known) : indexDocument(a));
    }
    // In key order: FTS5 appends a rowid above the last one cheaply, and
    // flushes its pending terms to disk before one below it (the documents
    // came in id order, which is not publication order: 2.6 times the SQL
    // time, measured in bench:ingest).
    docs.sort((a, b) => a.key - b.key);
    const left = await writeManyDocuments(h, docs);
    for (const doc of left) await writeDocument(h, doc);
  }
  return read;
}

/**
 * The documents in one statement per chunk (on PostgreSQL a round trip each
 * cost the ingest more than story detection did; on SQLite each statement
 * cost its compilation), and on SQLite their full-text rows in one more;
 * returns those whose key was taken, to be written one by one on the next
 * free key.
 */
async function writeManyDocuments(
  { [KYSELY]: db, dialect }: DbHandle,
  docs: readonly SearchDocument[],
): Promise<SearchDocument[]> {
  const left: SearchDocument[] = [];
  for (let i = 0; i < docs.length; i += 100) {
    const chunk: SearchDocument[] = [];
    const keys = new Set<number>();
    for (const doc of docs.slice(i, i + 100)) {
      if (keys.has(doc.key)) left.push(doc);
      else {
        keys.add(doc.key);
        chunk.push(doc);
      }
    }
    const values = sql.join(
      chunk.map((d) =>
        dialect === 'sqlite'
          ? sql`(${d.key}, ${d.articleId}, ${d.titleNorm}, ${d.leadNorm})`
          : sql`(${d.key}, ${d.articleId}, ${d.titleNorm}, ${d.leadNorm}, ${d.tsvector}::tsvector)`,
      ),
    );
    const inserted =
      dialect === 'sqlite'
        ? await sql<{ article_id: number }>`insert into article_search
            (key, article_id, title_norm, lead_norm) values ${values}
            on conflict (key) do nothing returning article_id`.execute(db)
        : await sql<{ article_id: number }>`insert into article_search
            (key, article_id, title_norm, lead_norm, tsv) values ${values}
            on conflict (key) do nothing returning article_id`.execute(db);
    const written = new Set(inserted.rows.map((r) => Number(r.article_id)));
    const done = chunk.filter((doc) => written.has(doc.articleId));
    for (const doc of chunk) if (!written.has(doc.articleId)) left.push(doc);
    if (dialect === 'sqlite' && done.length) {
      const rows = sql.join(
        done.map((d) => sql`(${d.key}, ${d.title}, ${d.body}, ${ftsTags(d.tags, d.key)})`),
      );
      await sql`insert into search_fts (rowid, title, body, tags) values ${rows}`.execute(db);
    }
  }
  return left;
}

async function writeDocument({ [KYSELY]: db, dialect }: DbHandle, doc: SearchDocument): Promise<void> {
  // A taken key (same second, ids 2^21 apart): the next free one.
  for (let key = doc.key; ; key++) {
    const inserted =
      dialect === 'sqlite'
        ? await sql`insert into article_search (key, article_id, title_norm, lead_norm)
            values (${key}, ${doc.articleId}, ${doc.titleNorm}, ${doc.leadNorm})
            on conflict (key) do nothing returning key`.execute(db)
        : await sql`insert into article_search (key, article_id, title_norm, lead_norm, tsv)
            values (${key}, ${doc.articleId}, ${doc.titleNorm}, ${doc.leadNorm}, ${doc.tsvector}::tsvector)
            on conflict (key) do nothing returning key`.execute(db);
    if (!inserted.rows.length) continue;
    if (dialect === 'sqlite') {
      await sql`insert into search_fts (rowid, title, body, tags)
          values (${key}, ${doc.title}, ${doc.body}, ${ftsTags(doc.tags, key)})`.execute(db);
    }
    return;
  }
}
