// npm run bench:prepare -- [passes] [feeds.json] — the preparing threads' work
// (prepare.ts: decode, parse, plan, sanitize, the words) over bench:ingest's
// 500 feeds × 50 entries, in this one thread: CPU per entry, and a SHA-256 of
// everything prepared, so a change meant to be faster can show it stores the
// same. The feeds are fetched once from the fixture press server, its clock
// fixed (the same bytes every run). Nothing is written.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { prepareFeed } from '../src/ingest/prepare.ts';
import { startPressServer } from '../test/fixtures/press-server/index.ts';

const PASSES = Number(process.argv[2] ?? 3);
/** Where the fetched feeds are kept (read when it exists, else written): the same input for two builds. */
const FEEDS_FILE = process.argv[3];
const NOW = new Date('2026-12-01T12:00:00Z');
const FETCHED_AT = new Date('2026-12-01T12:05:00Z');

interface FetchedFeed {
  url: string;
  contentType: string | null;
  /** Base64. */
  bytes: string;
  language: string;
  category: string | null;
}

/**
 * The press server listens on new ports each run, and its URLs are in the
 * feeds: to compare two builds' output, fetch once into a file and give both
 * the same file.
 */
async function fetchFeeds(): Promise<FetchedFeed[]> {
  if (FEEDS_FILE && existsSync(FEEDS_FILE)) return JSON.parse(readFileSync(FEEDS_FILE, 'utf8'));
  const server = await startPressServer({
    publications: [],
    now: NOW,
    generated: { feeds: 500, entriesPerFeed: 50, origins: 25, language: 'mixed' },
  });
  const feeds: FetchedFeed[] = [];
  try {
    for (const pub of server.publications) {
      for (const feed of pub.feeds) {
        const res = await fetch(feed.url);
        feeds.push({
          url: feed.url,
          contentType: res.headers.get('content-type'),
          bytes: Buffer.from(await res.arrayBuffer()).toString('base64'),
          language: pub.language,
          category: feed.category ?? null,
        });
      }
    }
  } finally {
    await server.close();
  }
  if (FEEDS_FILE) writeFileSync(FEEDS_FILE, JSON.stringify(feeds));
  return feeds;
}

const jobs = (await fetchFeeds()).map((feed) => ({
  type: 'feed' as const,
  bytes: new Uint8Array(Buffer.from(feed.bytes, 'base64')),
  contentType: feed.contentType,
  parse: { url: feed.url, timezone: 'Africa/Casablanca', now: FETCHED_AT },
  plan: {
    language: feed.language,
    feedCategory: feed.category,
    fetchedAt: FETCHED_AT,
    mode: 'full',
    feedUrl: feed.url,
    teaser: { minWords: 0, endings: [] },
  },
  known: null,
}));

/** Maps, sets, dates and byte arrays spelt out, so the hash covers every field as it crosses to the writer. */
function plain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v === undefined ? { undefined: true } : v;
  if (v instanceof Date) return { date: v.toISOString() };
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [plain(k), plain(x)]) };
  if (v instanceof Set) return { set: [...v].map(plain) };
  if (ArrayBuffer.isView(v))
    return { bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') };
  if (Array.isArray(v)) return v.map(plain);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
}

const hash = createHash('sha256');
let articles = 0;
for (const job of jobs) {
  const prepared = prepareFeed(job);
  articles += prepared.candidates.length;
  hash.update(`${JSON.stringify(plain(prepared))}\n`);
}
console.log(`${jobs.length} feeds, ${articles} articles prepared, sha256 ${hash.digest('hex')}`);

for (let pass = 1; pass <= PASSES; pass++) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (const job of jobs) prepareFeed(job);
  const used = process.cpuUsage(cpu);
  const perEntry = (us: number) => (us / articles).toFixed(0);
  console.log(
    `pass ${pass}: ${perEntry(used.user + used.system)} µs CPU per entry, ${perEntry((performance.now() - t0) * 1000)} µs wall`,
  );
}
