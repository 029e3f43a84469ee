// npm run bench:search — search latency (p50, p99) for one-word, two-word,
// phrase and filtered queries, sorted by relevance and by date, over
// 1,000,000 articles in SQLite (BENCH_SEARCH_ARTICLES) and a smaller archive
// in PostgreSQL (BENCH_SEARCH_PG_ARTICLES, default 200,000: it builds in a
// few minutes), and the cost of one "Lire aussi" call.
//
// What is timed is what GET /api/v1/search does without HTTP: the index
// query (searchArticles), the page's rows (searchHits) and the
// highlighted titles and snippets of the 20 results.
//
// The archive: bench/web.ts's generator (six sources, French and Arabic,
// six categories, bodies of 2–4 KB from a 60-word vocabulary per language,
// so its words are in nearly every article: the worst case for ranking),
// plus three "names" per article drawn from 50,000 made-up words with a
// Zipf law (a few frequent, most rare). Built once into
// $BENCH_SEARCH_DIR (default <tmp>/kiosque-bench-search) and reused.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import {
  CANDIDATES,
  ftsTags,
  highlight,
  indexDocument,
  MULTI_WORD_CANDIDATES,
  normalizeText,
  PHRASE_CANDIDATES,
  type ParsedQuery,
  parseQuery,
  RELATED_CANDIDATES,
  RELATED_DAYS,
  snippet,
} from '../src/search/index.ts';
import {
  openDatabase,
  type SearchRequest,
  readAlso,
  Store,
  searchArticles,
  searchHits,
  dbOf,
  connectionOf,
} from '../src/store/index.ts';
import { writeReport } from './report.ts';
import { CATEGORIES, paragraphBank, rng, SOURCES, sentence } from './web.ts';

const ARTICLES = Number(process.env.BENCH_SEARCH_ARTICLES ?? 1_000_000);
const PG_ARTICLES = Number(process.env.BENCH_SEARCH_PG_ARTICLES ?? 200_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 200);
const DIR = process.env.BENCH_SEARCH_DIR ?? join(tmpdir(), 'kiosque-bench-search');
const PG_URL =
  process.env.KIOSQUE_BENCH_DATABASE_URL ??
  process.env.KIOSQUE_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const SEED_VERSION = 1;
/** SQLite's documents changed apart (2: with their time tags). */
const SQLITE_SEED_VERSION = 2;
const NAMES = 50_000;

/** Made-up proper names: syllables, so the stemmer leaves them whole. */
function names(): string[] {
  const syl = [
    'ka',
    'ri',
    'mo',
    'ta',
    'lu',
    'ben',
    'sa',
    'di',
    'no',
    'zar',
    'fi',
    'ham',
    'el',
    'ou',
    'mar',
    'ya',
  ];
  const out = new Set<string>();
  const rand = rng(99);
  while (out.size < NAMES) {
    let w = '';
    const n = 3 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) w += syl[Math.floor(rand() * syl.length)];
    out.add(w);
  }
  return [...out];
}

/** Zipf(1) over 0..n-1 by inverse CDF on a harmonic table. */
function zipf(n: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1);
    cdf[i] = sum;
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

interface Generated {
  id: number;
  sourceIndex: number;
  title: string;
  summary: string;
  text: string;
  category: string;
  publishedAt: string;
  language: 'fr' | 'ar';
}

function* generate(count: number): Generator<Generated> {
  const banks = { fr: paragraphBank('fr'), ar: paragraphBank('ar') };
  const rand = rng(42);
  const nameList = names();
  const pick = zipf(NAMES, rng(7));
  const start = Date.now() - 365 * 86_400_000;
  const step = (365 * 86_400_000) / count;
  for (let id = 1; id <= count; id++) {
    const s = id % SOURCES.length;
    const lang = SOURCES[s]?.language as 'fr' | 'ar';
    const bank = banks[lang];
    const paragraphs: string[] = [];
    const n = 8 + Math.floor(rand() * 5);
    for (let p = 0; p < n; p++) paragraphs.push(bank[Math.floor(rand() * bank.length)] as string);
    const people = [nameList[pick()], nameList[pick()], nameList[pick()]].join(', ');
    paragraphs.splice(1, 0, `${people}.`);
    const title = `${sentence(lang, rand, 7 + Math.floor(rand() * 5)).slice(0, -1)} ${nameList[pick()]}`;
    yield {
      id,
      sourceIndex: s,
      title,
      summary: (paragraphs[0] as string).slice(0, 240),
      text: paragraphs.join('\n\n'),
      category: CATEGORIES[Math.floor(id / SOURCES.length) % CATEGORIES.length] as string,
      publishedAt: new Date(start + id * step).toISOString(),
      language: lang,
    };
  }
}

async function seedSources(store: Store): Promise<number[]> {
  const now = new Date().toISOString();
  const ids: number[] = [];
  for (const s of SOURCES) {
    const row = await dbOf(store)
      .insertInto('sources')
      .values({
        slug: s.slug,
        name: s.name,
        homepage: `https://${s.slug}.example/`,
        language: s.language,
        timezone: 'Africa/Casablanca',
        mode: 'full',
        enabled: 0,
        settings_json: '{}',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(Number(row.id));
  }
  return ids;
}

async function buildSqlite(url: string): Promise<{ seconds: number; reused: boolean }> {
  const marker = join(DIR, `seeded-${SEED_VERSION}-${SQLITE_SEED_VERSION}-${ARTICLES}`);
  if (existsSync(marker) && !process.env.BENCH_SEARCH_REBUILD) return { seconds: 0, reused: true };
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const t0 = performance.now();
  const store = new Store(await openDatabase(url));
  const sqlite = connectionOf(store).sqlite;
  if (!sqlite) throw new Error('not SQLite');
  const sourceIds = await seedSources(store);
  const insertArticle = sqlite.prepare(
    `insert into articles (id, source_id, identity, title, summary, text, language, category, content_hash,
       published_at, published_at_guessed, fetched_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const insertSearch = sqlite.prepare(
    'insert into article_search (key, article_id, title_norm, lead_norm) values (?, ?, ?, ?)',
  );
  const insertFts = sqlite.prepare('insert into search_fts (rowid, title, body, tags) values (?, ?, ?, ?)');
  const batch = sqlite.transaction((rows: Generated[]) => {
    for (const a of rows) {
      const sourceId = sourceIds[a.sourceIndex] as number;
      insertArticle.run(
        a.id,
        sourceId,
        `guid:${a.id}`,
        a.title,
        a.summary,
        a.text,
        a.language,
        a.category,
        `h${a.id}`,
        a.publishedAt,
        a.publishedAt,
        a.publishedAt,
      );
      // The production document (indexDocument), written with prepared statements.
      const d = indexDocument({ ...a, sourceId });
      insertSearch.run(d.key, d.articleId, d.titleNorm, d.leadNorm);
      insertFts.run(d.key, d.title, d.body, ftsTags(d.tags, d.key));
    }
  });
  let rows: Generated[] = [];
  for (const a of generate(ARTICLES)) {
    rows.push(a);
    if (rows.length === 5000) {
      batch(rows);
      rows = [];
      if (a.id % 100_000 === 0)
        console.log(`sqlite: ${a.id} articles (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  batch(rows);
  // Every document was written with its time tags: date filters read them all.
  sqlite.exec('update search_time_tags set from_key = 0');
  sqlite.exec('analyze');
  await store.close();
  writeFileSync(marker, new Date().toISOString());
  return { seconds: (performance.now() - t0) / 1000, reused: false };
}

const PG_SCHEMA = `kiosque_bench_search_${PG_ARTICLES}_v${SEED_VERSION}`;

async function buildPostgres(): Promise<{ url: string; seconds: number; reused: boolean } | null> {
  const url = new URL(PG_URL);
  url.searchParams.set('schema', PG_SCHEMA);
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
  } catch (err) {
    console.log(`PostgreSQL skipped: ${(err as Error).message}`);
    return null;
  }
  try {
    const done = await client.query(
      `select 1 from information_schema.tables where table_schema = $1 and table_name = 'bench_done'`,
      [PG_SCHEMA],
    );
    if (done.rows.length && !process.env.BENCH_SEARCH_REBUILD)
      return { url: url.toString(), seconds: 0, reused: true };
    await client.query(`drop schema if exists ${PG_SCHEMA} cascade`);
  } finally {
    await client.end();
  }
  const t0 = performance.now();
  const store = new Store(await openDatabase(url.toString()));
  const sourceIds = await seedSources(store);
  let rows: Generated[] = [];
  const flush = async () => {
    if (!rows.length) return;
    const docs = rows.map((a) => ({
      a,
      d: indexDocument({ ...a, sourceId: sourceIds[a.sourceIndex] as number }),
    }));
    await dbOf(store)
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('articles')
          .values(
            docs.map(({ a }) => ({
              id: a.id,
              source_id: sourceIds[a.sourceIndex] as number,
              identity: `guid:${a.id}`,
              title: a.title,
              summary: a.summary,
              text: a.text,
              language: a.language,
              category: a.category,
              content_hash: `h${a.id}`,
              published_at: a.publishedAt,
              published_at_guessed: 0,
              fetched_at: a.publishedAt,
              updated_at: a.publishedAt,
            })),
          )
          .execute();
        await sql`insert into article_search (key, article_id, title_norm, lead_norm, tsv)
          select * from unnest(${docs.map(({ d }) => d.key)}::bigint[], ${docs.map(({ d }) => d.articleId)}::int[],
            ${docs.map(({ d }) => d.titleNorm)}::text[], ${docs.map(({ d }) => d.leadNorm)}::text[],
            ${docs.map(({ d }) => d.tsvector)}::tsvector[])`.execute(trx);
      });
    rows = [];
  };
  for (const a of generate(PG_ARTICLES)) {
    rows.push(a);
    if (rows.length === 500) await flush();
    if (a.id % 50_000 === 0)
      console.log(`postgres: ${a.id} articles (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await flush();
  await sql`select setval(pg_get_serial_sequence('articles', 'id'), ${PG_ARTICLES + 1}, false)`.execute(
    dbOf(store),
  );
  await sql`vacuum analyze`.execute(dbOf(store)).catch(() => {});
  await sql`create table bench_done (at text)`.execute(dbOf(store));
  await store.close();
  return { url: url.toString(), seconds: (performance.now() - t0) / 1000, reused: false };
}

// ── Measuring ───────────────────────────────────────────────────────────

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

interface Kind {
  name: string;
  /** A different query each run (word lists), so no answer is the last one again. */
  make: (i: number) => Omit<SearchRequest, 'limit' | 'sort'>;
}

function kinds(sourceIds: number[], newest: string): Kind[] {
  const nameList = names();
  const frWords =
    'gouvernement parlement réforme budget croissance économie investissement énergie agriculture football festival université santé tourisme ministre élection projet accord exportations banque'.split(
      ' ',
    );
  const arWords =
    'الحكومة البرلمان إصلاح الميزانية الاقتصاد الاستثمار الطاقة الفلاحة الجامعة الصحة السياحة الوزير الانتخابات المشروع البنك'.split(
      ' ',
    );
  const words = [...frWords, ...arWords];
  const q = (s: string): ParsedQuery => parseQuery(s);
  const month = new Date(Date.parse(newest) - 30 * 86_400_000).toISOString();
  return [
    { name: 'one word, frequent', make: (i) => ({ query: q(words[i % words.length] as string) }) },
    // names ranked 1000–5000 of 50,000: tens to a few hundred articles each
    { name: 'one word, rare', make: (i) => ({ query: q(nameList[1000 + ((i * 37) % 4000)] as string) }) },
    {
      name: 'two words',
      make: (i) => ({ query: q(`${frWords[i % frWords.length]} ${nameList[(i * 13) % 300]}`) }),
    },
    {
      name: 'phrase',
      make: (i) => ({
        query: q(`"${frWords[i % frWords.length]} ${frWords[(i * 7 + 3) % frWords.length]}"`),
      }),
    },
    {
      name: 'filtered (source, category, last 30 days)',
      make: (i) => ({
        query: q(frWords[i % frWords.length] as string),
        sourceIds: [sourceIds[(i % 3) * 2] ?? (sourceIds[0] as number)],
        categories: [CATEGORIES[i % CATEGORIES.length] as string],
        from: month,
      }),
    },
  ];
}

async function measure(store: Store, label: string, count: number): Promise<Array<Array<string | number>>> {
  const sourceIds = (await dbOf(store).selectFrom('sources').select('id').orderBy('id').execute()).map((r) =>
    Number(r.id),
  );
  const newest = (
    await dbOf(store)
      .selectFrom('articles')
      .select('published_at')
      .orderBy('published_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
  ).published_at;
  const rows: Array<Array<string | number>> = [];
  for (const kind of kinds(sourceIds, newest)) {
    for (const sort of ['relevance', 'date'] as const) {
      const times: number[] = [];
      let results = 0;
      // A few warm-up queries, then RUNS measured ones.
      for (let i = -5; i < RUNS; i++) {
        const req = { ...kind.make(i + 5), sort, limit: 20 };
        const t = performance.now();
        const found = await searchArticles(store, req);
        const hits = await searchHits(store, found.ids);
        for (const h of hits) {
          highlight(h.title, req.query);
          snippet(h.head || h.summary, req.query);
        }
        const ms = performance.now() - t;
        if (i >= 0) {
          times.push(ms);
          results += hits.length;
        }
      }
      times.sort((a, b) => a - b);
      const row = [
        label,
        count.toLocaleString('en'),
        kind.name,
        sort,
        percentile(times, 50).toFixed(1),
        percentile(times, 99).toFixed(1),
        (results / RUNS).toFixed(1),
      ];
      console.log(row.join(' | '));
      rows.push(row);
    }
  }
  // "Lire aussi" on random article pages of the French edition, none kept
  // from an earlier run (a page keeps its list 6 h in article_read_also).
  await dbOf(store).deleteFrom('article_read_also').execute();
  const french = sourceIds.filter((_, i) => SOURCES[i]?.language === 'fr');
  const times: number[] = [];
  let shown = 0;
  const rand = rng(5);
  for (let i = -5; i < RUNS; i++) {
    // an article of the French edition (ids go round the six sources)
    let id = 1 + Math.floor(rand() * (count - 6));
    while (SOURCES[id % SOURCES.length]?.language !== 'fr') id++;
    const t = performance.now();
    const also = await readAlso(store, { id, sourceId: french[0] as number }, 5, french);
    if (i >= 0) {
      times.push(performance.now() - t);
      shown += also.length;
    }
  }
  times.sort((a, b) => a - b);
  const row = [
    label,
    count.toLocaleString('en'),
    '"Lire aussi" (one call)',
    '—',
    percentile(times, 50).toFixed(1),
    percentile(times, 99).toFixed(1),
    (shown / RUNS).toFixed(1),
  ];
  console.log(row.join(' | '));
  rows.push(row);
  return rows;
}

async function explainRareDate(store: Store): Promise<string> {
  const r = await sql<{ 'QUERY PLAN': string }>`explain analyze select key, article_id from article_search
      where tsv @@ ${`'${normalizeText(names()[3000] as string)}':AB`}::tsquery order by key desc limit 21`.execute(
    dbOf(store),
  );
  return r.rows.map((x) => x['QUERY PLAN']).join('\n');
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const url = `sqlite:${join(DIR, 'kiosque.db')}`;
  console.log(`SQLite: ${url} (${ARTICLES.toLocaleString('en')} articles)`);
  const built = await buildSqlite(url);
  console.log(built.reused ? 'reused' : `built in ${built.seconds.toFixed(0)} s`);
  const store = new Store(await openDatabase(url));
  const rows = await measure(store, 'SQLite', ARTICLES);
  await store.close();

  let pgNote = 'PostgreSQL: not reachable, skipped.';
  if (PG_ARTICLES > 0) {
    const pgBuilt = await buildPostgres();
    if (pgBuilt) {
      console.log(
        pgBuilt.reused ? 'PostgreSQL reused' : `PostgreSQL built in ${pgBuilt.seconds.toFixed(0)} s`,
      );
      const pgStore = new Store(await openDatabase(pgBuilt.url));
      rows.push(...(await measure(pgStore, 'PostgreSQL', PG_ARTICLES)));
      const plan = await explainRareDate(pgStore);
      console.log(plan);
      pgNote = `PostgreSQL: ${PG_ARTICLES.toLocaleString('en')} articles (${pgBuilt.reused ? 'reused' : `built in ${pgBuilt.seconds.toFixed(0)} s`}), schema ${PG_SCHEMA}. The plan of a rare word sorted by date (EXPLAIN ANALYZE):\n\n\`\`\`\n${plan}\n\`\`\``;
      await pgStore.close();
    }
  }
  if (process.env.BENCH_SEARCH_DRY) return;
  writeReport(
    'Search (`npm run bench:search`)',
    `Latency of one search as \`GET /api/v1/search\` computes it without HTTP: the index query (relevance ranks the newest ${CANDIDATES} matches, ${MULTI_WORD_CANDIDATES} with several words, ${PHRASE_CANDIDATES} with a phrase, scored from the index: how many of the query's words the title has; date reads the newest matches and stops), the 20 rows of the page, their highlighted titles and snippets. ${RUNS} queries per kind, each with other words. SQLite: ${ARTICLES.toLocaleString('en')} articles (${built.reused ? 'database reused' : `built with its index in ${built.seconds.toFixed(0)} s`}), six sources, French and Arabic, bodies of 2–4 KB from a 60-word vocabulary per language (every such word is in nearly every article of its language: the worst case for ranking) plus three names per article from 50,000 (Zipf). "Lire aussi": one call of readAlso on a random French article (its key terms, the newest ${RELATED_CANDIDATES} articles of the last ${RELATED_DAYS} days of the edition sharing two of them, scored, then the rows shown). The machine is shared with other work: p99 moves a lot between runs. ${pgNote}`,
    ['backend', 'articles', 'query', 'sort', 'p50 ms', 'p99 ms', 'results per page'],
    rows,
  );
}

await main();
