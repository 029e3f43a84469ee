// npm run bench:ingest — entries parsed and stored per second, end to end
// (fetch, parse, plan, store; no page extraction), from the fixture press
// server with 500 feeds of 50 entries, and peak memory.
//
// 1. SQLite, in one process, at two store sizes (about 10,000 and 1,000,000
//    articles), to show the cost per entry stays flat.
// 2. PostgreSQL side by side: the same in-process run, then 1, 2 and 4
//    `kiosque worker` processes sharing the database.
//
// The floor is the same 500 feeds fetched by the same client with nothing
// else done, measured in the same run, just before each measurement.
//
// Knobs for experiments: BENCH_ONLY=postgres (the PostgreSQL part alone, its
// table printed, docs/benchmarks.md left as it is), BENCH_WORKERS=1,4,
// BENCH_WORKER_IDLE_MS (100). KIOSQUE_PREPARE_THREADS sets the preparing
// threads of the in-process crawl as it does the command's.
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { finished, launchEnv, launchFlags } from './process.ts';
import { writeReport } from './report.ts';
import { createHttpClient, defaultHttpClientOptions, type HttpClient } from '../src/fetch/index.ts';
import { closeFeedParserPool } from '../src/feeds/index.ts';
import { crawlOnce, Indexer, newWorkerId, setPrepareThreads } from '../src/ingest/index.ts';
import { parseSourcesFile } from '../src/sources/index.ts';
import type { SourceConfig } from '../src/sources/types.ts';
import {
  connectionOf,
  countArticles,
  indexQueueSize,
  openDatabase,
  Store,
  syncSources,
  dbOf,
} from '../src/store/index.ts';
import { silentLogger } from '../src/util/log.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 500);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 50);
const ORIGINS = Number(process.env.BENCH_ORIGINS ?? 25);
const BIG = Number(process.env.BENCH_BIG ?? 1_000_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
/** BENCH_ONLY=postgres: the PostgreSQL part alone (an experiment on it; the SQLite section is left as it is). */
const ONLY = process.env.BENCH_ONLY ?? '';
/**
 * How long an idle worker sleeps before it looks for due feeds again
 * (KIOSQUE_WORKER_IDLE_MS; 5,000 by default in production): short here, so
 * that the workers start on the round's feeds at once.
 */
const WORKER_IDLE_MS = process.env.BENCH_WORKER_IDLE_MS ?? '100';
/** The numbers of worker processes measured on PostgreSQL (BENCH_WORKERS=1,4). */
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const PG_URL =
  process.env.KIOSQUE_BENCH_DATABASE_URL ??
  process.env.KIOSQUE_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const BIN = fileURLToPath(new URL('../bin/kiosque.js', import.meta.url));
const NO_TEASERS = { minWords: 0, endings: [] };

type Row = Record<string, string | number>;

async function startServer(): Promise<{ sourcesYaml: string; allowHosts: string[]; stop: () => void }> {
  const child = fork(new URL('./press-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  const msg = await new Promise<{ sourcesYaml: string; allowHosts: string[] }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { sourcesYaml: string; allowHosts: string[] }));
    child.once('exit', (code) => reject(new Error(`press server exited with ${code}`)));
    child.send({ feeds: FEEDS, entriesPerFeed: ENTRIES, origins: ORIGINS });
  });
  return { ...msg, stop: () => child.disconnect() };
}

const SEED_BODY =
  'Le texte synthétique d’un article de presse, répété pour avoir la taille d’un vrai. '.repeat(8);

function seedRow(sourceId: number, i: number) {
  const t = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
  return {
    source_id: sourceId,
    identity: `guid:seed-${i}`,
    guid: `seed-${i}`,
    canonical_url: `https://seed.example/a/${i}`,
    title: `Titre numéro ${i} de la graine`,
    summary: SEED_BODY.slice(0, 200),
    content_html: `<p>${SEED_BODY}</p>`,
    text: SEED_BODY,
    language: 'fr',
    content_hash: `h${i}`,
    published_at: t,
    published_at_guessed: 0,
    fetched_at: t,
    updated_at: t,
  };
}

/** Fills the store up to `target` articles of a disabled "seed" source. */
async function seed(store: Store, target: number): Promise<void> {
  const now = new Date().toISOString();
  await dbOf(store)
    .insertInto('sources')
    .values({
      slug: 'seed',
      name: 'Seed',
      homepage: 'https://seed.example/',
      language: 'fr',
      timezone: 'Africa/Casablanca',
      mode: 'full',
      enabled: 0,
      settings_json: '{}',
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const { id: sourceId } = await dbOf(store)
    .selectFrom('sources')
    .select('id')
    .where('slug', '=', 'seed')
    .executeTakeFirstOrThrow();
  const have = Number(
    (
      await dbOf(store)
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('source_id', '=', sourceId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const sqlite = connectionOf(store).sqlite;
  if (sqlite) {
    // Straight through better-sqlite3: a million rows in seconds, not minutes.
    const insert = sqlite.prepare(
      `insert into articles (source_id, identity, guid, canonical_url, title, summary, content_html, text, language,
         content_hash, published_at, published_at_guessed, fetched_at, updated_at)
       values (@source_id, @identity, @guid, @canonical_url, @title, @summary, @content_html, @text, @language,
         @content_hash, @published_at, @published_at_guessed, @fetched_at, @updated_at)`,
    );
    const batch = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) insert.run(seedRow(sourceId, i));
    });
    for (let i = have; i < target; i += 20_000) batch(i, Math.min(target, i + 20_000));
    return;
  }
  for (let i = have; i < target; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(target, i + 500); j++) rows.push(seedRow(sourceId, j));
    await dbOf(store).insertInto('articles').values(rows).execute();
  }
}

/** A feed's next_fetch_at that makes it due at once, and one that keeps it from being due. */
const DUE_NOW = '1970-01-01T00:00:00.000Z';
const DUE_NEVER = '2999-01-01T00:00:00.000Z';

/** Forgets the crawled articles, the validators and the entries' prints, so the same feeds are all new again. */
async function resetCrawl(store: Store, due: 'now' | 'later' = 'now'): Promise<void> {
  const crawled = dbOf(store)
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select('articles.id')
    .where('sources.slug', '!=', 'seed');
  await dbOf(store).deleteFrom('article_images').where('article_id', 'in', crawled).execute();
  await dbOf(store)
    .deleteFrom('articles')
    .where('source_id', 'in', dbOf(store).selectFrom('sources').select('id').where('slug', '!=', 'seed'))
    .execute();
  await dbOf(store)
    .updateTable('feeds')
    .set({
      etag: null,
      last_modified: null,
      // What the feeds said is forgotten too: every entry is planned again.
      entry_prints: null,
      retry_after_until: null,
      lease_owner: null,
      lease_until: null,
      next_fetch_at: due === 'now' ? DUE_NOW : DUE_NEVER,
    })
    .execute();
  await dbOf(store).deleteFrom('crawl_hosts').execute();
  await dbOf(store).deleteFrom('index_queue').execute();
  // The story index holds only crawled articles (the seed has none): emptied
  // with them, so each run detects in the same index (left in place, every
  // run added its 25,000 articles to the same days, and runs slowed down).
  await dbOf(store).deleteFrom('story_bands').execute();
  await dbOf(store).deleteFrom('story_signatures').execute();
  await dbOf(store).deleteFrom('story_terms').execute();
  await dbOf(store).deleteFrom('stories').execute();
}

function peakMemory(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** The floor: every feed fetched by the same client, same concurrency, nothing else. */
async function floor(client: HttpClient, feedUrls: string[]): Promise<number> {
  const t0 = performance.now();
  const queue = [...feedUrls];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        const r = await client.fetch({ url, kind: 'feed' });
        if (!r.ok) throw new Error(`floor fetch failed: ${r.error.message}`);
      }
    }),
  );
  return performance.now() - t0;
}

const median = <T>(xs: T[], by: (x: T) => number): T =>
  [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]!;

/** REPEAT in-process crawls of every feed made new again; the median run. */
async function measureInProcess(
  label: string,
  store: Store,
  client: HttpClient,
  feedUrls: string[],
): Promise<Row> {
  // No article pages: this measures feeds to stored entries (bench:extract measures pages).
  if (process.env.KIOSQUE_PREPARE_THREADS) setPrepareThreads(Number(process.env.KIOSQUE_PREPARE_THREADS));
  const indexer = new Indexer(store);
  const deps = {
    store,
    indexer,
    client,
    log: silentLogger,
    workerId: newWorkerId('bench'),
    teaser: NO_TEASERS,
  };
  const runs = [];
  for (let rep = 0; rep < REPEAT; rep++) {
    await resetCrawl(store);
    const floorMs = await floor(client, feedUrls);
    global.gc?.();
    const mem = peakMemory();
    const summary = await crawlOnce(deps, { concurrency: CONCURRENCY });
    const peak = mem.stop();
    if (summary.failed.length) console.error('failed feeds:', summary.failed.slice(0, 5));
    runs.push({ summary, floorMs, peak });
    console.log(
      label,
      `run ${rep + 1}: ${summary.newArticles} entries in ${(summary.durationMs / 1000).toFixed(2)} s`,
    );
  }
  await indexer.stop();
  const { summary, floorMs } = median(runs, (r) => r.summary.durationMs);
  const stored = (await countArticles(store)) - summary.newArticles;
  const secs = summary.durationMs / 1000;
  return {
    store: `${stored.toLocaleString('en')} articles`,
    entries: summary.newArticles,
    seconds: secs.toFixed(2),
    perSecond: Math.round(summary.newArticles / secs),
    usPerEntry: ((secs * 1e6) / summary.newArticles).toFixed(1),
    floorSeconds: (floorMs / 1000).toFixed(2),
    ratioToFloor: (summary.durationMs / floorMs).toFixed(2),
    peakRssMb: Math.round(Math.max(...runs.map((r) => r.peak)) / 1024 / 1024),
    failed: summary.failed.length,
    runs: runs.map((r) => (r.summary.durationMs / 1000).toFixed(2)).join(' / '),
  };
}

/** CPU seconds (user + system) a process has used, all its threads; 0 once gone. */
function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * PostgreSQL's processes on this machine (the server, its backends, its
 * helpers), but for `others`: backends of other clients (another run's
 * tests on the same server).
 */
function postgresPids(others: ReadonlySet<number>): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || others.has(Number(entry))) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * The bench's processes (workers and this one) name their sessions
 * (PGAPPNAME, read by pg): a client backend under another name is not ours.
 */
const APP_NAME = `kiosque_bench_${process.pid}`;
process.env.PGAPPNAME = APP_NAME;
async function otherBackends(store: Store): Promise<Set<number>> {
  const rows = await sql<{ pid: number }>`select pid from pg_stat_activity
    where backend_type = 'client backend' and coalesce(application_name, '') <> ${APP_NAME}`.execute(
    dbOf(store),
  );
  return new Set(rows.rows.map((r) => Number(r.pid)));
}

/** CPU seconds of these processes and of PostgreSQL's, by pid (a backend that ends takes its share with it). */
function cpuSnapshot(pids: number[], others: ReadonlySet<number>): Map<number, number> {
  const snap = new Map<number, number>();
  for (const pid of [...pids, ...postgresPids(others)]) snap.set(pid, cpuSecondsOf(pid));
  return snap;
}

/** The workers' counts of claims, retries and index batches ('crawler round over' lines), summed. */
type Counts = Record<string, number>;
function sumCounts(lines: Counts[]): Counts {
  const sum: Counts = {};
  for (const c of lines) for (const [k, v] of Object.entries(c)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}
function describeCounts(c: Counts): string {
  const n = (k: string) => c[k] ?? 0;
  const batches = n('indexBatches');
  return [
    `feed claims ${n('feedClaims')} (${n('emptyFeedClaims')} empty, ${n('feedsClaimed')} feeds)`,
    `page claims ${n('pageClaims')} (${n('emptyPageClaims')} empty)`,
    `retries: deadlock ${n('deadlockRetries')}, serialization ${n('serializationRetries')}`,
    `index batches ${batches} (mean ${batches ? (n('indexed') / batches).toFixed(1) : '–'} articles; ${n('emptyIndexBatches')} empty)`,
    `indexed without the crawler's words ${n('indexedWithoutWords')} of ${n('indexed')}`,
    `worker threads started ${n('threadsStarted')}`,
  ].join('; ');
}

/**
 * The same crawl by the built command, `kiosque crawl --once`, in a process
 * of its own: what an installation runs, and its whole memory (main thread,
 * worker threads, SQLite) without this benchmark's own.
 */
async function measureCommand(
  label: string,
  store: Store,
  databaseUrl: string,
  env: Record<string, string>,
  client: HttpClient,
  feedUrls: string[],
): Promise<Row> {
  await resetCrawl(store);
  const floorMs = await floor(client, feedUrls);
  // BENCH_NODE_FLAGS: more flags for the command alone (e.g. --cpu-prof, which NODE_OPTIONS refuses).
  const extra = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...launchFlags(), ...extra, BIN, 'crawl', '--once', '--json', '--concurrency', String(CONCURRENCY)],
    {
      env: { ...process.env, ...launchEnv(), ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Its CPU, all threads (read until it ends: the last reading is within 50 ms of the whole).
  let cpu = 0;
  const cpuTimer = setInterval(() => {
    cpu = Math.max(cpu, cpuSecondsOf(child.pid!));
  }, 50);
  const { code, stdout, stderr, peakMb: peak } = await finished(child);
  clearInterval(cpuTimer);
  if (code !== 0) throw new Error(`kiosque crawl --once exited ${code}: ${stderr.slice(-2000)}`);
  const summary = JSON.parse(stdout) as { newArticles: number; durationMs: number; failed: unknown[] };
  const secs = summary.durationMs / 1000;
  console.log(
    label,
    `${summary.newArticles} entries in ${secs.toFixed(2)} s, peak RSS ${Math.round(peak)} MB, CPU ${cpu.toFixed(1)} s (all threads)`,
  );
  const stored = (await countArticles(store)) - summary.newArticles;
  return {
    store: `${stored.toLocaleString('en')} articles, \`kiosque crawl --once\` (own process)`,
    entries: summary.newArticles,
    seconds: secs.toFixed(2),
    perSecond: Math.round(summary.newArticles / secs),
    usPerEntry: ((secs * 1e6) / summary.newArticles).toFixed(1),
    floorSeconds: (floorMs / 1000).toFixed(2),
    ratioToFloor: ((secs * 1000) / floorMs).toFixed(2),
    peakRssMb: Math.round(peak),
    failed: summary.failed.length,
    runs: secs.toFixed(2),
  };
}

/**
 * Lets the worker processes' runs in flight end before a reset: the rhythm
 * polls a feed again within a round, and a run that ends after the reset
 * would write its entries' prints back, so that the next round skips that
 * feed's entries and never reaches its count (seen: 24,950 of 25,000, the
 * round timed out). No feed is due meanwhile, so no new run starts.
 */
async function quiesce(store: Store): Promise<void> {
  await dbOf(store).updateTable('feeds').set({ next_fetch_at: DUE_NEVER }).execute();
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    const held = await dbOf(store)
      .selectFrom('feeds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('lease_owner', 'is not', null)
      .where('lease_until', '>', new Date().toISOString())
      .executeTakeFirstOrThrow();
    if (Number(held.n) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bench: the workers still hold feed leases 120 s after no feed was due');
}

/**
 * Each round deletes and stores 25,000 articles: left to autovacuum, the
 * dead rows piled up (the articles table at 265 MB after a few rounds, for
 * at most 35,000 live rows), and every later round read through them.
 * Vacuumed before each round, outside its CPU.
 */
async function vacuum(store: Store): Promise<void> {
  const tables = await sql<{ tablename: string }>`select tablename from pg_tables
    where schemaname = current_schema()`.execute(dbOf(store));
  for (const t of tables.rows) await sql`vacuum analyze ${sql.id(t.tablename)}`.execute(dbOf(store));
}

async function maxArticleId(store: Store): Promise<number> {
  const r = await sql<{ n: number | null }>`select max(id) as n from articles`.execute(dbOf(store));
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * The articles stored since `afterId`, by the primary key's range: the
 * round's own rows. (A count of the whole table, polled every 50 ms, was a
 * parallel scan of 265 MB each time; its backend's CPU was counted with
 * PostgreSQL's and grew with the round's length, that is with the workers.)
 */
async function countArticlesAfter(store: Store, afterId: number): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from articles where id > ${afterId}`.execute(
    dbOf(store),
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** N `kiosque worker` processes on one database: from "all feeds due" to every entry stored and indexed. */
async function measureWorkers(
  n: number,
  store: Store,
  databaseUrl: string,
  env: Record<string, string>,
  client: HttpClient,
  feedUrls: string[],
): Promise<Row> {
  await resetCrawl(store, 'later');
  const floorMs = await floor(client, feedUrls);
  const workers: ChildProcess[] = [];
  const ready = [];
  /** The workers' 'crawler round over' lines, when they came. */
  const counted: Array<{ at: number; counts: Counts }> = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(
      process.execPath,
      [...launchFlags(), BIN, 'worker', '--concurrency', String(Math.ceil(CONCURRENCY / n))],
      {
        env: {
          ...process.env,
          ...launchEnv(),
          ...env,
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: 'info',
          KIOSQUE_WORKER_IDLE_MS: WORKER_IDLE_MS,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    workers.push(child);
    ready.push(
      new Promise<void>((resolve, reject) => {
        let err = '';
        let partial = '';
        child.stderr!.on('data', (d) => {
          err += d;
          if (err.length > 100_000) err = err.slice(-50_000);
          if (err.includes('crawler started')) resolve();
          const lines = (partial + d).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            if (!line.includes('crawler round over')) continue;
            try {
              counted.push({ at: performance.now(), counts: JSON.parse(line).counts as Counts });
            } catch {
              // not a JSON line
            }
          }
        });
        child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err.slice(-500)}`)));
      }),
    );
  }
  await Promise.all(ready);
  // Two rounds on the same processes: the first warms them (worker threads
  // started, code compiled), the second is measured, as in-process runs are.
  const expected = FEEDS * ENTRIES;
  let ms = 0;
  let stored = 0;
  let cpu = { workers: 0, postgres: 0 };
  let counts: Counts = {};
  const workerPids = workers.map((w) => w.pid!);
  for (const round of ['warm-up', 'measured']) {
    await quiesce(store);
    await resetCrawl(store, 'later');
    await vacuum(store);
    const before = await maxArticleId(store);
    const others = await otherBackends(store);
    const cpuBefore = cpuSnapshot(workerPids, others);
    const t0 = performance.now();
    await dbOf(store).updateTable('feeds').set({ next_fetch_at: DUE_NOW }).execute();
    stored = 0;
    let queued = 0;
    // Stored, and in the story and search indexes (the index queue empty).
    while ((stored < expected || queued > 0) && performance.now() - t0 < 600_000) {
      await new Promise((r) => setTimeout(r, 200));
      stored = await countArticlesAfter(store, before);
      queued = (await indexQueueSize(store)).queued;
    }
    ms = performance.now() - t0;
    // CPU of every process but the press server's and this one's: the
    // workers, and PostgreSQL's backends and helpers.
    const cpuAfter = cpuSnapshot(workerPids, new Set([...others, ...(await otherBackends(store))]));
    const used = (pid: number) => Math.max(0, (cpuAfter.get(pid) ?? 0) - (cpuBefore.get(pid) ?? 0));
    cpu = {
      workers: workerPids.reduce((sum, pid) => sum + used(pid), 0),
      postgres: [...cpuAfter.keys()]
        .filter((pid) => !workerPids.includes(pid))
        .reduce((sum, pid) => sum + used(pid), 0),
    };
    // The workers log their counts once idle (within a second or two: their
    // sleep backs off to 1 s, the indexer waits up to 1 s for a batch).
    for (let waited = 0; waited < 5000; waited += 250) {
      counts = sumCounts(counted.filter((c) => c.at >= t0).map((c) => c.counts));
      if ((counts.indexed ?? 0) >= stored) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(
      `postgres ${n} worker(s), ${round}: ${stored} entries in ${(ms / 1000).toFixed(2)} s, CPU ${cpu.workers.toFixed(1)} s workers + ${cpu.postgres.toFixed(1)} s PostgreSQL\n  ${describeCounts(counts)}`,
    );
  }
  const exits = workers.map((w) => new Promise((resolve) => w.on('close', resolve)));
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(exits);
  return {
    setup: `${n} worker process${n > 1 ? 'es' : ''}`,
    entries: stored,
    seconds: (ms / 1000).toFixed(2),
    perSecond: Math.round(stored / (ms / 1000)),
    floorSeconds: (floorMs / 1000).toFixed(2),
    ratioToFloor: (ms / floorMs).toFixed(2),
    cpuPerThousand: (((cpu.workers + cpu.postgres) * 1000) / stored).toFixed(2),
    cpuWorkers: ((cpu.workers * 1000) / stored).toFixed(2),
    cpuPostgres: ((cpu.postgres * 1000) / stored).toFixed(2),
    claims: `${(counts.feedClaims ?? 0) + (counts.pageClaims ?? 0)} (${(counts.emptyFeedClaims ?? 0) + (counts.emptyPageClaims ?? 0)})`,
    batches: `${counts.indexBatches ?? 0} (${counts.indexBatches ? ((counts.indexed ?? 0) / counts.indexBatches).toFixed(1) : '–'})`,
    withoutWords: counts.indexedWithoutWords ?? 0,
    retries: (counts.deadlockRetries ?? 0) + (counts.serializationRetries ?? 0),
  };
}

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-bench-'));
  const server = await startServer();
  const sourcesPath = join(dir, 'sources.yaml');
  writeFileSync(sourcesPath, server.sourcesYaml);
  const sources: SourceConfig[] = parseSourcesFile(server.sourcesYaml, sourcesPath);
  const client = createHttpClient({
    ...defaultHttpClientOptions({}),
    allowHosts: server.allowHosts,
    hostDelayMs: 0,
  });
  const feedUrls = sources.flatMap((s) => s.feeds.map((f) => f.url));
  await floor(client, feedUrls); // warm robots.txt caches and connections

  // 1. SQLite at two store sizes.
  const sqliteRows: Row[] = [];
  const sqliteStore = new Store(await openDatabase(`sqlite:${join(dir, 'bench.db')}`));
  await syncSources(sqliteStore, sources);
  // The command runs the build (dist/): made now, from src/ as it is
  // (BENCH_NO_BUILD=1: as it is, for an older checkout without a build).
  if (process.env.BENCH_NO_BUILD !== '1') {
    const buildScript = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
    const built = spawnSync(process.execPath, [buildScript], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the build failed: ${built.stderr}`);
  }
  const commandEnv = {
    KIOSQUE_SOURCES: sourcesPath,
    KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','),
    KIOSQUE_HOST_DELAY_MS: '0',
    KIOSQUE_TEASER_MIN_WORDS: '0',
    KIOSQUE_TEASER_ENDINGS: '',
  };
  for (const size of ONLY === 'postgres' ? [] : [SMALL, BIG]) {
    const t = performance.now();
    await seed(sqliteStore, size);
    console.log(`sqlite: seeded to ${size} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    sqliteRows.push(await measureInProcess(`sqlite ${size}`, sqliteStore, client, feedUrls));
    sqliteRows.push(
      await measureCommand(
        `command ${size}`,
        sqliteStore,
        `sqlite:${join(dir, 'bench.db')}`,
        commandEnv,
        client,
        feedUrls,
      ),
    );
  }
  await sqliteStore.close();
  if (ONLY !== 'postgres')
    writeReport(
      'Ingest (`npm run bench:ingest`)',
      `${FEEDS} feeds × ${ENTRIES} entries (RSS 2.0, ~1–2 KB per entry, French and Arabic) from the fixture press server (in its own process, ${ORIGINS} origins on loopback), crawled by \`crawlOnce\` in one process with ${CONCURRENCY} feeds in flight, host delay 0, robots.txt on, on SQLite. End to end: fetch, charset, then in worker threads parse, sanitize, plan and normalise the words, then one transaction per feed (articles, images, feed state, fetch log, the articles queued for the indexes) and the index queue taken in batches of up to 400 in transactions of their own (story detection, search index), the crawl timed until the queue is empty; no article pages (the teaser rule is off here; \`bench:extract\` measures pages). The floor fetches the same ${FEEDS} feeds with the same client and does nothing else, just before each run. ${REPEAT} runs per store size, the median reported; peak RSS is the whole process (crawler, worker threads, SQLite page cache) over all runs, and includes this benchmark's own harness (tsx, the floor's client). The rows marked \`kiosque crawl --once\` are the same crawl by the built command (\`npm run build\`) in a process of its own, with the Node flags and environment \`npm start\` and the deploy files use (\`${launchFlags().join(' ')}\`, ${Object.entries(
        launchEnv(),
      )
        .map(([k, v]) => `\`${k}=${v}\``)
        .join(
          ' ',
        )}), one run: its time from its own summary, its peak RSS from the kernel (VmHWM), which is what an installation needs.`,
      [
        'store before the run',
        'new entries',
        'seconds (median)',
        'entries/s',
        'µs per entry',
        'floor: fetch only (s)',
        'ingest / floor',
        'peak RSS (MB)',
        'failed feeds',
        'the runs (s)',
      ],
      sqliteRows.map((r) => [
        r.store,
        r.entries,
        r.seconds,
        `**${r.perSecond}**`,
        r.usPerEntry,
        r.floorSeconds,
        `${r.ratioToFloor}×`,
        r.peakRssMb,
        r.failed,
        r.runs,
      ]),
    );

  // 2. PostgreSQL: in-process, then 1, 2, 4 worker processes.
  if (await postgresReachable()) {
    const schema = `kiosque_bench_${randomBytes(4).toString('hex')}`;
    const url = new URL(PG_URL);
    url.searchParams.set('schema', schema);
    const pgStore = new Store(await openDatabase(url.toString()));
    try {
      await syncSources(pgStore, sources);
      await seed(pgStore, SMALL);
      const inProcess = await measureInProcess('postgres', pgStore, client, feedUrls);
      const env = {
        KIOSQUE_SOURCES: sourcesPath,
        KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','),
        KIOSQUE_HOST_DELAY_MS: '0',
        // No article pages here either.
        KIOSQUE_TEASER_MIN_WORDS: '0',
        KIOSQUE_TEASER_ENDINGS: '',
        // Each feed polled once a round: a live feed is asked again after
        // 60–90 s, so a round that ran longer (a loaded machine) polled
        // feeds twice and counted that CPU against its entries.
        KIOSQUE_FEED_REQUESTS_PER_HOUR: '1',
      };
      const rows: Row[] = [{ setup: 'in-process crawl (as SQLite above)', ...inProcess }];
      for (const n of WORKER_COUNTS)
        rows.push(await measureWorkers(n, pgStore, url.toString(), env, client, feedUrls));
      const sqliteSmall = sqliteRows[0];
      const one = rows.find((r) => r.setup === '1 worker process');
      if (!sqliteSmall) console.table(rows);
      else
        writeReport(
          'Ingest on PostgreSQL (`npm run bench:ingest`)',
          `The same ${FEEDS} × ${ENTRIES} entries on the local PostgreSQL (same machine, default settings), store seeded to ${SMALL.toLocaleString('en')} articles. First the in-process crawl exactly as on SQLite (SQLite in the same run: **${sqliteSmall.perSecond}** entries/s, ${sqliteSmall.ratioToFloor}× its floor); then N \`kiosque worker\` processes started and idle, all feeds made due at once, timed until every entry is stored and indexed (the index queue empty; a warm-up round, then the measured one). Everything shares the 2 cores: press server, workers, PostgreSQL. CPU: user + system seconds over the measured round of every worker process and every PostgreSQL process (server, helpers, and the backends of this benchmark's sessions, named by PGAPPNAME: another client's are left out), from /proc, per 1,000 entries; the press server and this benchmark's process apart (its polling of the round's rows, every 200 ms by the primary key's range, runs in a backend, a small share counted with PostgreSQL's). The schema's tables are vacuumed before each round (each round deletes and stores 25,000 articles). The workers' counts of claims, retries and index batches are printed per round. On 2 shared cores throughput will not scale; the cost per entry must not climb with more workers (lock waits, deadlock retries, round trips).`,
          [
            'setup',
            'entries',
            'seconds',
            'entries/s',
            'floor: fetch only (s)',
            'ingest / floor',
            'CPU s per 1,000 entries, all processes',
            'of which workers',
            'of which PostgreSQL',
            'CPU per entry / 1 worker',
            'claims, feeds and pages (empty)',
            'index batches (mean articles)',
            "indexed without the crawler's words",
            'deadlock and serialization retries',
          ],
          rows.map((r) => [
            r.setup,
            r.entries,
            r.seconds,
            `**${r.perSecond}**`,
            r.floorSeconds,
            `${r.ratioToFloor}×`,
            r.cpuPerThousand ?? '–',
            r.cpuWorkers ?? '–',
            r.cpuPostgres ?? '–',
            r.cpuPerThousand && one?.cpuPerThousand
              ? `${(Number(r.cpuPerThousand) / Number(one.cpuPerThousand)).toFixed(2)}×`
              : '–',
            r.claims ?? '–',
            r.batches ?? '–',
            r.withoutWords ?? '–',
            r.retries ?? '–',
          ]),
        );
    } finally {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(dbOf(pgStore));
      await pgStore.close();
    }
  } else {
    console.log(`PostgreSQL not reachable at ${PG_URL}: its part of the benchmark is skipped`);
  }

  await client.close();
  await closeFeedParserPool();
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}

await main();
