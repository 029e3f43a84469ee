// npm run bench:memory — what the process holds (issue 16), measured on the
// built command (`npm run build`, run here first) in a process of its own:
//
// 1. `kiosque crawl --once` over a hostile press: 2,000 feeds of the fixture
//    press server, among them 30 MB and 9 MB documents, entity bombs,
//    external entities, gzipped feeds and lying charsets. Peak RSS (the
//    kernel's high-water mark, VmHWM, of the whole process: main thread,
//    worker threads, SQLite), time, and the failed feeds by reason.
// 2. `kiosque start` idle after its first crawl of the six built-in
//    publications (what `npm run demo` serves): RSS once the index queue is
//    empty and nothing is due.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPressServer } from '../test/fixtures/press-server/index.ts';
import { finished, launchEnv, launchFlags, memoryOf, watchPeak } from './process.ts';
import { writeReport } from './report.ts';
import { freePort } from '../test/cli/run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/kiosque.js');
const FEEDS = Number(process.env.BENCH_FEEDS ?? 2000);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 20);
const MB = 1024 * 1024;

/** Every 100th feed misbehaves, one way each. */
const FAULTS: Array<{ kind: string; bytes?: number }> = [
  { kind: 'huge', bytes: 30 * MB },
  { kind: 'huge', bytes: 9 * MB },
  { kind: 'xml-bomb' },
  { kind: 'xxe' },
  { kind: 'gzip' },
  { kind: 'wrong-charset' },
  { kind: 'huge', bytes: 12 * MB },
  { kind: 'huge', bytes: 3 * MB },
];

function run(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...launchFlags(), BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...launchEnv(), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function hostileCrawl(dir: string) {
  const press = await startPressServer({
    publications: [],
    generated: { feeds: FEEDS, entriesPerFeed: ENTRIES, origins: 25, language: 'mixed' },
  });
  const width = String(FEEDS).length;
  for (let i = 0; i < FEEDS; i++) {
    const fault = FAULTS[Math.floor(i / 100) % FAULTS.length]!;
    if (i % 100 === 0) press.setFault(`gen-${String(i + 1).padStart(width, '0')}`, fault as never);
  }
  writeFileSync(join(dir, 'sources.yaml'), press.sourcesYaml());
  const child = run(['crawl', '--once', '--json'], {
    DATABASE_URL: `sqlite:${join(dir, 'hostile.db')}`,
    KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
    KIOSQUE_ALLOW_HOSTS: press.allowHosts.join(','),
    KIOSQUE_HOST_DELAY_MS: '0',
    KIOSQUE_TEASER_MIN_WORDS: '0',
    KIOSQUE_TEASER_ENDINGS: '',
  });
  const t0 = performance.now();
  const { code, stdout, stderr, peakMb } = await finished(child, (d) => {
    if (process.env.MEMLOG) process.stderr.write(d);
  });
  const wall = (performance.now() - t0) / 1000;
  await press.close();
  if (code !== 0) throw new Error(`crawl --once exited ${code}: ${stderr.slice(-2000)}`);
  const summary = JSON.parse(stdout) as {
    feeds: number;
    ok: number;
    newArticles: number;
    durationMs: number;
    failed: Array<{ error: { kind: string } }>;
  };
  const byKind = new Map<string, number>();
  for (const f of summary.failed) byKind.set(f.error.kind, (byKind.get(f.error.kind) ?? 0) + 1);
  return {
    feeds: summary.feeds,
    ok: summary.ok,
    failed: [...byKind].map(([k, n]) => `${n} ${k}`).join(', ') || 'none',
    newArticles: summary.newArticles,
    seconds: (summary.durationMs / 1000).toFixed(1),
    wall: wall.toFixed(1),
    peakMb: Math.round(peakMb),
  };
}

async function idleAfterFirstCrawl(dir: string) {
  const press = await startPressServer({});
  writeFileSync(join(dir, 'demo.yaml'), press.sourcesYaml());
  const port = await freePort();
  const child = run(['start'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`,
    KIOSQUE_SOURCES: join(dir, 'demo.yaml'),
    KIOSQUE_ALLOW_HOSTS: press.allowHosts.join(','),
    KIOSQUE_HOST_DELAY_MS: '0',
    KIOSQUE_IMAGE_CACHE: join(dir, 'images'),
  });
  child.stdout!.resume();
  child.stderr!.resume();
  const mem = watchPeak(child);
  // The first crawl is over when the newest articles have not changed for 5 s.
  let last = -1;
  let still = 0;
  const t0 = performance.now();
  while (still < 10 && performance.now() - t0 < 180_000) {
    await new Promise((r) => setTimeout(r, 500));
    // The newest page of the API: it stops changing when nothing new is stored.
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/articles?limit=50`).catch(() => null);
    const total = res?.ok ? (await res.text()).length : -1;
    still = total === last && total > 0 ? still + 1 : 0;
    last = total;
  }
  // Then idle, past the worker threads' idle time (30 s: they end and
  // give their memory back): the median of 10 readings over 5 s.
  await new Promise((r) => setTimeout(r, 35_000));
  const readings: number[] = [];
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 500));
    readings.push(memoryOf(child.pid!)?.rss ?? 0);
  }
  const peak = mem.peak();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('close', resolve));
  await press.close();
  readings.sort((a, b) => a - b);
  return { idleMb: Math.round(readings[5]!), peakMb: Math.round(peak) };
}

async function main() {
  // BENCH_NO_BUILD=1: the command as it is (an older checkout without a build, for a before/after).
  if (process.env.BENCH_NO_BUILD !== '1') {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the build failed: ${built.stderr}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-bench-memory-'));
  try {
    const hostile = await hostileCrawl(dir);
    console.log('hostile crawl', hostile);
    const idle = await idleAfterFirstCrawl(dir);
    console.log('idle', idle);
    writeReport(
      'Memory (`npm run bench:memory`)',
      `The built command (\`npm run build\`, run first) in a process of its own, with the Node flags and environment \`npm start\` and the deploy files use (\`${launchFlags().join(' ')}\`, ${Object.entries(
        launchEnv(),
      )
        .map(([k, v]) => `\`${k}=${v}\``)
        .join(
          ' ',
        )}), measured by the kernel (VmHWM, the peak resident set of the whole process: main thread, worker threads, SQLite's cache). **Hostile crawl**: \`kiosque crawl --once\` over ${FEEDS} feeds of ${ENTRIES} entries from the fixture press server (25 origins on loopback, SQLite, host delay 0), every 100th feed misbehaving in turn: 30 MB, 9 MB, 12 MB and 3 MB documents, an entity bomb, an external entity, a gzipped feed, a lying charset. **Idle**: \`kiosque start\` after its first crawl of the six built-in publications (what the demo serves), once the newest articles have not changed for 5 s, then 35 s more (idle worker threads end after 30 s), the median of 10 readings over 5 s. Targets (issue 16): peak at most 250 MB, idle at most 150 MB.`,
      [
        'what',
        'feeds',
        'ok',
        'failed, by reason',
        'new articles',
        'crawl (s)',
        'peak RSS (MB)',
        'idle RSS (MB)',
      ],
      [
        [
          'hostile crawl',
          hostile.feeds,
          hostile.ok,
          hostile.failed,
          hostile.newArticles,
          hostile.seconds,
          `**${hostile.peakMb}**`,
          '–',
        ],
        ['`kiosque start`, first crawl then idle', 6, '–', '–', '–', '–', idle.peakMb, `**${idle.idleMb}**`],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
