// npm run bench:stories — story detection: its cost per ingested article
// with 10,000 and with 1,000,000 archived articles (SQLite), and its
// precision and recall on the labeled set of test/fixtures/stories.
//
// The archive is seeded in bulk: the band rows, signatures and term counts
// of its last KIOSQUE_STORY_INDEX_DAYS (30) days, the steady state once
// workers prune the older ones, straight into the tables (as detection
// would have written them), and
// only the articles of the last days as `articles` rows (the rest of the
// archive is reached only through its bands and signatures). Articles
// arrive at a constant rate (BENCH_STORIES_PER_DAY, default 3,000 a day),
// so the 72-hour window holds the same number of articles at any archive
// size: what must stay flat is the cost of finding candidates in it.
// Then BENCH_STORIES_NEW articles (default 400) are stored one by one, each
// in its own transaction, a third of them retelling a recent event in other
// words, and the time of detectStories is measured for each.
//
//   npm run bench:stories                       10,000 and 1,000,000
//   BENCH_STORIES_SIZES=2000 npm run bench:stories   a quick look
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { KEY_TERMS, keyHashes, rarity, sameStory, storyTerms, type TermStats } from '../src/stories/index.ts';
import {
  connectionOf,
  detectStories,
  openDatabase,
  Store,
  syncSources,
  dbOf,
  handleOn,
} from '../src/store/index.ts';
import { labeledPairs, measure } from '../test/stories/labeled.ts';
import { writeReport } from './report.ts';

const SIZES = (process.env.BENCH_STORIES_SIZES ?? '10000,1000000').split(',').map(Number);
const PER_DAY = Number(process.env.BENCH_STORIES_PER_DAY ?? 3000);
const NEW = Number(process.env.BENCH_STORIES_NEW ?? 400);
/** Articles detected before measuring (warm-up). */
const WARM = 100;
/** The batch size of the second measure (the index queue takes up to 400). */
const BATCH = Number(process.env.BENCH_STORIES_BATCH ?? 100);
const CONFIG = loadConfig(process.env);
const SOURCES = 20;
const NOW = Date.UTC(2026, 10, 29, 6, 0);

// A vocabulary of pronounceable words with a long tail, as news has: a few
// hundred frequent words and tens of thousands of rare ones (names, places).
const SYLLABLES =
  'ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu za ze zi zo zu'.split(
    ' ',
  );
const VOCABULARY = 60_000;
function word(k: number): string {
  let s = '';
  let n = k + 7;
  for (let i = 0; i < 3 || n > 0; i++) {
    s += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return s;
}
/** A word of one event only: six letters, so the stemmer's seven-letter prefix keeps it whole. */
function eventWord(k: number): string {
  let s = '';
  let n = k;
  for (let i = 0; i < 5; i++) {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return `q${s}`;
}
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
/** Zipf-like: word k with probability about 1/(k+10). */
function zipf(random: () => number): string {
  return word(Math.floor(Math.exp(random() * Math.log(VOCABULARY + 10)) - 10 + 0.5) % VOCABULARY);
}

interface Text {
  title: string;
  summary: string;
}
/** An article about event `event`: its own five words, told among common and rare words. */
function eventText(event: number, variant: number): Text {
  const r = rng(event * 7919 + variant * 104_729 + 1);
  const own = Array.from({ length: 7 }, (_, i) => eventWord(event * 7 + i));
  const pick = (n: number) => Array.from({ length: n }, () => zipf(r));
  const shuffled = (xs: string[]) => xs.sort(() => r() - 0.5);
  return {
    title: shuffled([...own.slice(0, 3), ...pick(4)]).join(' '),
    summary: shuffled([...own, ...pick(18)]).join(' '),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

async function seed(store: Store, size: number): Promise<{ recentEvents: number[]; firstNewId: number }> {
  const db = connectionOf(store).sqlite;
  if (!db) throw new Error('bench:stories seeds SQLite only');
  const stepMs = (24 * 3_600_000) / PER_DAY;
  const windowMs = CONFIG.storyWindowHours * 3_600_000;
  const materialFrom = Math.max(1, size - Math.ceil((2 * windowMs) / stepMs));
  // Steady state: workers prune the index of what is older than KIOSQUE_STORY_INDEX_DAYS
  // (pruneStoryIndex), so only the last weeks have band rows and signatures.
  const indexFrom = Math.max(1, size - Math.ceil((CONFIG.storyIndexDays * 86_400_000) / stepMs));
  const t0 = performance.now();
  // Band rows are gathered and written in key order at the end (the table is
  // clustered on its key), with the article index built after them.
  db.exec('drop index if exists story_bands_article;');
  const band = db.prepare('insert into story_bands (band_hash, published_at, article_id) values (?, ?, ?)');
  const bandRows: [number, string, number][] = [];
  const signature = db.prepare(
    'insert into story_signatures (article_id, source_id, published_at, terms) values (?, ?, ?, ?)',
  );
  const article = db.prepare(`insert into articles (id, source_id, identity, title, summary, language,
      content_hash, published_at, fetched_at, updated_at) values (?, ?, ?, ?, ?, 'fr', ?, ?, ?, ?)`);
  const df = new Map<string, number>();
  // The index's articles, whose keys are chosen once all are counted.
  const indexed: Array<[number, string, string[]]> = [];
  const recentEvents: number[] = [];
  const batch = db.transaction((from: number, to: number) => {
    for (let id = from; id <= to; id++) {
      // Two articles in three tell an event another article also tells.
      const event = id % 3 === 0 ? id : id - (id % 3);
      const text = eventText(event, id % 3);
      const terms = storyTerms(text);
      const at = iso(NOW - (size - id + 1) * stepMs);
      const sourceId = (id % SOURCES) + 1;
      if (id >= indexFrom) {
        signature.run(id, sourceId, at, terms.join(' '));
        for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
        indexed.push([id, at, terms]);
      }
      if (id >= materialFrom) {
        article.run(id, sourceId, `bench:${id}`, text.title, text.summary, `h${id}`, at, at, at);
        // Events of the last window only: an older one is out of reach by design.
        if (id % 3 === 0 && id >= size - windowMs / stepMs) recentEvents.push(event);
      }
    }
  });
  for (let from = 1; from <= size; from += 50_000) batch(from, Math.min(size, from + 49_999));
  const term = db.prepare('insert into story_terms (term, articles) values (?, ?)');
  db.transaction(() => {
    for (const [t, n] of df) term.run(t, n);
  })();
  const stats: TermStats = { articles: indexed.length, df: (t) => df.get(t) ?? 0 };
  for (const [id, at, terms] of indexed)
    for (const h of keyHashes(terms, (t) => rarity(t, stats))) bandRows.push([h, at, id]);
  bandRows.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[2] - y[2]));
  db.transaction(() => {
    for (const r of bandRows) band.run(...r);
  })();
  db.exec('create index story_bands_article on story_bands (article_id); analyze;');
  console.log(
    `seeded ${size.toLocaleString('en')} archived articles (${bandRows.length.toLocaleString('en')} band rows: the last ${CONFIG.storyIndexDays} days) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { recentEvents, firstNewId: size + 1 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measureSize(size: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-bench-stories-'));
  const store = new Store(await openDatabase(`sqlite:${join(dir, 'bench.db')}`));
  try {
    await syncSources(
      store,
      Array.from({ length: SOURCES }, (_, i) => ({
        slug: `source-${i + 1}`,
        name: `Source ${i + 1}`,
        homepage: `https://s${i + 1}.example/`,
        language: 'fr' as const,
        timezone: 'Africa/Casablanca',
        feeds: [{ url: `https://s${i + 1}.example/feed` }],
        mode: 'full' as const,
        enabled: true,
      })),
    );
    const { recentEvents, firstNewId } = await seed(store, size);
    const stepMs = (24 * 3_600_000) / PER_DAY;
    // The i-th new article: one in three retells a recent event (in its own words); the others are new.
    const row = (i: number) => {
      const id = firstNewId + i;
      const retell = i % 3 === 0 && recentEvents.length > 0;
      const text = retell
        ? eventText(recentEvents[(i * 37) % recentEvents.length]!, 3 + i)
        : eventText(id * 3, 0);
      const at = iso(NOW + i * stepMs);
      return {
        id,
        source_id: (i % SOURCES) + 1,
        identity: `new:${id}`,
        title: text.title,
        summary: text.summary,
        language: 'fr',
        content_hash: `n${id}`,
        published_at_guessed: 0,
        published_at: at,
        fetched_at: at,
        updated_at: at,
      };
    };
    /** Stores articles first..first+n-1 in one transaction and times detectStories over them. */
    const detectBatch = (first: number, n: number) =>
      dbOf(store)
        .transaction()
        .execute(async (trx) => {
          const rows = Array.from({ length: n }, (_, k) => row(first + k));
          await trx.insertInto('articles').values(rows).execute();
          const c = process.cpuUsage();
          const t = performance.now();
          const r = await detectStories(
            handleOn(trx, 'sqlite'),
            rows.map((x) => x.id),
            { now: rows[rows.length - 1]!.published_at, windowHours: CONFIG.storyWindowHours },
          );
          const wall = performance.now() - t;
          const used = process.cpuUsage(c);
          return { wall, cpu: (used.user + used.system) / 1000, joined: r.joined };
        });

    // Warm-up, not counted (the first size measured would otherwise pay for
    // compiling the code): WARM articles far ahead in time, out of the
    // measured articles' window.
    for (let i = 0; i < WARM; i++) await detectBatch(100 * NEW + i, 1);
    // One by one, each in its own transaction: a quiet moment, when the
    // index queue holds one article at a time (the most a batch costs per article).
    const times: number[] = [];
    const cpu: number[] = [];
    let joined = 0;
    for (let i = 0; i < NEW; i++) {
      const r = await detectBatch(i, 1);
      times.push(r.wall);
      cpu.push(r.cpu);
      joined += r.joined;
    }
    // In batches, as the index queue takes them when feeds bring many articles at once.
    let batchWall = 0;
    let batchCpu = 0;
    for (let i = NEW; i < 2 * NEW; i += BATCH) {
      const r = await detectBatch(i, Math.min(BATCH, 2 * NEW - i));
      batchWall += r.wall;
      batchCpu += r.cpu;
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    cpu.sort((a, b) => a - b);
    const result = {
      size,
      batchCpu: batchCpu / NEW,
      batchWall: batchWall / NEW,
      cpu50: percentile(cpu, 50),
      cpuMean: cpu.reduce((a, b) => a + b, 0) / cpu.length,
      mean,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      joined,
    };
    console.log(
      `${size.toLocaleString('en')}: CPU mean ${result.cpuMean.toFixed(2)} ms, p50 ${result.cpu50.toFixed(2)} ms; wall mean ${mean.toFixed(2)} ms, p50 ${result.p50.toFixed(2)}, p95 ${result.p95.toFixed(2)}, p99 ${result.p99.toFixed(2)} ms per article; ${joined}/${NEW} joined a story; in batches of ${BATCH}: CPU ${result.batchCpu.toFixed(2)} ms, wall ${result.batchWall.toFixed(2)} ms per article`,
    );
    return result;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pairs = labeledPairs();
const quality = measure(sameStory, pairs);
const byLanguage = (['fr', 'ar'] as const).map((language) => ({
  language,
  q: measure(
    sameStory,
    pairs.filter((p) => p.a.language === language),
  ),
}));
console.log(
  `labeled set: ${quality.pairs} pairs (${quality.positives} same story): precision ${quality.precision.toFixed(3)}, recall ${quality.recall.toFixed(3)}`,
);

const rows = [];
for (const size of SIZES) rows.push(await measureSize(size));

writeReport(
  'Stories (`npm run bench:stories`)',
  [
    `Story detection per ingested article (the \`detectStories\` call in the index queue's transaction: normalisation, index keys (each article stored under its ${KEY_TERMS} rarest terms, looked up by all of its terms), one IN-list statement over the band index within the ${CONFIG.storyWindowHours}-hour window for all the batch's articles close in time (terms common in the window not looked up), one read of the candidates' terms, term weights, the join or the start, the batch's signatures and bands written many rows a statement), SQLite, ${NEW} articles stored and detected one by one (a quiet moment: the index queue holds one article at a time, the most a batch costs per article), then ${NEW} more in batches of ${BATCH} (as the queue takes them when feeds bring many at once), into an archive of the given size; articles arrive at ${PER_DAY.toLocaleString('en')} a day, so the window holds the same number whatever the size, and the index holds the last ${CONFIG.storyIndexDays} days (workers prune the rest: pruneStoryIndex), so from ${(PER_DAY * CONFIG.storyIndexDays).toLocaleString('en')} articles on its size stops growing. Target: at most 2 ms, flat from 10,000 to 1,000,000. CPU time is the process's own (user + system) during the call: the machine is shared, and wall time includes waiting for a core.`,
    '',
    `Quality on the labeled set (test/fixtures/stories: ${quality.pairs} pairs of title + lead, ${quality.positives} of them the same story; hard negatives are two events of one family — two derbies, two earthquakes, two rate decisions, two statements of one minister): precision **${quality.precision.toFixed(3)}**, recall **${quality.recall.toFixed(3)}** (${byLanguage.map((l) => `${l.language}: ${l.q.precision.toFixed(3)} / ${l.q.recall.toFixed(3)}`).join('; ')}). Targets: precision ≥ 0.9, recall ≥ 0.8. Term frequencies come from the labeled articles among 600 articles of general news (the fixture press server's).`,
  ].join('\n'),
  [
    'archived articles',
    'CPU mean ms',
    'CPU p50 ms',
    'wall mean ms',
    'wall p50 ms',
    'wall p95 ms',
    'wall p99 ms',
    'joined a story',
    `in batches of ${BATCH}: CPU ms per article`,
    'wall ms per article',
  ],
  rows.map((r) => [
    r.size.toLocaleString('en'),
    r.cpuMean.toFixed(2),
    r.cpu50.toFixed(2),
    r.mean.toFixed(2),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.p99.toFixed(2),
    `${r.joined}/${NEW}`,
    r.batchCpu.toFixed(2),
    r.batchWall.toFixed(2),
  ]),
);
