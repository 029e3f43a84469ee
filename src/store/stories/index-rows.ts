// The story index's rows (migration 0008_stories): each article's terms
// (story_signatures) and the keys it is stored under (story_bands: the
// hashes of its rarest terms, src/stories/signature.ts; keyed by hash
// and publication time), read by band for a run of a batch, written many
// rows a statement, and taken out again with their counts in story_terms.
import {
  type BandRow,
  type BatchArticle,
  rowsByBand,
  runWindow,
  signatureTerms,
} from '../../stories/index.ts';
import { type DbHandle, KYSELY } from '../handle.ts';
import { IN_CHUNK, p, placeholders, powerRuns, run, valueRows } from '../statements.ts';

/** Band rows read per article at most, whatever the bands: a bound on the work. */
const MAX_BAND_ROWS = 4096;
/** Rows per multi-row insert: signatures (4 parameters a row) and bands (3). */
const SIGNATURE_ROWS = 128;
const BAND_ROWS = 256;

/**
 * The band index's rows for a run's bands, from a window before its first
 * article to a window after its last, by hash: one statement over the index
 * for all the bands (an IN list: a UNION of one bounded range per band cost
 * four times as much), at most MAX_BAND_ROWS per article.
 */
export async function bandRows(
  { [KYSELY]: db, dialect }: DbHandle,
  group: readonly { publishedAt: string }[],
  lookups: readonly number[][],
  windowMs: number,
): Promise<Map<number, BandRow[]>> {
  const hashes = [...new Set(lookups.flat())];
  if (!hashes.length) return new Map();
  const { from, to } = runWindow(group, windowMs);
  const limit = MAX_BAND_ROWS * group.length;
  const rows: Array<{ band_hash: number; article_id: number; published_at: string }> = [];
  if (dialect === 'postgres') {
    rows.push(
      ...(await run<{ band_hash: number; article_id: number; published_at: string }>(
        db,
        `select band_hash, article_id, published_at from story_bands
          where band_hash = any($1::int4[]) and published_at >= $2 and published_at <= $3 limit ${limit}`,
        [hashes, from, to],
      )),
    );
  } else {
    for (const part of powerRuns(hashes, IN_CHUNK, dialect)) {
      if (rows.length >= limit) break;
      const n = part.length;
      rows.push(
        ...(await run<{ band_hash: number; article_id: number; published_at: string }>(
          db,
          `select band_hash, article_id, published_at from story_bands
            where band_hash in (${placeholders(dialect, n)})
              and published_at >= ? and published_at <= ? limit ${limit - rows.length}`,
          [...part, from, to],
        )),
      );
    }
  }
  return rowsByBand(
    rows.map((r) => ({
      hash: Number(r.band_hash),
      articleId: Number(r.article_id),
      publishedAt: r.published_at,
    })),
  );
}

/**
 * The terms of indexed articles, and their story as of now (from the
 * article: band rows do not carry it, or a join would rewrite sixteen of
 * them), in one statement per IN_CHUNK articles.
 */
export async function candidateSignatures(
  { [KYSELY]: db, dialect }: DbHandle,
  ids: readonly number[],
): Promise<Map<number, { terms: string[]; sourceId: number; storyId: number | null }>> {
  const out = new Map<number, { terms: string[]; sourceId: number; storyId: number | null }>();
  for (const part of powerRuns(ids, IN_CHUNK, dialect)) {
    const rows = await run<{ article_id: number; terms: string; story_id: number | null; source_id: number }>(
      db,
      dialect === 'postgres'
        ? `select s.article_id, s.terms, a.story_id, a.source_id from story_signatures s left join articles a on a.id = s.article_id
            where s.article_id = any($1::int[])`
        : `select s.article_id, s.terms, a.story_id, a.source_id from story_signatures s left join articles a on a.id = s.article_id
            where s.article_id in (${placeholders(dialect, part.length)})`,
      dialect === 'postgres' ? [part] : part,
    );
    for (const r of rows) {
      out.set(Number(r.article_id), {
        terms: signatureTerms(r.terms),
        sourceId: Number(r.source_id),
        storyId: r.story_id === null ? null : Number(r.story_id),
      });
    }
  }
  return out;
}

/** The batch's signatures (all their terms: weights change as the index moves on, and pruning takes each back out of story_terms) and bands, many rows a statement. */
export async function writeIndexRows(
  { [KYSELY]: db, dialect }: DbHandle,
  prepared: readonly BatchArticle[],
): Promise<void> {
  for (const part of powerRuns(prepared, SIGNATURE_ROWS, dialect)) {
    await run(
      db,
      `insert into story_signatures (article_id, source_id, published_at, terms) values ${valueRows(dialect, part.length, 4)}`,
      part.flatMap((a) => [a.id, a.sourceId, a.publishedAt, a.terms.join(' ')]),
    );
  }
  // In hash order: each row lands in the lookup index next to the last
  // (random hashes cost a B-tree page each).
  const bands = prepared
    .flatMap((a) => a.bands.map((h) => [h, a.publishedAt, a.id] as const))
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  for (const part of powerRuns(bands, BAND_ROWS, dialect)) {
    await run(
      db,
      `insert into story_bands (band_hash, published_at, article_id) values ${valueRows(dialect, part.length, 3)}`,
      part.flat(),
    );
  }
}

/**
 * Takes articles out of the story index: their band rows and signatures go,
 * and their terms are counted out of story_terms, which counts the articles
 * of the index. Call inside a transaction.
 */
export async function dropFromIndex(
  { [KYSELY]: db, dialect }: DbHandle,
  ids: readonly number[],
): Promise<void> {
  const gone = new Map<string, number>();
  for (const part of powerRuns(ids, IN_CHUNK, dialect)) {
    for (const sig of await db
      .selectFrom('story_signatures')
      .select('terms')
      .where('article_id', 'in', part)
      .execute()) {
      for (const t of signatureTerms(sig.terms)) if (t) gone.set(t, (gone.get(t) ?? 0) + 1);
    }
    await db.deleteFrom('story_bands').where('article_id', 'in', part).execute();
    await db.deleteFrom('story_signatures').where('article_id', 'in', part).execute();
  }
  const terms = [...gone.keys()].sort();
  for (const part of powerRuns(terms, 256, dialect)) {
    const whens = part.map((_, k) => `when ${p(dialect, 2 * k + 1)} then ${p(dialect, 2 * k + 2)}`).join(' ');
    await run(
      db,
      `update story_terms set articles = articles - (case term ${whens} else 0 end)
        where term in (${placeholders(dialect, part.length, 2 * part.length + 1)})`,
      [...part.flatMap((t) => [t, gone.get(t) ?? 0]), ...part],
    );
    await db.deleteFrom('story_terms').where('term', 'in', part).where('articles', '<=', 0).execute();
  }
}
