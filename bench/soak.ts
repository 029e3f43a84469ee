// npm run bench:soak — the all-in-one process for ten minutes under readers'
// load while a busy press keeps publishing (issue 19): does its memory stay
// flat, do readers get errors? The built `kiosque start` (launched as `npm
// start` launches it, flags and environment) on SQLite, the fixture press in
// a process of its own (40 publications, one of them publishing an article
// every 2 s), and autocannon here at a fixed rate over the home, an article
// and a source page of each edition. RSS is read from the kernel every 10 s.
//
// BENCH_SOAK_SECONDS (default 600), BENCH_SOAK_RATE (requests a second,
// default 300).
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { launchEnv, launchFlags, memoryOf, startKiosque } from './process.ts';
import { writeReport } from './report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 300);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startPress(): Promise<{ child: ChildProcess; sourcesYaml: string; allowHosts: string[] }> {
  const child = fork(join(ROOT, 'bench/press-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const ready = new Promise<{ sourcesYaml: string; allowHosts: string[] }>((resolve) =>
    child.once('message', (m) => resolve(m as { sourcesYaml: string; allowHosts: string[] })),
  );
  child.send({ feeds: 40, entriesPerFeed: 20, origins: 40, publishEveryMs: 2000 });
  return { child, ...(await ready) };
}

async function main() {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the build failed: ${built.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-soak-'));
  const press = await startPress();
  writeFileSync(join(dir, 'sources.yaml'), press.sourcesYaml);
  const { child: site, base } = await startKiosque(dir, press.allowHosts);
  try {
    // The first crawl, then the pages readers ask for.
    await sleep(15_000);
    const paths: string[] = [];
    for (const edition of ['fr', 'ar']) {
      const home = await (await fetch(`${base}/${edition}/`)).text();
      const article = /href="(\/[a-z]+\/gen-\d+\/\d+)"/.exec(home)?.[1];
      const source = /href="(\/[a-z]+\/gen-\d+)"/.exec(home)?.[1];
      paths.push(`/${edition}/`, ...(article ? [article] : []), ...(source ? [source] : []));
    }
    const samples: Array<{ s: number; rss: number }> = [];
    const t0 = performance.now();
    const sampler = setInterval(() => {
      const m = memoryOf(site.pid!);
      if (m) samples.push({ s: Math.round((performance.now() - t0) / 1000), rss: Math.round(m.rss) });
    }, 10_000);
    const load = await autocannon({
      url: base,
      connections: 20,
      overallRate: RATE,
      duration: SECONDS,
      requests: paths.map((path) => ({ method: 'GET', path })),
    });
    clearInterval(sampler);
    const m = memoryOf(site.pid!);
    const end = m ? Math.round(m.rss) : 0;
    const peak = m ? Math.round(m.hwm) : 0;
    // The curve by minute, and the slope over the second half.
    const byMinute = samples.filter((x) => x.s % 60 < 10);
    const half = samples.filter((x) => x.s >= SECONDS / 2);
    const slope =
      half.length > 1 ? ((half.at(-1)!.rss - half[0]!.rss) / (half.at(-1)!.s - half[0]!.s)) * 60 : Number.NaN;
    const non2xx = load.non2xx + load.errors + load.timeouts;
    console.log({ requests: load.requests.total, non2xx, rps: load.requests.average, end, peak, slope });
    writeReport(
      'Soak (`npm run bench:soak`)',
      `The built \`kiosque start\` (the flags and environment of \`npm start\`: \`${launchFlags().join(' ')}\`, ${Object.entries(
        launchEnv(),
      )
        .map(([k, v]) => `\`${k}=${v}\``)
        .join(
          ' ',
        )}) on SQLite for ${SECONDS / 60} minutes: readers asking ${RATE} pages a second (autocannon, 20 connections; the home, an article and a source page of each edition, page cache on), while the fixture press (40 publications in a process of its own) publishes an article every 2 s and the crawler keeps polling. RSS read from the kernel every 10 s (VmRSS; peak VmHWM). Issue 19: the curve must stay flat.`,
      ['minute', 'RSS (MB)'],
      [
        ...byMinute.map((x) => [Math.round(x.s / 60), x.rss]),
        ['end', end],
        ['peak (VmHWM)', peak],
        ['slope over the second half (MB/min)', Number.isNaN(slope) ? '—' : slope.toFixed(2)],
        ['requests / answered not 2xx or failed', `${load.requests.total} / ${non2xx}`],
        ['requests a second (mean)', Math.round(load.requests.average)],
      ],
    );
  } finally {
    site.kill('SIGTERM');
    await new Promise((resolve) => site.on('close', resolve));
    press.child.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
