// npm run bench:ingest — entries parsed and stored per second, end to end
// (fetch, parse, plan, store; no page extraction), from the fixture press
// server with 500 feeds of 50 entries, and peak memory. Measured at two store
// sizes (about 10,000 and 1,000,000 articles) to show the cost per entry stays
// flat. The floor is the same 500 feeds fetched by the same client with
// nothing else done, measured in the same run.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpClient, defaultHttpClientOptions } from '../src/fetch/index.ts';
import { closeFeedParserPool } from '../src/feeds/index.ts';
import { crawlOnce, newWorkerId } from '../src/ingest/index.ts';
import { parseSourcesFile } from '../src/sources/index.ts';
import { openDatabase, Store } from '../src/store/index.ts';
import { silentLogger } from '../src/util/log.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 500);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 50);
const ORIGINS = Number(process.env.BENCH_ORIGINS ?? 25);
const BIG = Number(process.env.BENCH_BIG ?? 1_000_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

async function startServer(): Promise<{ sourcesYaml: string; allowHosts: string[]; stop: () => void }> {
  const child = fork(new URL('./press-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  const msg = await new Promise<{ sourcesYaml: string; allowHosts: string[] }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { sourcesYaml: string; allowHosts: string[] }));
    child.once('exit', (code) => reject(new Error(`press server exited with ${code}`)));
    child.send({ feeds: FEEDS, entriesPerFeed: ENTRIES, origins: ORIGINS });
  });
  return { ...msg, stop: () => child.disconnect() };
}

/** Fills the store up to `target` articles of a separate source, fast, straight through SQLite. */
function seed(store: Store, target: number): void {
  const sqlite = store.connection.sqlite!;
  const now = new Date().toISOString();
  sqlite
    .prepare(
      `insert or ignore into sources (slug, name, homepage, language, timezone, mode, enabled, settings_json, created_at, updated_at)
       values ('seed', 'Seed', 'https://seed.example/', 'fr', 'Africa/Casablanca', 'full', 0, '{}', ?, ?)`,
    )
    .run(now, now);
  const sourceId = (sqlite.prepare(`select id from sources where slug = 'seed'`).get() as { id: number }).id;
  const have = (
    sqlite.prepare('select count(*) n from articles where source_id = ?').get(sourceId) as { n: number }
  ).n;
  if (have >= target) return;
  const insert = sqlite.prepare(
    `insert into articles (source_id, identity, guid, canonical_url, title, summary, content_html, text, language,
       content_hash, published_at, fetched_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'fr', ?, ?, ?, ?)`,
  );
  const body = 'Le texte synthétique d’un article de presse, répété pour avoir la taille d’un vrai. '.repeat(
    8,
  );
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const t = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
      insert.run(
        sourceId,
        `guid:seed-${i}`,
        `seed-${i}`,
        `https://seed.example/a/${i}`,
        `Titre numéro ${i} de la graine`,
        body.slice(0, 200),
        `<p>${body}</p>`,
        body,
        `h${i}`,
        t,
        t,
        t,
      );
    }
  });
  for (let i = have; i < target; i += 20_000) batch(i, Math.min(target, i + 20_000));
}

/** Forgets the crawled articles and the validators, so the same feeds are all new again. */
function resetCrawl(store: Store): void {
  const sqlite = store.connection.sqlite!;
  sqlite.exec(`delete from article_images where article_id in (select a.id from articles a join sources s on s.id = a.source_id where s.slug != 'seed');
    delete from articles where source_id in (select id from sources where slug != 'seed');
    update feeds set etag = null, last_modified = null, next_fetch_at = '1970-01-01T00:00:00.000Z', retry_after_until = null;`);
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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-bench-'));
  const server = await startServer();
  const sourcesPath = join(dir, 'sources.yaml');
  writeFileSync(sourcesPath, server.sourcesYaml);
  const sources = parseSourcesFile(server.sourcesYaml, sourcesPath);
  const store = new Store(await openDatabase(`sqlite:${join(dir, 'bench.db')}`));
  await store.syncSources(sources);
  const client = createHttpClient({
    ...defaultHttpClientOptions({}),
    allowHosts: server.allowHosts,
    hostDelayMs: 0,
  });
  const feedUrls = sources.flatMap((s) => s.feeds.map((f) => f.url));
  const deps = { store, client, log: silentLogger, workerId: newWorkerId('bench') };
  const results: Array<Record<string, string | number>> = [];

  // The floor: every feed fetched by the same client, same concurrency, nothing else.
  const floor = async () => {
    const t0 = performance.now();
    const queue = [...feedUrls];
    let bytes = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let url = queue.shift(); url; url = queue.shift()) {
          const r = await client.fetch({ url, kind: 'feed' });
          if (r.ok && !r.notModified) bytes += r.body.length;
          else if (!r.ok) throw new Error(`floor fetch failed: ${r.error.message}`);
        }
      }),
    );
    return { ms: performance.now() - t0, bytes };
  };
  await floor(); // warm robots.txt caches and connections

  for (const [label, size] of [
    ['small', SMALL],
    ['big', BIG],
  ] as const) {
    const s0 = performance.now();
    seed(store, size);
    const seedS = (performance.now() - s0) / 1000;
    // Three runs at each size (the same 25,000 entries made new again each
    // time); the median run is reported, since the machine is shared.
    const runs = [];
    for (let rep = 0; rep < REPEAT; rep++) {
      resetCrawl(store);
      const fl = await floor();
      global.gc?.();
      const mem = peakMemory();
      const summary = await crawlOnce(deps, { concurrency: CONCURRENCY });
      const peak = mem.stop();
      if (summary.failed.length) console.error('failed feeds:', summary.failed.slice(0, 5));
      runs.push({ summary, floorMs: fl.ms, peak });
      console.log(
        label,
        `run ${rep + 1}: ${summary.newArticles} entries in ${(summary.durationMs / 1000).toFixed(2)} s, floor ${(fl.ms / 1000).toFixed(2)} s`,
      );
    }
    runs.sort((a, b) => a.summary.durationMs - b.summary.durationMs);
    const { summary, floorMs } = runs[Math.floor(runs.length / 2)]!;
    const stored = (await store.countArticles()) - summary.newArticles;
    const secs = summary.durationMs / 1000;
    const row = {
      store: `${stored.toLocaleString('en')} articles`,
      entries: summary.newArticles,
      seconds: Number(secs.toFixed(2)),
      perSecond: Math.round(summary.newArticles / secs),
      usPerEntry: Number(((secs * 1e6) / summary.newArticles).toFixed(1)),
      floorSeconds: Number((floorMs / 1000).toFixed(2)),
      ratioToFloor: Number((summary.durationMs / floorMs).toFixed(2)),
      peakRssMb: Math.round(Math.max(...runs.map((r) => r.peak)) / 1024 / 1024),
      seedSeconds: Number(seedS.toFixed(1)),
      failed: summary.failed.length,
      runs: runs.map((r) => (r.summary.durationMs / 1000).toFixed(2)).join(' / '),
    };
    results.push(row);
    console.log(label, row);
  }

  await client.close();
  await closeFeedParserPool();
  await store.close();
  server.stop();
  rmSync(dir, { recursive: true, force: true });
  writeReport(results);
}

function writeReport(rows: Array<Record<string, string | number>>) {
  const path = new URL('../docs/benchmarks.md', import.meta.url);
  let doc = '';
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    doc =
      '# Benchmarks\n\nFigures from `npm run bench…` on the machine named in each section. The machine is shared: expect ±20 % between runs; compare ratios to the floor measured in the same run.\n';
  }
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM (${(freemem() / 2 ** 30).toFixed(0)} GB free), Node ${process.version}, ${process.platform}`;
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const header =
    '| store before the run | new entries | seconds (median) | entries/s | µs per entry | floor: fetch only (s) | ingest / floor | peak RSS (MB) | failed feeds | the three runs (s) |';
  const lines = rows.map(
    (r) =>
      `| ${r.store} | ${r.entries} | ${r.seconds} | **${r.perSecond}** | ${r.usPerEntry} | ${r.floorSeconds} | ${r.ratioToFloor}× | ${r.peakRssMb} | ${r.failed} | ${r.runs} |`,
  );
  const section = [
    '## Ingest (`npm run bench:ingest`)',
    '',
    `Run ${date} UTC on ${machine}.`,
    '',
    `${FEEDS} feeds × ${ENTRIES} entries (RSS 2.0, ~1–2 KB per entry, French and Arabic) from the fixture press server (in its own process, ${ORIGINS} origins on loopback), crawled by \`crawlOnce\` with ${CONCURRENCY} feeds in flight, host delay 0, robots.txt on. End to end: fetch, charset, parse (worker threads), plan, SQLite transaction per feed. The floor fetches the same ${FEEDS} feeds with the same client and does nothing else, just before each run. ${REPEAT} runs per store size, the median reported; peak RSS is the whole process (crawler, parser workers, SQLite page cache of 64 MB) over all runs.`,
    '',
    header,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...lines,
    '',
  ].join('\n');
  const marker = /## Ingest \(`npm run bench:ingest`\)[\s\S]*?(?=\n## |$)/;
  doc = marker.test(doc) ? doc.replace(marker, section) : `${doc.trimEnd()}\n\n${section}`;
  writeFileSync(path, `${doc.trimEnd()}\n`);
  console.log(`written to docs/benchmarks.md`);
}

await main();
