// The term counts detection weighs terms by (story_terms: how many articles
// of the index have each term), the index's first entry (its size and span
// in time), and on PostgreSQL the advisory locks on a batch's band hashes.
import { sql } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';
import { placeholders, powerRuns, run, valueRows } from '../statements.ts';

/** Keys of the advisory locks on band hashes: (namespace, hash) in PostgreSQL's two-key space. */
const LOCK_NAMESPACE = 0x5354_5259; // 'STRY'
/** Terms a statement at most. */
const TERM_CHUNK = 256;

/**
 * PostgreSQL: one transaction lock per band hash, taken in the order given
 * (sorted: no deadlock). Two batches meet only where they share a hash, and
 * then the later one waits for the earlier one's commit and sees its rows.
 */
export async function lockBandHashes(
  { [KYSELY]: db }: DbHandle,
  sortedHashes: readonly number[],
): Promise<void> {
  if (!sortedHashes.length) return;
  await sql`select count(pg_advisory_xact_lock(${LOCK_NAMESPACE}::int4, h))
    from (select h from unnest(${sortedHashes}::int4[]) as h order by h) sorted`.execute(db);
}

/**
 * Adds a batch's counts to story_terms, one upsert per chunk of the terms
 * (sorted, so concurrent writers lock rows alike); with `returning`, the
 * counts as they now stand (else an empty map).
 */
export async function countTerms(
  { [KYSELY]: db, dialect }: DbHandle,
  sortedTerms: readonly string[],
  counts: ReadonlyMap<string, number>,
  returning: boolean,
): Promise<Map<string, number>> {
  const df = new Map<string, number>();
  for (const part of powerRuns(sortedTerms, TERM_CHUNK, dialect)) {
    const rows = await run<{ term: string; articles: number | string }>(
      db,
      `insert into story_terms (term, articles) values ${valueRows(dialect, part.length, 2)}
        on conflict (term) do update set articles = story_terms.articles + excluded.articles
        ${returning ? 'returning term, articles' : ''}`,
      part.flatMap((term) => [term, counts.get(term) ?? 1]),
    );
    for (const r of rows) df.set(r.term, Number(r.articles));
  }
  return df;
}

/** The counts story_terms holds for these terms (a term it lacks is left out). */
export async function storedTermCounts(
  { [KYSELY]: db, dialect }: DbHandle,
  terms: readonly string[],
): Promise<Map<string, number>> {
  const df = new Map<string, number>();
  for (const part of powerRuns(terms, TERM_CHUNK, dialect)) {
    for (const r of await run<{ term: string; articles: number | string }>(
      db,
      `select term, articles from story_terms where term in (${placeholders(dialect, part.length)})`,
      part,
    ))
      df.set(r.term, Number(r.articles));
  }
  return df;
}

/**
 * The index's first entry: its smallest article id and earliest date (the
 * index holds the last weeks, so they give its size and span); nulls when
 * it is empty.
 */
export async function indexStart({
  [KYSELY]: db,
}: DbHandle): Promise<{ id: number | null; at: string | null }> {
  const [first] = await run<{ id: number | null; at: string | null }>(
    db,
    'select (select min(article_id) from story_signatures) as id, (select min(published_at) from story_signatures) as at',
    [],
  );
  return { id: first?.id == null ? null : Number(first.id), at: first?.at ?? null };
}
