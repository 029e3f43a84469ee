// `npm run bench:freshness` — how soon news is visible, and what it costs
// the publishers (issue 18).
//
// A live press in a process of its own (bench/freshness-press.ts): 42
// publications, each on its own origin, publishing at random with mean gaps
// of 3, 10 and 30 minutes (a third each; their feeds' history shows the same
// rhythm), three times as often during a rush in the middle of the run. The
// built `kiosque start` (as `npm start` launches it) on SQLite with the
// default settings crawls them; publish → stored is read from its database
// (`fetched_at`, the moment the article was stored and visible on the next
// page). The floor, in the same run: a poller here that asks every feed
// exactly once a minute and notes when each article first appears in it.
//
// Reported per rhythm: p50, p95 and max of publish → visible, articles not
// seen by the end; feed requests per publication per minute (mean, and the
// busiest publication), and the most requests one publication had at once;
// the crawler process's CPU over the run, as a share of one core.
//
// A third of the publications (BENCH_FRESHNESS_PUSHING, a count) push by
// WebSub through the press's hub, and Kiosque runs with KIOSQUE_WEBSUB=on
// (its own loopback address is where the hub calls back): their rows are
// reported apart from those only polled.
//
// BENCH_FRESHNESS_MINUTES (default 20) of publishing, then
// BENCH_FRESHNESS_GRACE_S (default 300) for the last articles to be found;
// BENCH_FRESHNESS_PUBLICATIONS (default 42; 1000 for the CPU target).
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { FeedRequest, FreshnessPressOptions, Published } from './freshness-press.ts';
import { startKiosque } from './process.ts';
import { writeReport } from './report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MINUTES = Number(process.env.BENCH_FRESHNESS_MINUTES ?? 20);
const GRACE_MS = Number(process.env.BENCH_FRESHNESS_GRACE_S ?? 300) * 1000;
const PUBLICATIONS = Number(process.env.BENCH_FRESHNESS_PUBLICATIONS ?? 42);
const PUSHING = Number(process.env.BENCH_FRESHNESS_PUSHING ?? Math.round(PUBLICATIONS / 3));
const GAPS_S = [180, 600, 1800];
const RUSH = { fromS: MINUTES * 60 * 0.4, toS: MINUTES * 60 * 0.6, factor: 3 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PressReady {
  sourcesYaml: string;
  allowHosts: string[];
  feeds: Array<{ slug: string; origin: string; url: string; pushes: boolean }>;
}

function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  const answer = new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  child.send(message as object);
  return answer;
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

/** Waits until every feed was asked once and the index queue is empty (read from Kiosque's database). */
async function firstCrawlDone(dbPath: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await sleep(5_000);
    try {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      const left = db.prepare('select count(*) as n from feeds where last_fetched_at is null').get() as {
        n: number;
      };
      const queued = db.prepare('select count(*) as n from index_queue').get() as { n: number };
      db.close();
      if (left.n === 0 && queued.n === 0) return;
    } catch {
      // not created yet
    }
    if (Date.now() > end) throw new Error(`the first crawl did not end within ${timeoutMs / 60_000} minutes`);
  }
}

/** The floor: every feed asked exactly once a minute, staggered; first sight of each article link. */
function startFloorPoller(feeds: PressReady['feeds']): { seen: Map<string, number>; stop: () => void } {
  const seen = new Map<string, number>();
  const timers: NodeJS.Timeout[] = [];
  feeds.forEach((feed, i) => {
    const poll = async () => {
      try {
        const xml = await (await fetch(feed.url, { headers: { 'user-agent': 'floor-poller' } })).text();
        const now = Date.now();
        for (const m of xml.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)) {
          const url = m[1]!.replace(/&amp;/g, '&');
          if (!seen.has(url)) seen.set(url, now);
        }
      } catch {
        // a missed poll is a late article, as for any poller
      }
    };
    const first = setTimeout(
      () => {
        void poll();
        timers.push(setInterval(poll, 60_000));
      },
      (i / feeds.length) * 60_000,
    );
    timers.push(first);
  });
  return {
    seen,
    stop: () => {
      for (const t of timers) clearTimeout(t);
    },
  };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

function latencies(log: Published[], arrival: (url: string) => number | undefined, end: number) {
  const out = { delays: [] as number[], unseen: 0 };
  for (const p of log) {
    const at = arrival(p.url);
    if (at === undefined) {
      out.unseen += 1;
      out.delays.push((end - p.at) / 1000); // at least this late
    } else out.delays.push(Math.max(0, (at - p.at) / 1000));
  }
  return out;
}

/** Feed requests per publication per minute over the window, and the most at once for one publication. */
function requestStats(requests: FeedRequest[], origins: string[], from: number, to: number) {
  const minutes = (to - from) / 60_000;
  const perOrigin = origins.map((o) => {
    const mine = requests.filter((r) => r.origin === o && r.startedAt >= from && r.startedAt < to);
    let most = 0;
    for (const r of mine) {
      const end = r.endedAt ?? to;
      const overlapping = mine.filter((q) => q.startedAt < end && (q.endedAt ?? to) > r.startedAt).length;
      most = Math.max(most, overlapping);
    }
    return { perMinute: mine.length / minutes, most };
  });
  return {
    mean: perOrigin.reduce((n, o) => n + o.perMinute, 0) / perOrigin.length,
    busiest: Math.max(...perOrigin.map((o) => o.perMinute)),
    mostAtOnce: Math.max(...perOrigin.map((o) => o.most)),
  };
}

async function main(): Promise<void> {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the build failed: ${built.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-freshness-'));
  const press = fork(join(ROOT, 'bench/freshness-press.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const options: FreshnessPressOptions = {
    publications: PUBLICATIONS,
    gapsS: GAPS_S,
    rush: RUSH,
    pushing: PUSHING,
  };
  const ready = await ask<PressReady>(press, options);
  writeFileSync(join(dir, 'sources.yaml'), ready.sourcesYaml);
  const { child: site, dbPath } = await startKiosque(dir, ready.allowHosts, { KIOSQUE_WEBSUB: 'on' });
  let floor: ReturnType<typeof startFloorPoller> | null = null;
  try {
    // The first crawl (the feeds' history) to its end, every feed asked
    // once and every article indexed, then the news: at 1,000 publications
    // the first crawl takes minutes (robots.txt, then the host delay, on
    // each new origin), and its backlog is not what is measured here.
    await firstCrawlDone(dbPath, 15 * 60_000);
    floor = startFloorPoller(ready.feeds);
    await sleep(60_000); // every feed asked once by the floor before anything new
    const cpu0 = cpuSeconds(site.pid!);
    const from = Date.now();
    // Wall clock of the measured span, to cut a --cpu-prof profile to it.
    console.error(`freshness: measuring from ${new Date(from).toISOString()}`);
    press.send({ type: 'go' });
    await sleep(MINUTES * 60_000);
    press.send({ type: 'stop' });
    const publishingEnded = Date.now();
    await sleep(GRACE_MS);
    const to = Date.now();
    const cpu = cpuSeconds(site.pid!) - cpu0;
    console.error(`freshness: measured to ${new Date(to).toISOString()}`);
    floor.stop();
    const report = await ask<{ log: Published[]; requests: FeedRequest[] }>(press, { type: 'report' });

    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const stored = new Map<string, number>();
    for (const row of db.prepare('select canonical_url as url, fetched_at from articles').all() as Array<{
      url: string;
      fetched_at: string;
    }>)
      stored.set(row.url, Date.parse(row.fetched_at));
    db.close();

    const gapOf = new Map(ready.feeds.map((f, i) => [f.slug, GAPS_S[i % GAPS_S.length]!]));
    const pushes = new Map(ready.feeds.map((f) => [f.slug, f.pushes]));
    // Rows: each rhythm, all, then the pushing and the polled apart.
    type Group = { label: string; has: (slug: string) => boolean };
    const groups: Group[] = [
      ...GAPS_S.map((gap) => ({ label: `every ${gap / 60} min`, has: (s: string) => gapOf.get(s) === gap })),
      { label: '**all**', has: () => true },
      { label: 'pushing (WebSub)', has: (s: string) => pushes.get(s) === true },
      { label: 'polled only', has: (s: string) => pushes.get(s) !== true },
    ];
    const rows: Array<Array<string | number>> = [];
    const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toString() : '–');
    for (const group of groups) {
      const log = report.log.filter((p) => group.has(p.slug));
      const k = latencies(log, (url) => stored.get(url), to);
      const f = latencies(log, (url) => floor!.seen.get(url), to);
      const feedOrigins = ready.feeds.filter((f) => group.has(f.slug)).map((f) => f.origin);
      const kiosque = report.requests.filter((r) => r.agent.startsWith('Kiosque/'));
      const kr = requestStats(kiosque, feedOrigins, from, to);
      const fr = requestStats(
        report.requests.filter((r) => r.agent === 'floor-poller'),
        feedOrigins,
        from,
        to,
      );
      rows.push([
        group.label,
        log.length,
        `${fmt(pct(k.delays, 50))} / **${fmt(pct(k.delays, 95))}** / ${fmt(Math.max(...k.delays))}`,
        k.unseen,
        `${fmt(pct(f.delays, 50))} / ${fmt(pct(f.delays, 95))} / ${fmt(Math.max(...f.delays))}`,
        `${kr.mean.toFixed(2)} (busiest ${kr.busiest.toFixed(2)})`,
        kr.mostAtOnce,
        fr.mean.toFixed(2),
      ]);
    }
    const cores = cpu / ((to - from) / 1000);
    writeReport(
      PUBLICATIONS === 42
        ? 'Freshness (`npm run bench:freshness`)'
        : `Freshness at ${PUBLICATIONS} publications (\`BENCH_FRESHNESS_PUBLICATIONS=${PUBLICATIONS} npm run bench:freshness\`)`,
      `Issue 18. ${PUBLICATIONS} publications of the fixture press, each on its own origin, publishing at random (a Poisson process) with mean gaps of 3, 10 and 30 minutes (a third each; each feed's history shows its rhythm), three times as often from minute ${RUSH.fromS / 60} to ${RUSH.toS / 60} (the rush); ${PUSHING} of them (a third of each rhythm) push by WebSub through the press's hub, and Kiosque runs with \`KIOSQUE_WEBSUB=on\`. ${MINUTES} minutes of publishing, then ${GRACE_MS / 60_000} for the last articles. The built \`kiosque start\` (launched as \`npm start\` launches it) with the default settings on SQLite, measured from the end of its first crawl (every feed asked once, every article indexed). Publish → visible: from the moment the press published an article (its wall clock) to the moment Kiosque stored it (\`fetched_at\`: on the next page). The floor, in the same run: a poller that asks every feed exactly once a minute, first sight of each link. Requests: Kiosque's feed requests per publication per minute over the ${((to - from) / 60_000).toFixed(0)} minutes (told from the floor's by their User-Agent), and the most one publication had from Kiosque at once. Kiosque's CPU over the run: **${(cores * 100).toFixed(1)} %** of one core (${cpu.toFixed(1)} s). Publishing ended ${((to - publishingEnded) / 60_000).toFixed(0)} minutes before the end.`,
      [
        'publications',
        'articles',
        'Kiosque: p50 / p95 / max, s',
        'not seen',
        'floor (every 60 s): p50 / p95 / max, s',
        'Kiosque: feed requests / publication / min',
        'most at once',
        'floor: requests / publication / min',
      ],
      rows,
    );
  } finally {
    floor?.stop();
    site.kill('SIGTERM');
    await new Promise((resolve) => site.once('exit', resolve));
    console.error(`freshness: Kiosque exited at ${new Date().toISOString()}`);
    press.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
