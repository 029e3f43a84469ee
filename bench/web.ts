// npm run bench:web — the reader's site under load, with 1,000,000 articles
// in the database: requests per second and latency (p50, p99) with 100
// connections for 10 s (autocannon), for the article page, the home page and
// a source page, warm (page cache on) and cold (KIOSQUE_PAGE_CACHE=off:
// rendered on every request), and the image proxy warm. The floor is a
// constant ~17 KB string served by the same server process (GET /bench/fixed,
// added by this file to the real buildServer app, through the same hooks),
// measured in the same run; every page is quoted as a ratio to it.
//
// The server runs in a child process (this file with the argument `serve`)
// and autocannon in this one: one core each on the 2-core machine.
//
// The database (SQLite) is built once and kept in $BENCH_WEB_DIR (default
// <tmp>/kiosque-bench-web) for the next run; BENCH_WEB_REBUILD=1 builds it
// again. Six sources (three French, three Arabic), six categories, twenty
// authors, one image per article, titles from word lists, bodies of 2–4 KB,
// published over a year. The search index is left empty for the seeded rows
// (no page here searches; bench/search.ts builds its own database with it).
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config/index.ts';
import { createHttpClient, defaultHttpClientOptions } from '../src/fetch/index.ts';
import { connectionOf, countArticles, openDatabase, Store, dbOf } from '../src/store/index.ts';
import { silentLogger } from '../src/util/log.ts';
import { buildServer } from '../src/web/index.ts';
import { solidJpeg } from '../test/fixtures/press-server/images.ts';
import { writeReport } from './report.ts';

const ARTICLES = Number(process.env.BENCH_WEB_ARTICLES ?? 1_000_000);
const DURATION_S = Number(process.env.BENCH_WEB_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_WEB_CONNECTIONS ?? 100);
const REPEAT = Number(process.env.BENCH_WEB_REPEAT ?? 3);
const DIR = process.env.BENCH_WEB_DIR ?? join(tmpdir(), 'kiosque-bench-web');
/** Changes when the seed below changes, so an old database is not reused. */
const SEED_VERSION = 1;
const FIXED_BODY = `<!DOCTYPE html><html lang="fr"><body>${'<p>Kiosque, le texte fixe du banc d’essai.</p>'.repeat(380)}</body></html>`;

export const SOURCES = [
  { slug: 'le-matin-bench', name: 'Le Matin (banc)', language: 'fr' },
  { slug: 'hespress-fr-bench', name: 'Hespress FR (banc)', language: 'fr' },
  { slug: 'medias24-bench', name: 'Médias24 (banc)', language: 'fr' },
  { slug: 'hespress-ar-bench', name: 'هسبريس (banc)', language: 'ar' },
  { slug: 'alyaoum24-bench', name: 'اليوم 24 (banc)', language: 'ar' },
  { slug: 'assabah-bench', name: 'الصباح (banc)', language: 'ar' },
] as const;
export const CATEGORIES = ['politique', 'economie', 'sport', 'culture', 'monde', 'societe'];
const AUTHORS = Array.from({ length: 20 }, (_, i) => `Auteur ${String.fromCharCode(65 + i)}. Rédaction`);

const WORDS = {
  fr: 'gouvernement parlement Rabat Casablanca Marrakech réforme budget croissance économie investissement port énergie solaire eau sécheresse agriculture récolte football Lions Atlas stade coupe festival cinéma musique patrimoine université étudiants santé hôpital vaccin tourisme aéroport train autoroute ministre conseil région commune élection projet loi décret accord partenariat Afrique Europe exportations phosphates banque inflation emploi jeunes'.split(
    ' ',
  ),
  ar: 'الحكومة البرلمان الرباط الدار البيضاء مراكش إصلاح الميزانية النمو الاقتصاد الاستثمار الميناء الطاقة الشمسية الماء الجفاف الفلاحة المحصول كرة القدم أسود الأطلس الملعب الكأس مهرجان السينما الموسيقى التراث الجامعة الطلبة الصحة المستشفى اللقاح السياحة المطار القطار الطريق السيار الوزير المجلس الجهة الجماعة الانتخابات المشروع القانون المرسوم الاتفاق الشراكة إفريقيا أوروبا الصادرات الفوسفاط البنك التضخم الشغل الشباب'.split(
    ' ',
  ),
};

// ── The database ────────────────────────────────────────────────────────

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export function sentence(lang: 'fr' | 'ar', rand: () => number, words: number): string {
  const list = WORDS[lang];
  const out = [];
  for (let i = 0; i < words; i++) out.push(list[Math.floor(rand() * list.length)]!);
  const text = out.join(' ');
  return lang === 'fr' ? `${text[0]!.toUpperCase()}${text.slice(1)}.` : `${text}.`;
}

/** 300 paragraphs per language (~300 bytes each); an article takes 8–12 of them. */
export function paragraphBank(lang: 'fr' | 'ar'): string[] {
  const rand = rng(lang === 'fr' ? 7 : 11);
  return Array.from({ length: 300 }, () =>
    Array.from({ length: 3 }, () => sentence(lang, rand, 8 + Math.floor(rand() * 6))).join(' '),
  );
}

async function buildDatabase(url: string): Promise<{ seconds: number; reused: boolean }> {
  const marker = join(DIR, `seeded-${SEED_VERSION}-${ARTICLES}`);
  if (existsSync(marker) && !process.env.BENCH_WEB_REBUILD) return { seconds: 0, reused: true };
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const t0 = performance.now();
  const store = new Store(await openDatabase(url));
  const sqlite = connectionOf(store).sqlite;
  if (!sqlite) throw new Error('bench:web builds its database on SQLite');
  const now = new Date().toISOString();
  const insertSource = sqlite.prepare(
    `insert into sources (slug, name, homepage, language, timezone, mode, enabled, settings_json, created_at, updated_at)
     values (?, ?, ?, ?, 'Africa/Casablanca', 'full', 0, '{}', ?, ?)`,
  );
  const sourceIds = SOURCES.map((s) =>
    Number(
      insertSource.run(s.slug, s.name, `https://${s.slug}.example/`, s.language, now, now).lastInsertRowid,
    ),
  );
  const insertArticle = sqlite.prepare(
    `insert into articles (id, source_id, identity, guid, canonical_url, title, summary, content_html, text, author,
       language, category, lead_image_url, content_hash, published_at, published_at_guessed, fetched_at, updated_at)
     values (@id, @source_id, @identity, @guid, @canonical_url, @title, @summary, @content_html, @text, @author,
       @language, @category, @lead_image_url, @content_hash, @published_at, 0, @published_at, @published_at)`,
  );
  const insertImage = sqlite.prepare('insert into images (id, url, first_seen_at) values (?, ?, ?)');
  const linkImage = sqlite.prepare(
    `insert into article_images (article_id, image_id, position, found_in, caption) values (?, ?, 0, 'content', null)`,
  );
  const banks = { fr: paragraphBank('fr'), ar: paragraphBank('ar') };
  const rand = rng(42);
  const start = Date.now() - 365 * 86_400_000;
  const step = (365 * 86_400_000) / ARTICLES;
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let id = from; id < to; id++) {
      const s = id % SOURCES.length;
      const source = SOURCES[s]!;
      const lang = source.language;
      const bank = banks[lang];
      const count = 8 + Math.floor(rand() * 5);
      const paragraphs: string[] = [];
      for (let p = 0; p < count; p++) paragraphs.push(bank[Math.floor(rand() * bank.length)]!);
      const imageUrl = `https://${source.slug}.example/images/${id}.jpg`;
      const publishedAt = new Date(start + id * step).toISOString();
      const title = sentence(lang, rand, 7 + Math.floor(rand() * 5)).slice(0, -1);
      const body = paragraphs.map((p) => `<p>${p}</p>`);
      body.splice(
        1,
        0,
        `<figure><img src="${imageUrl}" alt=""><figcaption>${paragraphs[0]!.slice(0, 60)}</figcaption></figure>`,
      );
      insertImage.run(id, imageUrl, publishedAt);
      insertArticle.run({
        id,
        source_id: sourceIds[s]!,
        identity: `guid:bench-${id}`,
        guid: `bench-${id}`,
        canonical_url: `https://${source.slug}.example/${publishedAt.slice(0, 7).replace('-', '/')}/article-${id}.html`,
        title,
        summary: paragraphs[0]!.slice(0, 240),
        content_html: body.join('\n'),
        text: paragraphs.join('\n\n'),
        author: AUTHORS[id % AUTHORS.length]!,
        language: lang,
        category: CATEGORIES[Math.floor(id / SOURCES.length) % CATEGORIES.length]!,
        lead_image_url: imageUrl,
        content_hash: `bench-${id}`,
        published_at: publishedAt,
      });
      linkImage.run(id, id);
    }
  });
  for (let id = 1; id <= ARTICLES; id += 10_000) {
    batch(id, Math.min(ARTICLES + 1, id + 10_000));
    if ((id - 1) % 100_000 === 0) console.log(`seeding: ${id - 1} articles`);
  }
  sqlite.pragma('analysis_limit = 1000');
  sqlite.exec('analyze');
  await store.close();
  writeFileSync(marker, new Date().toISOString());
  return { seconds: (performance.now() - t0) / 1000, reused: false };
}

// ── The server (child process) ──────────────────────────────────────────

async function serve(): Promise<void> {
  const config = loadConfig(process.env);
  const store = new Store(await openDatabase(process.env.DATABASE_URL!));
  const client = createHttpClient({ ...defaultHttpClientOptions(config), hostDelayMs: 0 });
  const app = await buildServer({
    store,
    log: silentLogger,
    config,
    images: { client, cacheDir: join(DIR, 'image-cache'), hostDelayMs: 0 },
  });
  // The floor: the same app, hooks and all, answering a constant string.
  app.get('/bench/fixed', async (_request, reply) => reply.type('text/html; charset=utf-8').send(FIXED_BODY));
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ port: (app.server.address() as AddressInfo).port });
  process.on('disconnect', async () => {
    await app.close();
    await client.close();
    await store.close();
    process.exit(0);
  });
}

async function startServer(env: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.disconnect();
  await exited;
}

// ── Measuring ───────────────────────────────────────────────────────────

interface Target {
  name: string;
  path: string;
  /** What the page is when the site's own route did not answer 200. */
  note?: string;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytesPerReq: number;
}

async function cannon(url: string, duration = DURATION_S): Promise<Run> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1 });
  await drained(new URL(url).origin);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerReq: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
  };
}

/**
 * Waits until the server answers the fixed route quickly again: requests
 * still queued when autocannon stops (slow cold pages) must not eat into the
 * next run.
 */
async function drained(base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const t0 = performance.now();
    const ok = await status(`${base}/bench/fixed`).then(
      () => true,
      () => false,
    );
    if (ok && performance.now() - t0 < 20) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function status(
  url: string,
): Promise<{ status: number; cache: string | null; location: string | null }> {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(180_000) });
  await res.arrayBuffer();
  return {
    status: res.status,
    cache: res.headers.get('x-kiosque-cache'),
    location: res.headers.get('location'),
  };
}

/** The pages to measure: the site's when they answer, else the API's stand-ins (said in the report). */
async function targets(base: string): Promise<Target[]> {
  const source = SOURCES[0]!;
  // A recent article of the first (French) source: ids go round the sources in order.
  const frId = ARTICLES - (ARTICLES % SOURCES.length) - 10 * SOURCES.length;
  const wanted: Target[] = [
    { name: 'article page', path: `/fr/${source.slug}/${frId}` },
    { name: 'home page', path: '/fr/' },
    { name: 'source page', path: `/fr/${source.slug}` },
  ];
  const standIns: Record<string, string> = {
    'article page': `/api/v1/articles/${frId}`,
    'home page': '/api/v1/articles?limit=40',
    'source page': `/api/v1/articles?source=${source.slug}&limit=20`,
  };
  const out: Target[] = [];
  for (const t of wanted) {
    const s = await status(base + t.path);
    if (s.status === 200) out.push(t);
    else {
      console.log(
        `${t.path} answered ${s.status}${s.location ? ` → ${s.location}` : ''}: measuring ${standIns[t.name]} instead`,
      );
      out.push({ name: t.name, path: standIns[t.name]!, note: `stand-in: ${t.path} answered ${s.status}` });
    }
  }
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Measured {
  target: Target;
  runs: Run[];
  /** Median time of one request alone, before the load. */
  singleMs?: number;
  /** Not loaded: one request alone is over MAX_SINGLE_MS. */
  skipped?: boolean;
}

/** Above this a page's render is too slow to load with 100 connections (the queue would take minutes). */
const MAX_SINGLE_MS = Number(process.env.BENCH_WEB_MAX_SINGLE_MS ?? 200);

/** REPEAT rounds of: the floor, then each page; medians per target. */
async function measureMode(
  mode: 'warm' | 'cold',
  pages: Target[],
  base: string,
): Promise<{ floor: Measured; pages: Measured[] }> {
  const floor: Measured = { target: { name: 'fixed string (floor)', path: '/bench/fixed' }, runs: [] };
  const measured: Measured[] = [];
  for (const target of pages) {
    // One request at a time first: a page whose single render is slow would
    // only pile 100 connections' worth of queue up (minutes), so it is not loaded.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await status(base + target.path);
      times.push(performance.now() - t0);
    }
    const single = median(times);
    console.log(`${mode} ${target.name}: one request alone takes ${single.toFixed(1)} ms`);
    measured.push({ target, runs: [], singleMs: single, skipped: single > MAX_SINGLE_MS });
  }
  for (let rep = 0; rep < REPEAT; rep++) {
    for (const m of [floor, ...measured]) {
      if (m.skipped) continue;
      if (mode === 'warm') await status(base + m.target.path); // fill the page cache first
      const run = await cannon(base + m.target.path);
      m.runs.push(run);
      console.log(
        `${mode} ${m.target.name} run ${rep + 1}: ${Math.round(run.rps)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms${run.non2xx ? `, ${run.non2xx} non-2xx` : ''}${run.errors ? `, ${run.errors} errors` : ''}`,
      );
    }
  }
  return { floor, pages: measured };
}

function row(mode: string, m: Measured, floorRps: number): Array<string | number> {
  const single = m.singleMs === undefined ? '–' : m.singleMs.toFixed(1);
  const name = `${m.target.name}${m.target.note ? ` (${m.target.note})` : ''}`;
  if (m.skipped) {
    const ratio = 1000 / (m.singleMs ?? 1) / floorRps;
    return [
      name,
      `\`${m.target.path}\``,
      mode,
      'not loaded (see one request alone)',
      '–',
      '–',
      `≈ ${ratio.toFixed(3)}× (1 / one request)`,
      '–',
      '–',
      single,
      '–',
    ];
  }
  const rps = median(m.runs.map((r) => r.rps));
  const ratio = rps / floorRps;
  return [
    name,
    `\`${m.target.path}\``,
    mode,
    `**${Math.round(rps)}**`,
    median(m.runs.map((r) => r.p50)),
    median(m.runs.map((r) => r.p99)),
    `${ratio.toFixed(2)}×`,
    Math.round(median(m.runs.map((r) => r.bytesPerReq)) / 1024),
    m.runs.reduce((n, r) => n + r.non2xx + r.errors, 0),
    single,
    m.runs.map((r) => Math.round(r.rps)).join(' / '),
  ];
}

/** A loopback publisher for the image proxy: one JPEG-looking image. */
async function startImageOrigin(): Promise<{ url: string; close: () => Promise<void> }> {
  const jpeg = solidJpeg(1200, 675, [90, 120, 150]);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg', etag: '"bench"' });
    res.end(jpeg);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench.jpg`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const dbUrl = `sqlite:${join(DIR, 'kiosque.db')}`;
  console.log(`database: ${dbUrl} (${ARTICLES.toLocaleString('en')} articles)`);
  const built = await buildDatabase(dbUrl);
  console.log(built.reused ? 'database reused' : `database built in ${built.seconds.toFixed(0)} s`);

  // One image the proxy can fetch, for its warm run.
  const origin = await startImageOrigin();
  const store = new Store(await openDatabase(dbUrl));
  await dbOf(store)
    .insertInto('images')
    .values({ url: origin.url, first_seen_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('url').doNothing())
    .execute();
  const imageId = Number(
    (
      await dbOf(store)
        .selectFrom('images')
        .select('id')
        .where('url', '=', origin.url)
        .executeTakeFirstOrThrow()
    ).id,
  );
  const count = await countArticles(store);
  await store.close();

  const env = { DATABASE_URL: dbUrl, KIOSQUE_ALLOW_HOSTS: '127.0.0.1', LOG_LEVEL: 'silent' };
  const rows: Array<Array<string | number>> = [];
  const summary: string[] = [];

  const warm = await startServer({ ...env, KIOSQUE_PAGE_CACHE: 'on' });
  let pages: Target[];
  let image: Measured;
  let warmResult: Awaited<ReturnType<typeof measureMode>>;
  try {
    // Wake the database's pages up once (first queries read from disk).
    pages = await targets(warm.base);
    for (const t of pages) await cannon(warm.base + t.path, 2);
    warmResult = await measureMode('warm', pages, warm.base);
    const imgPath = `/img/${imageId}`;
    const first = await status(warm.base + imgPath);
    if (first.status !== 200) throw new Error(`${imgPath} answered ${first.status}`);
    image = { target: { name: 'image proxy', path: imgPath }, runs: [] };
    for (let rep = 0; rep < REPEAT; rep++) image.runs.push(await cannon(warm.base + imgPath));
  } finally {
    await stopServer(warm.child);
  }

  const cold = await startServer({ ...env, KIOSQUE_PAGE_CACHE: 'off' });
  let coldResult: Awaited<ReturnType<typeof measureMode>>;
  try {
    // No load to wake it up: a slow cold page would queue for minutes (measureMode times one request first).
    coldResult = await measureMode('cold', pages, cold.base);
  } finally {
    await stopServer(cold.child);
    await origin.close();
  }

  const warmFloor = median(warmResult.floor.runs.map((r) => r.rps));
  const coldFloor = median(coldResult.floor.runs.map((r) => r.rps));
  rows.push(row('warm', warmResult.floor, warmFloor));
  for (const m of warmResult.pages) rows.push(row('warm', m, warmFloor));
  rows.push(row('warm', image, warmFloor));
  rows.push(row('cold', coldResult.floor, coldFloor));
  for (const m of coldResult.pages) rows.push(row('cold', m, coldFloor));

  const article = (r: typeof warmResult) => r.pages.find((m) => m.target.name === 'article page')!;
  const rateOf = (m: Measured) => (m.skipped ? 1000 / (m.singleMs ?? 1) : median(m.runs.map((r) => r.rps)));
  const warmArticle = rateOf(article(warmResult)) / warmFloor;
  const coldArticle = rateOf(article(coldResult)) / coldFloor;
  const loaded = [...warmResult.pages, ...coldResult.pages].filter((m) => !m.skipped);
  const worstP99 = Math.max(...loaded.map((m) => median(m.runs.map((r) => r.p99))));
  const skipped = coldResult.pages.filter((m) => m.skipped).map((m) => m.target.name);
  const floorP99 = Math.max(
    median(warmResult.floor.runs.map((r) => r.p99)),
    median(coldResult.floor.runs.map((r) => r.p99)),
  );
  const coldArticleP99 = median(article(coldResult).runs.map((r) => r.p99));
  summary.push(
    `Targets: warm article page ≥ 0.5× the floor — **${warmArticle.toFixed(2)}×** ${warmArticle >= 0.5 ? 'met' : 'not met'}; cold ≥ 0.2× — **${coldArticle.toFixed(2)}×** ${coldArticle >= 0.2 ? 'met' : 'not met'}; p99 ≤ 25 ms — worst page p99 (median of runs) **${worstP99} ms** ${worstP99 <= 25 ? 'met' : 'not met'} (the fixed string's own p99 in the same run: ${floorP99} ms; the cold article page's: ${coldArticleP99} ms)${skipped.length ? ` (loaded pages only; cold ${skipped.join(', ')} not loaded: one render alone is over ${MAX_SINGLE_MS} ms, see the table)` : ''}.`,
  );

  writeReport(
    'Web (`npm run bench:web`)',
    `${count.toLocaleString('en')} articles in SQLite (${SOURCES.length} sources, French and Arabic, ${CATEGORIES.length} categories, ${AUTHORS.length} authors, one image each, bodies of 2–4 KB, published over a year; ${built.reused ? 'database reused from an earlier run' : `built in ${built.seconds.toFixed(0)} s`}). The real server (\`buildServer\`: compression, CSP hooks, page cache, image proxy) in a child process on 127.0.0.1; autocannon in the parent, ${CONNECTIONS} connections, ${DURATION_S} s per run, no Accept-Encoding (bodies sent uncompressed, like the floor). The floor is \`GET /bench/fixed\`: a constant ${Math.round(Buffer.byteLength(FIXED_BODY) / 1024)} KB string from the same app, measured in the same round. **Warm**: page cache on (each page requested once first, then every request a hit). **Cold**: \`KIOSQUE_PAGE_CACHE=off\`, every request rendered with its queries. ${REPEAT} rounds (floor, then each page), medians reported: requests/s, latency p50 and p99 in ms, ratio to the floor of the same server. The image proxy row: one 1200×675 JPEG, cached (memory layer) after its first request.\n\n${summary.join('\n')}`,
    [
      'what',
      'path',
      'mode',
      'req/s (median)',
      'p50 ms',
      'p99 ms',
      'ratio to floor',
      'KB/response',
      'non-2xx + errors',
      'one request alone (ms)',
      'the runs (req/s)',
    ],
    rows,
  );
}

// (bench/search.ts imports the generator above: run only as a script.)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv[2] === 'serve') await serve();
  else if (process.argv[2] === 'build') {
    // Only the database (it takes minutes), for a later run on a quiet machine.
    mkdirSync(DIR, { recursive: true });
    const built = await buildDatabase(`sqlite:${join(DIR, 'kiosque.db')}`);
    console.log(built.reused ? 'database reused' : `database built in ${built.seconds.toFixed(0)} s`);
  } else await main();
}
